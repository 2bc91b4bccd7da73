"""Phones: at 390 px no page scrolls sideways and the nav hides behind a menu button;
the name fields' autocomplete works from the keyboard (headless Chromium, demo data).

PAGES lists every page walked, with the role that opens it; each is checked in English
and Romanian: the document's scroll width must not exceed the viewport's.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from app import create_app
from app.local_server import serving
from graph.config import Settings
from graph.members.accounts import AccessRole
from graph.store.driver import Store
from tests.support.accounts import PASSWORD, USERS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
V, M, B, A = AccessRole.VISITOR, AccessRole.MEMBER, AccessRole.BROKER, AccessRole.ADMIN
PAGES: list[tuple[AccessRole, str]] = [
    (V, "/"),
    (V, "/orgs"),
    (V, "/orgs?q=timisoara"),
    (V, "/orgs/anbpr"),
    (V, "/orgs/anbpr/network?depth=2"),
    (V, "/path"),
    (V, "/path?from=bj-satu-mare&to=blia"),
    (V, "/path?from=biblioteca&to=blia"),
    (V, "/regions"),
    (V, "/regions/RO?balkan=1"),
    (V, "/regions/RO-TM"),
    (V, "/competences"),
    (V, "/competences/advocacy-training"),
    (V, "/projects"),
    (V, "/projects/partnering-starter"),
    (V, "/metrics"),
    (V, "/login"),
    (V, "/register"),
    (V, "/no-such-page"),
    (M, "/account"),
    (M, "/orgs/blia/edit"),
    (M, "/introductions"),
    (B, "/broker"),
    (B, "/orgs/blia/match?top=5"),
    (B, "/consortium?example=ro-bg-libraries"),
    (B, "/introductions/new?source=blia&target=agenda-21"),
    (A, "/admin/users"),
    (A, "/admin/audit"),
    (A, "/admin/import"),
]


@pytest.fixture(scope="module")
def base_url(settings: Settings, demo_accounts: Store) -> Iterator[str]:
    with serving(create_app(settings, store=demo_accounts)) as url:
        yield url


@pytest.fixture(scope="module")
def phones(browser: Browser, base_url: str) -> Iterator[dict[AccessRole, BrowserContext]]:
    """One phone-sized browser context per role, signed in through the login form."""
    contexts: dict[AccessRole, BrowserContext] = {}
    for role in (V, M, B, A):
        # not is_mobile: a mobile viewport zooms out to fit a too-wide page, hiding the overflow
        context = browser.new_context(viewport=PHONE, locale="en-GB")
        if role is not V:
            page = context.new_page()
            page.goto(f"{base_url}/login")
            page.fill("#username", USERS[role][0])
            page.fill("#password", PASSWORD)
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state()
            assert "/login" not in page.url, f"{role.value} could not sign in"
            page.close()
        contexts[role] = context
    yield contexts
    for context in contexts.values():
        context.close()


def _overflow(page: Page) -> int:
    """How many pixels the document is wider than the viewport (0 when it fits)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


@pytest.mark.parametrize("lang", ["en", "ro"])
def test_no_page_scrolls_sideways_at_390_px(base_url: str, phones: dict[AccessRole, BrowserContext], lang: str) -> None:
    too_wide: dict[str, int] = {}
    for role, path in PAGES:
        page = phones[role].new_page()
        sep = "&" if "?" in path else "?"
        page.goto(f"{base_url}{path}{sep}lang={lang}")
        page.wait_for_load_state("load")
        assert path == "/login" or "/login" not in page.url, path  # each role opens its pages
        if _overflow(page) > 0:
            too_wide[path] = _overflow(page)
        page.close()
    assert not too_wide, f"wider than 390 px ({lang}): {too_wide}"


def test_nav_collapses_behind_a_menu_button(base_url: str, phones: dict[AccessRole, BrowserContext]) -> None:
    page = phones[V].new_page()
    page.goto(f"{base_url}/?lang=en")
    toggle = page.get_by_role("button", name="Menu")
    link = page.get_by_role("link", name="Organisations", exact=True).first
    assert toggle.is_visible() and not link.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and link.is_visible()
    page.keyboard.press("Escape")
    assert not link.is_visible()
    page.close()


def test_wide_screen_shows_the_nav_without_a_button(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}/")
    assert page.get_by_role("link", name="Organisations", exact=True).first.is_visible()
    assert not page.get_by_role("button", name="Menu").is_visible()
    context.close()


def test_autocomplete_from_the_keyboard(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base_url}/path")
    source = page.get_by_role("combobox", name="From (organisation)")
    source.press_sequentially("anbpr", delay=20)
    page.wait_for_selector("#from-suggestions li[role=option]")
    assert source.get_attribute("aria-expanded") == "true"
    source.press("ArrowDown")
    assert source.get_attribute("aria-activedescendant") == "from-suggestions-0"
    source.press("Enter")
    assert source.input_value().startswith("Asociația Națională a Bibliotecarilor")
    target = page.get_by_role("combobox", name="To (organisation)")
    target.press_sequentially("agenda", delay=20)
    page.wait_for_selector("#to-suggestions li[role=option]")
    target.press("ArrowDown")
    target.press("Enter")
    page.get_by_role("button", name="Find paths").click()
    page.wait_for_url("**/path?from=anbpr&to=agenda-21")
    assert page.locator("ol.paths li").count() > 0
    assert not errors, errors
    context.close()
