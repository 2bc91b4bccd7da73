"""Picking nodes by name: /api/suggest, and every name field resolved on the server
(without JavaScript), with a choice when a name is ambiguous (demo network)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from flask.testing import FlaskClient

from graph.explore.suggest import PickKind, Unresolved, resolve, suggest
from graph.store.driver import Store


def _suggest(client: FlaskClient, kind: str, q: str) -> list[dict[str, str]]:
    response = client.get("/api/suggest", query_string={"type": kind, "q": q})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["choices"]


@pytest.mark.parametrize(
    ("kind", "typed", "expected"),
    [
        ("org", "ANBPR", "anbpr"),  # the acronym in the name, any case
        ("org", "institutul intercultural timisoara", "intercultural-institute-timisoara"),  # no diacritics typed
        ("competence", "advocacy tr", "advocacy-training"),
        ("region", "bucuresti", "RO-B"),
        ("region", "ro-tm", "RO-TM"),  # a code still works
        ("region", "grecia", "GR"),  # a country by its name in any interface language
        ("region", "Ελλάδα", "GR"),
    ],
)
def test_suggest_finds_by_name_without_diacritics(
    demo_graph: Store, client: FlaskClient, kind: str, typed: str, expected: str
) -> None:
    ids = [c["id"] for c in _suggest(client, kind, typed)]
    assert ids and ids[0] == expected, ids


def test_suggest_projects_by_title_with_a_detail_line(demo_graph: Store, client: FlaskClient) -> None:
    choices = _suggest(client, "project", "partneringstarter")
    assert choices and "PartneringStarter" in choices[0]["name"]
    assert choices[0]["detail"]  # funder and start year tell projects apart


def test_suggest_refuses_an_unknown_type_naming_it(demo_graph: Store, client: FlaskClient) -> None:
    response = client.get("/api/suggest?type=person&q=a")
    assert response.status_code == 400
    assert "'type'" in response.get_json()["message"]


def test_resolve_takes_exact_id_exact_name_or_the_only_match(demo_graph: Store) -> None:
    assert resolve(demo_graph, PickKind.ORG, "anbpr").id == "anbpr"
    assert resolve(demo_graph, PickKind.COMPETENCE, "Advocacy").id == "advocacy"  # exact name beats "Advocacy training"
    with pytest.raises(Unresolved) as ambiguous:
        resolve(demo_graph, PickKind.ORG, "biblioteca")
    assert len(ambiguous.value.choices) > 1
    with pytest.raises(Unresolved) as unknown:
        resolve(demo_graph, PickKind.ORG, "no such organisation")
    assert unknown.value.choices == []
    assert suggest(demo_graph, PickKind.ORG, "   ") == []


def test_path_form_takes_names(demo_graph: Store, client: FlaskClient) -> None:
    response = client.get("/path", query_string={"from": "ANBPR", "to": "Agenda 21"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "must be a slug" not in html
    assert 'value="Asociația Națională a Bibliotecarilor' in html  # the field now shows the name
    assert 'data-value="anbpr"' in html
    api = client.get("/api/path", query_string={"from": "ANBPR", "to": "agenda 21"}).get_json()
    assert api["source"]["id"] == "anbpr" and api["target"]["id"] == "agenda-21"


def test_path_form_asks_back_when_a_name_is_ambiguous(demo_graph: Store, client: FlaskClient) -> None:
    response = client.get("/path", query_string={"from": "biblioteca", "to": "Agenda 21"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Several match “biblioteca”" in html
    links = [part.split('"', 1)[0] for part in html.split('<ul class="choices">', 1)[1].split('href="')[1:]]
    chosen = parse_qs(urlparse(links[0].replace("&amp;", "&")).query)
    assert chosen["to"] == ["Agenda 21"] and chosen["from"][0] != "biblioteca"
    assert client.get(links[0].replace("&amp;", "&")).status_code == 200  # the choice resolves


def test_unknown_names_are_refused_naming_the_parameter(demo_graph: Store, client: FlaskClient) -> None:
    page = client.get("/path", query_string={"from": "zzzz qqq", "to": "Agenda 21"})
    assert page.status_code == 400
    unknown = client.get("/api/path", query_string={"from": "zzzz qqq", "to": "agenda-21"})
    assert unknown.status_code == 404 and "'from'" in unknown.get_json()["message"]
    assert "Nothing is called “zzzz qqq”" in page.get_data(as_text=True)
    api = client.get("/api/path", query_string={"from": "biblioteca", "to": "agenda-21"})
    assert api.status_code == 400
    body = api.get_json()
    assert "'from'" in body["message"] and "Candidates:" in body["message"]


def test_search_takes_a_project_by_title(demo_graph: Store, client: FlaskClient) -> None:
    by_title = client.get("/api/orgs", query_string={"project": "PartneringStarter"}).get_json()
    project_id = resolve(demo_graph, PickKind.PROJECT, "PartneringStarter").id
    by_id = client.get("/api/orgs", query_string={"project": project_id}).get_json()
    assert by_title["total"] == by_id["total"] > 0
    page = client.get("/orgs", query_string={"project": "PartneringStarter"})
    assert page.status_code == 200 and "Project id" not in page.get_data(as_text=True)


def test_metrics_filters_take_names_in_any_language(demo_graph: Store, client: FlaskClient) -> None:
    by_id = client.get("/api/metrics?competences=fundraising,advocacy-training").get_json()
    labels = sorted(n["label"] for n in by_id["nodes"])
    page = client.get("/metrics", query_string={"competences": "Strângere de fonduri, advocacy training", "lang": "ro"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 0 < len(labels) < 84
    assert f"{len(labels)}" in html and all(label in html for label in labels[:5])
    assert 'value="Strângere de fonduri, Formare în advocacy"' in html  # shown again by name, in Romanian
    unknown = client.get("/metrics", query_string={"competences": "Fundraising, no such thing"})
    assert unknown.status_code == 400 and "no such thing" in unknown.get_data(as_text=True)
    project = client.get("/metrics", query_string={"projects": "PartneringStarter"})
    assert project.status_code == 200


@pytest.mark.parametrize(("typed", "lang", "shown"), [("Grecia", "ro", "Grecia"), ("BG", "bg", "България")])
def test_search_takes_a_country_by_its_name_in_the_readers_language(
    demo_graph: Store, client: FlaskClient, typed: str, lang: str, shown: str
) -> None:
    code = resolve(demo_graph, PickKind.REGION, typed).id
    by_code = client.get("/api/orgs", query_string={"region": code}).get_json()
    by_name = client.get("/api/orgs", query_string={"region": typed}).get_json()
    assert by_name["total"] == by_code["total"] > 0
    page = client.get("/orgs", query_string={"region": typed, "lang": lang}).get_data(as_text=True)
    assert f'name="region" value="{shown}"' in page  # the field shows the country by name
    assert re.search(rf"<h1[^>]*>.*?</h1>.*?{by_code['total']}", page, re.S)
    assert _suggest(client, "region", typed)[0]["name"] == shown  # suggested in the reader's language too


def test_metrics_take_countries_and_regions_by_name(demo_graph: Store, client: FlaskClient) -> None:
    by_code = client.get("/api/metrics?regions=RO,BG").get_json()
    page = client.get("/metrics", query_string={"regions": "România, Bulgaria", "lang": "ro"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'value="România, Bulgaria"' in html
    assert f"{len(by_code['nodes'])} noduri" in html
    unknown = client.get("/metrics", query_string={"regions": "Atlantis"})
    assert unknown.status_code == 400 and "Atlantis" in unknown.get_data(as_text=True)
