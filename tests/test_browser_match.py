"""In headless Chromium: a broker opens BLIA's match page, reads why Agenda 21 fits
(advocacy training), follows "Propose an introduction" to a prefilled form; the
consortium builder loads the example call and proposes consortia."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from app import create_app
from app.local_server import serving
from graph.config import Settings
from graph.members.accounts import AccessRole
from graph.store.driver import Store
from tests.support.accounts import PASSWORD, USERS, make_users

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(settings: Settings, demo_graph: Store) -> Iterator[str]:
    make_users(demo_graph)
    with serving(create_app(settings, store=demo_graph)) as url:
        yield url


@pytest.fixture()
def broker(browser: Browser, base_url: str) -> Iterator[Page]:
    """A page signed in as the broker through the login form; no JavaScript errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base_url}/login")
    page.fill("#username", USERS[AccessRole.BROKER][0])
    page.fill("#password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()
    yield page
    context.close()
    assert not errors, errors


def test_match_to_introduction(broker: Page, base_url: str) -> None:
    broker.goto(f"{base_url}/orgs/blia")
    broker.get_by_role("link", name="Find complementary partners").click()
    broker.wait_for_url("**/orgs/blia/match")
    card = broker.locator("#match-agenda-21")
    card.wait_for()
    needs = card.locator("table.items").first
    assert "Advocacy training" in needs.inner_text()
    assert card.locator("a[href='/competences/advocacy-training']").count() >= 1
    card.get_by_role("link", name="Propose an introduction").click()
    broker.wait_for_url("**/introductions/new?source=blia&target=agenda-21")
    assert broker.input_value("#source") == "Bulgarian Library and Information Association (BLIA)"
    assert broker.input_value("#target").endswith("Agenda 21")


def test_match_filters_from_the_form(broker: Page, base_url: str) -> None:
    broker.goto(f"{base_url}/orgs/blia/match")
    broker.get_by_role("checkbox", name="library").check()
    broker.fill("#top", "3")
    broker.get_by_role("button", name="Find partners").click()
    broker.wait_for_url("**/orgs/blia/match?top=3&kinds=library**")
    kinds = broker.locator("li.match h2 .kind").all_inner_texts()
    assert 0 < len(kinds) <= 3 and set(kinds) == {"library"}


def test_consortium_builder(broker: Page, base_url: str) -> None:
    broker.goto(base_url + "/")
    broker.get_by_role("link", name="Consortium builder").click()
    broker.get_by_role("link", name="Load the example call ro-bg-libraries").click()
    assert broker.input_value("#competences-0-id") == "digital-skills-training"
    broker.get_by_role("button", name="Propose consortia").click()
    first = broker.locator("#consortium-1")
    first.wait_for()
    assert "Weakest point" in first.inner_text()
    assert first.locator("table.coverage tbody tr").count() >= 2
