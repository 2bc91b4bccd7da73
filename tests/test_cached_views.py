"""Cached views on the real app and graph: an edit through the app, or by another
process on the same data directory, is seen at once; a write by a process with another
data directory within the TTL; city search in Cypher."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from flask.testing import FlaskClient

from app import create_app
from graph.config import Settings
from graph.explore.counts import stats
from graph.explore.search import SearchFilters, search_orgs
from graph.members.accounts import AccessRole, get_account
from graph.members.editing import update_org
from graph.members.introductions import propose
from graph.store.cache import TTL_SECONDS
from graph.store.driver import Store
from graph.text import normalise
from tests.support.accounts import USERS, demo_web, sign_in
from tests.support.graph import ROOT


@pytest.fixture()
def web(settings: Settings, store: Store) -> FlaskClient:
    return demo_web(settings, store)


def test_an_edit_through_the_app_shows_at_once(web: FlaskClient, store: Store) -> None:
    before = web.get("/api/stats").get_json()
    assert web.get("/api/stats").get_json() == before
    assert stats.cache_for(store).computations >= 1  # type: ignore[attr-defined]
    computed = stats.cache_for(store).computations  # type: ignore[attr-defined]
    web.get("/")
    assert stats.cache_for(store).computations == computed  # served from the cache

    sign_in(web, AccessRole.BROKER)
    assert web.post("/introductions/new", data={"source": "blia", "target": "anbpr"}).status_code == 302
    after = web.get("/api/stats").get_json()
    assert after["introductions"] == before["introductions"] + 1
    assert f"<strong>{after['introductions']}</strong>" in web.get("/").get_data(as_text=True)

    sign_in(web, AccessRole.MEMBER)
    etag = web.get("/api/orgs/blia/profile").headers["ETag"]
    moved = {"description": "Now in Timișoara", "region": "RO-TM", "city": "Timișoara"}
    assert web.patch("/api/orgs/blia/profile", json=moved, headers={"If-Match": etag}).status_code == 200
    assert "Now in Timișoara" in web.get("/orgs/blia").get_data(as_text=True)
    region = web.get("/api/regions/RO-TM").get_json()
    assert "blia" in {org["id"] for org in region["orgs"]}
    assert "blia" in {o["id"] for o in web.get("/api/orgs?q=timisoara").get_json()["items"]}


def test_only_details_keep_the_cache(web: FlaskClient, store: Store) -> None:
    """Description and contacts are shown by no cached view; a kind is."""
    web.get("/api/regions/RO-TM")
    generation = store.generation
    update_org(store, "test", "cries", {"description": "New words", "email": "x@cries.ro"})
    assert store.generation == generation
    update_org(store, "test", "cries", {"kind": "library"})
    assert store.generation > generation
    kinds = {o["id"]: o["kind"] for o in web.get("/api/regions/RO-TM").get_json()["orgs"]}
    assert kinds["cries"] == "library"


def test_region_page_tables_follow_edits_and_the_language(web: FlaskClient, store: Store) -> None:
    """The tables are rendered once per cached view (app.fragments), per language."""

    def cries_row(path: str) -> str:
        page = web.get(path).get_data(as_text=True)
        return page.split('href="/orgs/cries"')[-1].split("</tr>")[0]  # organisations table

    assert 'kind-ngo">NGO' in cries_row("/regions/RO-TM")
    assert 'kind-ngo">ONG' in cries_row("/regions/RO-TM?lang=ro")
    update_org(store, "test", "cries", {"kind": "library"})
    assert 'kind-library">bibliotecă' in cries_row("/regions/RO-TM")  # the language sticks
    assert 'kind-library">library' in cries_row("/regions/RO-TM?lang=en")


def _broker(store: Store) -> str:
    """The person id of the demo broker, who proposes introductions."""
    return get_account(store, USERS[AccessRole.BROKER][0]).person


def test_search_page_parts_follow_edits_the_language_and_the_selection(web: FlaskClient, store: Store) -> None:
    """The results table and the option lists are rendered once per cached value, language
    and selection (app.fragments)."""

    def cries_row(path: str) -> str:
        return web.get(path).get_data(as_text=True).split('href="/orgs/cries"')[-1].split("</tr>")[0]

    assert 'kind-ngo">NGO' in cries_row("/orgs?q=timisoara")
    assert 'kind-ngo">ONG' in cries_row("/orgs?q=timisoara&lang=ro")
    update_org(store, "test", "cries", {"kind": "library"})
    assert 'kind-library">bibliotecă' in cries_row("/orgs?q=timisoara")  # the language sticks
    assert 'kind-library">library' in cries_row("/orgs?q=timisoara&lang=en")

    def selected(path: str) -> list[str]:
        page = web.get(path).get_data(as_text=True)
        return [
            select.split('" selected>')[0].rsplit('"', 1)[-1]
            for select in page.split("<select")[1:]
            if '" selected>' in select
        ]

    assert selected("/orgs?offers=advocacy-training") == ["advocacy-training"]
    assert selected("/orgs?needs=advocacy-training") == ["advocacy-training"]
    assert selected("/orgs?offers=advocacy-training&needs=fundraising") == ["advocacy-training", "fundraising"]
    assert "Advocacy" in web.get("/orgs?offers=advocacy-training").get_data(as_text=True)


def test_search_facets_follow_the_query_string_the_language_and_edits(web: FlaskClient, store: Store) -> None:
    """The links that narrow a search are rendered once per cached facets, query string
    and language (app.fragments): each keeps the page's own parameters."""

    def facets(path: str) -> str:
        return web.get(path).get_data(as_text=True).split('class="facets"')[1].split("</nav>")[0]

    assert '<a href="/orgs?q=timisoara&amp;kind=ngo">NGO</a> <span class="count">2</span>' in facets(
        "/orgs?q=timisoara"
    )
    romanian = facets("/orgs?q=timisoara&lang=ro")  # the same facets, another address and language
    assert '<a href="/orgs?q=timisoara&amp;lang=ro&amp;kind=ngo">ONG</a>' in romanian
    assert 'href="/orgs?q=timisoara&amp;offers=' not in romanian
    again = facets("/orgs?q=timisoara")  # the language sticks; the address is this one
    assert '<a href="/orgs?q=timisoara&amp;kind=ngo">ONG</a>' in again and "lang=ro" not in again
    update_org(store, "test", "cries", {"kind": "library"})
    assert '<a href="/orgs?q=timisoara&amp;kind=ngo">ONG</a> <span class="count">1</span>' in facets(
        "/orgs?q=timisoara"
    )


def test_a_write_by_another_process_on_the_same_data_directory_shows_at_once(
    web: FlaskClient, settings: Settings, store: Store
) -> None:
    before = stats(store)
    assert stats(store) is before  # cached
    writer = (
        "import sys\n"
        "from graph.config import Settings\n"
        "from graph.members.editing import update_org\n"
        "from graph.members.introductions import propose\n"
        "from graph.store.driver import Store\n"
        "with Store.open(Settings.from_env(data_dir=sys.argv[1])) as other:\n"
        "    update_org(other, 'test', 'blia', {'city': 'Sofia'})\n"
        "    propose(other, 'test', sys.argv[2], {'source': 'blia', 'target': 'agenda-21'})\n"
    )
    subprocess.run([sys.executable, "-c", writer, str(settings.data_dir), _broker(store)], check=True, cwd=ROOT)
    assert stats(store).introductions == before.introductions + 1


def test_a_write_outside_the_shared_generation_shows_within_the_ttl(web: FlaskClient, store: Store) -> None:
    cache = stats.cache_for(store)  # type: ignore[attr-defined]
    cache.ttl = 1.0
    try:
        before = stats(store)
        # Another machine's process on the same graph server: same database, its own
        # data directory, so its writes do not move this process's generation.
        elsewhere = Store(store.driver, store.database)
        update_org(elsewhere, "test", "blia", {"city": "Sofia"})
        propose(elsewhere, "test", _broker(store), {"source": "blia", "target": "agenda-21"})
        assert stats(store) == before  # stale, within the bound
        time.sleep(1.1)
        assert stats(store).introductions == before.introductions + 1
    finally:
        cache.ttl = TTL_SECONDS


def test_city_search_ignores_diacritics(web: FlaskClient, store: Store) -> None:
    page = search_orgs(store, SearchFilters(q="timisoara", per_page=100))
    found = {org.id: org for org in page.items}
    assert "cries" in found  # by city: its name does not say Timișoara
    assert found["cries"].city == "Timișoara"
    assert all("timisoara" in normalise(f"{org.name} {org.city}") for org in page.items)
    assert page.total == len(page.items)
    assert search_orgs(store, SearchFilters(q="TIMIȘOARA")).total == page.total
    update_org(store, "test", "cries", {"city": None})
    assert "cries" not in {o.id for o in search_orgs(store, SearchFilters(q="timisoara")).items}


def test_the_menu_follows_the_page_the_role_and_the_language(demo_accounts: Store, settings: Settings) -> None:
    """The main menu is rendered once per language, role and section (app.fragments):
    one app serves a broker and a visitor, on several pages, in two languages."""
    app = create_app(settings, store=demo_accounts, config={"TESTING": True})
    broker, visitor = app.test_client(), app.test_client()
    sign_in(broker, AccessRole.BROKER)

    def menu(client: FlaskClient, url: str) -> str:
        html = client.get(url).get_data(as_text=True)
        return html[html.index('<nav class="main"') : html.index('<nav class="account"')]

    assert 'href="/orgs" aria-current="page">Organisations' in menu(broker, "/orgs")
    assert "Consortium builder" in menu(broker, "/orgs")
    assert "Consortium builder" not in menu(visitor, "/orgs")
    assert 'aria-current="page">Regions' in menu(broker, "/regions")
    on_regions = menu(broker, "/regions?lang=ro")
    assert 'aria-current="page">Regiuni' in on_regions and 'aria-current="page">Organiza' not in on_regions
    assert 'lang="ro" aria-current="true"' in on_regions
    assert 'lang="en" aria-current="true"' in menu(visitor, "/regions")
