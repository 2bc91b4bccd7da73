"""In a real browser: register -> admin confirms -> edit profile -> it shows; and the
introduction workflow. The real app is served by werkzeug in a thread on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app import create_app
from app.local_server import serving
from graph.config import Settings
from graph.members.accounts import AccessRole
from graph.readwrite.importer import load_path
from graph.store.driver import Store
from tests.support.accounts import PASSWORD, USERS, make_users
from tests.support.browser import login
from tests.support.graph import DEMO, clear

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(settings: Settings, store: Store) -> Iterator[str]:
    clear(store)
    load_path(store, DEMO)
    make_users(store)
    with serving(create_app(settings, store=store)) as url:
        yield url
    clear(store)


def test_register_confirm_edit_shows(base_url: str, browser) -> None:  # type: ignore[no-untyped-def]
    newcomer = browser.new_context()
    page = newcomer.new_page()
    page.goto(f"{base_url}/register")
    page.fill("#username", "ioana-bjt")
    page.fill("#name", "Ioana Timiș")
    page.fill("#email", "ioana@bjt.example.org")
    page.fill("#password", PASSWORD)
    page.check("input[value=institutional]")
    page.fill("#org", "bj-timis")
    page.click("form.stacked button[type=submit]")
    assert "administrator will confirm" in page.content()
    login(page, base_url, "ioana-bjt")
    assert "not confirmed yet" in page.content()

    admin = browser.new_context().new_page()
    login(admin, base_url, USERS[AccessRole.ADMIN][0])
    admin.goto(f"{base_url}/admin/users")
    admin.click("#user-ioana-bjt button:has-text('Confirm')")
    assert "now represents" in admin.content()

    login(page, base_url, "ioana-bjt")
    page.click("text=My organisation")
    page.fill("#description", "Biblioteca Județeană Timiș: cluburi de lectură, ş şi ţ")
    page.click("#org-form button[type=submit]")
    shown = page.inner_text("#current-profile")
    assert "cluburi de lectură, ş şi ţ" in shown
    newcomer.close()


def test_introduction_workflow_in_browser(base_url: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_context().new_page()
    login(page, base_url, USERS[AccessRole.BROKER][0])
    page.goto(f"{base_url}/introductions/new?source=agenda-21&target=blia")
    page.fill("#note", "Agenda 21 trains BLIA's staff in advocacy")
    page.click("form.stacked button[type=submit]")
    assert page.inner_text("#current-stage") == "proposed"
    for stage in ("contacted", "accepted", "partnership"):
        page.select_option("#status", stage)
        page.click("#stage-form button[type=submit]")
        assert page.inner_text("#current-stage") == stage
    page.fill("#project", "social-services-pilot-norway")
    page.click("#project-form button[type=submit]")
    assert page.inner_text("#current-project").strip()
    page.goto(f"{base_url}/introductions")
    assert "partnership" in page.inner_text("table.introductions")
