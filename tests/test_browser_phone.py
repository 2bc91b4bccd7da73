"""Phones: at 390 px the nav hides behind a menu button; the name fields' autocomplete
works from the keyboard (headless Chromium, demo data). That no page scrolls sideways is
checked by the walk of every page (tests/test_browser_walk.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext

from app import create_app
from app.local_server import serving
from graph.config import Settings
from graph.store.driver import Store

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def base_url(settings: Settings, demo_accounts: Store) -> Iterator[str]:
    with serving(create_app(settings, store=demo_accounts)) as url:
        yield url


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Iterator[BrowserContext]:
    """A phone-sized browser context (not is_mobile: that would zoom a too-wide page out)."""
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    yield context
    context.close()


def test_nav_collapses_behind_a_menu_button(base_url: str, phone: BrowserContext) -> None:
    page = phone.new_page()
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
