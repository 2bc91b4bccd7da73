"""The project and competence index pages, and region names and numbers in the interface
language (demo network)."""

from __future__ import annotations

import html as html_module
import re

import pytest
from babel import Locale
from babel.support import Translations
from flask.testing import FlaskClient

from app.i18n import LANGUAGES, TRANSLATIONS
from graph.members.accounts import AccessRole
from graph.metrics.compute import METRICS
from graph.store.driver import Store
from graph.text import normalise
from tests.support.accounts import sign_in


def test_projects_index_counts_partners_and_filters(demo_graph: Store, client: FlaskClient) -> None:
    everything = client.get("/api/projects").get_json()
    assert everything["total"] == 14 == len(everything["items"])
    first = everything["items"][0]
    partners = client.get(f"/api/projects/{first['id']}").get_json()["partners"]
    assert first["partners"] == len(partners)
    assert sorted(first["countries"]) == sorted({p["country"] for p in partners})

    greek = client.get("/api/projects?country=gr").get_json()
    assert 0 < greek["total"] < 14
    assert all("GR" in p["countries"] for p in greek["items"])

    funder = first["funder"]
    by_funder = client.get("/api/projects", query_string={"funder": funder}).get_json()
    assert by_funder["total"] >= 1 and {p["funder"] for p in by_funder["items"]} == {funder}

    year = int(first["start"][:4])
    running = client.get(f"/api/projects?year={year}").get_json()["items"]
    assert first["id"] in [p["id"] for p in running]
    assert all(p["start"][:4] <= str(year) <= (p["end"] or p["start"])[:4] for p in running)


def test_projects_index_page_and_bad_year(demo_graph: Store, client: FlaskClient) -> None:
    page = client.get("/projects?lang=ro")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Grecia" in html  # country names from Babel, in the interface language
    bad = client.get("/api/projects?year=abc")
    assert bad.status_code == 400 and "year" in bad.get_json()["message"]
    assert client.get("/projects?format=csv").get_data(as_text=True).startswith("id,title,")


def test_competence_tree_nests_narrower_terms_with_counts(demo_graph: Store, client: FlaskClient) -> None:
    tree = client.get("/api/competences").get_json()
    assert tree["total"] == 39

    def walk(terms: list[dict], depth: int = 0):  # type: ignore[no-untyped-def]
        for t in terms:
            yield t, depth
            yield from walk(t["narrower"], depth + 1)

    flat = list(walk(tree["terms"]))
    assert len(flat) == 39
    by_id = {t["id"]: (t, depth) for t, depth in flat}
    advocacy, depth = by_id["advocacy"]
    assert depth == 0 and "advocacy-training" in [n["id"] for n in advocacy["narrower"]]
    view = client.get("/api/competences/advocacy").get_json()
    assert advocacy["offers"] == len(view["offered_by"]) and advocacy["needs"] == len(view["needed_by"])
    assert advocacy["hubs"] == len(view["hubs"])
    html = client.get("/competences").get_data(as_text=True)
    assert 'href="/orgs?offers=advocacy"' in html


def test_region_links_show_names_not_codes(demo_graph: Store, client: FlaskClient) -> None:
    html = client.get("/orgs?q=timisoara").get_data(as_text=True)
    assert ">Timiș</a>" in html and ">RO-TM</a>" not in html
    assert ">Bulgaria</a>" in client.get("/projects").get_data(as_text=True)


def test_index_pages_are_in_the_nav(demo_graph: Store, client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert 'href="/projects"' in html and 'href="/competences"' in html


def test_search_finds_by_competence_and_description_with_facets(demo_graph: Store, client: FlaskClient) -> None:
    digital = client.get("/api/orgs?q=digital&per_page=500").get_json()
    assert digital["total"] > 0  # "digital" is in competence names, not organisation names
    offering = client.get("/api/orgs?offers=digital-skills-training&per_page=500").get_json()
    assert {o["id"] for o in offering["items"]} <= {o["id"] for o in digital["items"]}
    by_description = client.get("/api/orgs?q=voluntary").get_json()  # BLIA's description only
    assert "blia" in [o["id"] for o in by_description["items"]]

    html = client.get("/orgs?q=digital&lang=ro").get_data(as_text=True)
    facets = html.split('<nav class="facets"', 1)[1].split("</nav>", 1)[0]
    assert "Bibliotecă" in facets or "bibliotecă" in facets  # kinds translated
    assert "România" in facets  # countries by name
    kinds = client.get("/api/orgs?q=digital&kind=library&per_page=500").get_json()["total"]
    assert 'kind=library">' in facets and f'<span class="count">{kinds}</span>' in facets


def test_paged_lists_link_their_neighbours(demo_graph: Store, client: FlaskClient) -> None:
    middle = client.get("/orgs?per_page=10&page=2").get_data(as_text=True)
    assert 'rel="prev" href="/orgs?per_page=10&amp;page=1"' in middle
    assert 'rel="next" href="/orgs?per_page=10&amp;page=3"' in middle and "Page 2 of 9" in middle
    first = client.get("/orgs?per_page=10").get_data(as_text=True)
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in client.get("/projects").get_data(as_text=True)  # 14 projects: one page


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_competence_tree_is_in_the_order_of_the_names_it_shows(
    demo_graph: Store, client: FlaskClient, lang: str
) -> None:
    """Siblings follow the alphabet of the page's language, not of the stored English names."""
    tree = client.get("/api/competences").get_json()["terms"]
    html = client.get(f"/competences?lang={lang}").get_data(as_text=True)
    shown = dict(re.findall(r'<a href="/competences/([^"]+)">([^<]+)</a>', html))
    place = {competence: i for i, competence in enumerate(shown)}
    groups, checked = [tree], 0
    while groups:
        siblings = groups.pop()
        in_page = sorted((t["id"] for t in siblings), key=place.__getitem__)
        assert in_page == sorted(in_page, key=lambda c: normalise(html_module.unescape(shown[c]))), in_page
        checked += len(siblings) > 1
        groups += [t["narrower"] for t in siblings if t["narrower"]]
    assert checked > 1


@pytest.mark.parametrize("lang", sorted(set(LANGUAGES) - {"en"}))
def test_metric_titles_and_explanations_read_in_the_page_language(
    demo_graph: Store, client: FlaskClient, lang: str
) -> None:
    page = html_module.unescape(client.get(f"/metrics?lang={lang}").get_data(as_text=True))
    words = Translations.load(str(TRANSLATIONS), [lang])
    for metric in METRICS:
        assert f"<dt>{words.ugettext(metric.title)}</dt><dd>{words.ugettext(metric.broker)}</dd>" in page
        assert metric.broker not in page, metric.name


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_search_form_names_countries_and_competences_in_the_page_language_and_its_order(
    demo_graph: Store, client: FlaskClient, lang: str
) -> None:
    page = html_module.unescape(client.get(f"/orgs?region=BA&lang={lang}").get_data(as_text=True))
    assert f'name="region" value="{Locale(lang).territories["BA"]}"' in page  # a country code shown by name
    offered = re.findall(
        r'<option value="([a-z-]+)">([^<]+)</option>', page.split('<select id="offers"')[1].split("</select>")[0]
    )
    names = [name for _, name in offered]
    assert len(names) > 5 and names == sorted(names, key=normalise)


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_projects_country_choice_is_named_and_ordered_in_the_page_language(
    demo_graph: Store, client: FlaskClient, lang: str
) -> None:
    page = html_module.unescape(client.get(f"/projects?lang={lang}").get_data(as_text=True))
    choice = page.split('<select id="country" name="country">')[1].split("</select>")[0]
    named = re.findall(r'<option value="([A-Z]{2})"[^>]*>([^<]+)</option>', choice)
    assert len(named) > 5 and ("GR", Locale(lang).territories["GR"]) in named
    assert [name for _, name in named] == sorted((name for _, name in named), key=normalise)


@pytest.mark.parametrize("lang", ["bg", "ro"])
def test_country_choices_and_lists_name_countries_in_the_page_language(
    demo_accounts: Store, broker_client: FlaskClient, lang: str
) -> None:
    """The partner requests' and the broker pipeline's country choices, and a region's list
    of partner countries, name countries in the reader's language, never by code."""
    greece = Locale(lang).territories["GR"]
    for url, start in (("/requests", '<select id="country"'), ("/broker", '<select id="country"')):
        page = html_module.unescape(broker_client.get(f"{url}?lang={lang}").get_data(as_text=True))
        named = re.findall(
            r'<option value="([A-Z]{2})"[^>]*>([^<]+)</option>', page.split(start)[1].split("</select>")[0]
        )
        assert ("GR", greece) in named, url
        assert [name for _, name in named] == sorted((name for _, name in named), key=normalise), url
    region = html_module.unescape(broker_client.get(f"/regions/RO?lang={lang}").get_data(as_text=True))
    partners = region.split('<ul class="counts partner-countries">')[1].split("</ul>")[0]
    assert f'/regions/GR">{greece}</a>' in partners and '">GR</a>' not in partners


def test_the_edit_form_names_countries_in_the_page_language(demo_accounts: Store, broker_client: FlaskClient) -> None:
    sign_in(broker_client, AccessRole.ADMIN)
    page = html_module.unescape(broker_client.get("/orgs/blia/edit?lang=ro").get_data(as_text=True))
    regions = page.split('name="region"')[1].split("</select>")[0]
    assert '<option value="GR">Grecia</option>' in regions and ">Greece<" not in regions
    current = page.split('id="current-profile"')[1].split("</section>")[0]
    assert "<dd>ONG</dd>" in current and "<dd>ngo</dd>" not in current  # the kind in words
    offers = current.split('<ul class="offers">')[1].split("</ul>")[0]
    assert "Servicii de bibliotecă (4)" in offers and "Library services" not in offers  # competences too
