"""The mapping flow in headless Chromium: upload a Windows-1250 CSV, see and change the
encoding, map columns and an unknown kind, dry run, import, and see the result."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from app import create_app
from app.local_server import serving
from graph.config import Settings
from graph.explore.organisations import get_profile
from graph.members.accounts import AccessRole
from graph.readwrite.importer import load_path
from graph.store.driver import Store
from tests.support.accounts import USERS, make_users
from tests.support.browser import login
from tests.support.graph import DEMO, clear

pytestmark = pytest.mark.browser

CSV = (
    "Denumire;Oraş;Judeţ;Tip\nBiblioteca Judeţeană Arad;Arad;Arad;Bibliotecă\nMuzeul Banatului;Timişoara;Timiş;Muzeu\n"
)


@pytest.fixture(scope="module")
def base_url(settings: Settings, store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    clear(store)
    load_path(store, DEMO)
    make_users(store)
    own = settings.model_copy(update={"data_dir": tmp_path_factory.mktemp("web-imports")})
    with serving(create_app(own, store=store)) as url:
        yield url
    clear(store)


def test_map_check_and_import_a_windows_1250_table(base_url: str, browser: Browser, store: Store) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ro-RO")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, base_url, USERS[AccessRole.ADMIN][0])
    page.goto(f"{base_url}/admin/import")
    page.set_input_files(
        "#table", files=[{"name": "parteneri.csv", "mimeType": "text/csv", "buffer": CSV.encode("cp1250")}]
    )
    page.select_option("#shape", "organisations")
    page.click("#upload-form button[type=submit]")

    preview = page.locator("table.preview")
    expect(preview).to_contain_text("Biblioteca Judeţeană Arad")  # cedilla, as typed
    expect(page.locator("#encoding")).to_have_value("cp1250")
    page.select_option("#encoding", "iso-8859-16")
    page.click("button[value=preview]")
    expect(preview).to_contain_text("Biblioteca Județeană Arad")  # the same bytes read as comma-below
    page.select_option("#encoding", "cp1250")
    page.click("button[value=preview]")

    expect(page.locator("#col-name")).to_have_value("Denumire")
    expect(page.locator("#col-county")).to_have_value("Judeţ")
    page.click("button[value=check]")
    expect(page.locator("table.errors")).to_contain_text("Muzeu")
    page.select_option("select[name='kind:Muzeu']", "other")
    page.click("button[value=check]")
    expect(page.locator("#checked")).to_be_visible()

    page.click("button[value=import]")
    expect(page.locator("#imported")).to_contain_text("2 organisations", timeout=20_000)
    assert get_profile(store, "muzeul-banatului-timisoara").region.id == "RO-TM"  # type: ignore[union-attr]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # fits a phone
    assert errors == []
    context.close()
