"""The explorer's pages and their /api/ twins on the demo network: shapes, filters, errors."""

from __future__ import annotations

import csv
import io

import pytest
from flask.testing import FlaskClient

from graph.store.driver import Store

pytestmark = pytest.mark.usefixtures("demo_graph")


def _json(client: FlaskClient, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def test_search_is_diacritics_insensitive(client: FlaskClient) -> None:
    data = _json(client, "/api/orgs?q=timisoara&per_page=100")
    assert data["total"] > 0
    cities = {o["city"] for o in data["items"]}
    assert "Timișoara" in cities
    assert data["total"] == _json(client, "/api/orgs?q=TIMIȘOARA&per_page=100")["total"]


def test_search_filters_combine(client: FlaskClient) -> None:
    offers = _json(client, "/api/orgs?offers=advocacy-training&per_page=100")["items"]
    assert "agenda-21" in {o["id"] for o in offers}
    needs = _json(client, "/api/orgs?needs=advocacy-training&per_page=100")["items"]
    assert "blia" in {o["id"] for o in needs}
    libraries_bg = _json(client, "/api/orgs?kind=library&region=bg&per_page=100")["items"]
    assert libraries_bg and all(o["kind"] == "library" and o["country"] == "BG" for o in libraries_bg)
    project = _json(client, "/api/orgs?project=partnering-starter")["items"]
    assert {"anbpr", "blia", "future-library"} <= {o["id"] for o in project}


def test_search_paginates(client: FlaskClient) -> None:
    first = _json(client, "/api/orgs?per_page=10")
    second = _json(client, "/api/orgs?per_page=10&page=2")
    assert first["total"] == 84 and first["pages"] == 9
    assert len(first["items"]) == 10
    assert not {o["id"] for o in first["items"]} & {o["id"] for o in second["items"]}


@pytest.mark.parametrize(
    "query, field",
    [
        ("kind=castle", "kind"),
        ("page=0", "page"),
        ("offers=Not%20A%20Slug", "offers"),
        ("per_page=9999", "per_page"),
    ],
)
def test_search_rejects_bad_parameters(client: FlaskClient, query: str, field: str) -> None:
    data = _json(client, f"/api/orgs?{query}", 400)
    assert data["error"] == "bad_request" and repr(field) in data["message"]


def test_search_takes_a_region_by_name_and_refuses_one_of_nothing(client: FlaskClient) -> None:
    by_code = _json(client, "/api/orgs?region=RO", 200)
    assert _json(client, "/api/orgs?region=Romania", 200)["total"] == by_code["total"] > 0
    data = _json(client, "/api/orgs?region=Atlantis", 404)
    assert data["error"] == "not_found" and "'region'" in data["message"] and "Atlantis" in data["message"]


def test_search_csv(client: FlaskClient) -> None:
    response = client.get("/orgs?q=timisoara&format=csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows and set(rows[0]) >= {"id", "name", "kind", "country", "city"}


def test_profile_has_no_contacts(client: FlaskClient, demo_graph: Store) -> None:
    data = _json(client, "/api/orgs/anbpr")
    assert data["offers"] and data["partners"] and data["projects"]
    assert data["contact"] is None
    page = client.get("/orgs/anbpr").get_data(as_text=True)
    emails = [
        r["e"]
        for r in demo_graph.driver.execute_query("MATCH (o:Organisation {id: 'anbpr'}) RETURN o.email AS e").records
    ]
    assert all(e not in page for e in emails if e)
    assert 'id="network"' in page


def test_unknown_ids_are_404(client: FlaskClient) -> None:
    for url in (
        "/api/orgs/nope",
        "/api/orgs/nope/network",
        "/api/competences/nope",
        "/api/projects/nope",
        "/api/regions/ZZ",
        "/api/path?from=nope&to=anbpr",
    ):
        assert _json(client, url, 404)["error"] == "not_found"
    assert client.get("/orgs/nope").status_code == 404


def test_ego_network_filters(client: FlaskClient) -> None:
    one = _json(client, "/api/orgs/anbpr/network")
    two = _json(client, "/api/orgs/anbpr/network?depth=2")
    assert one["nodes"][0]["id"] == "anbpr" and one["nodes"][0]["depth"] == 0
    assert len(two["nodes"]) > len(one["nodes"])
    assert {n["depth"] for n in two["nodes"]} == {0, 1, 2}
    ids = {n["id"] for n in one["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in one["edges"])
    libraries = _json(client, "/api/orgs/anbpr/network?depth=2&kinds=library")
    assert all(n["kind"] == "library" for n in libraries["nodes"][1:])
    members = _json(client, "/api/orgs/anbpr/network?rels=member")
    assert members["edges"] and {e["rel"] for e in members["edges"]} == {"member"}
    assert _json(client, "/api/orgs/anbpr/network?depth=3", 400)["message"].find("depth") > 0
    assert "rels" in _json(client, "/api/orgs/anbpr/network?rels=friend", 400)["message"]


def test_ego_network_ties_of_every_kind(client: FlaskClient) -> None:
    """Recorded introductions are ties too: from the ego, and among its partners."""

    def edges(path: str) -> set[tuple[str, str, str, float]]:
        return {(e["source"], e["target"], e["rel"], e["weight"]) for e in _json(client, path)["edges"]}

    introduced = edges("/api/orgs/bj-constanta/network?rels=introduced")
    assert introduced == {("bj-constanta", "varna-regional-library", "introduced", 1)}
    # Ruse coordinates the project both joined; their introduction is a tie among its partners.
    around = edges("/api/orgs/ruse-regional-library/network")
    assert ("bj-constanta", "varna-regional-library", "introduced", 1) in around
    assert ("bj-constanta", "varna-regional-library", "partner", 1) in around
    assert ("bj-constanta", "ruse-regional-library", "partner", 1) in around
    assert not {e for e in edges("/api/orgs/ruse-regional-library/network?rels=partner") if e[2] != "partner"}


def test_ego_network_cap_trims_with_notice(app, client: FlaskClient) -> None:  # type: ignore[no-untyped-def]
    app.config["NODE_CAP"] = 10
    data = _json(client, "/api/orgs/anbpr/network?depth=2")
    assert len(data["nodes"]) == 10 and data["truncated"] and data["found"] > 10
    assert "Showing 10 of" in client.get("/orgs/anbpr/network?depth=2").get_data(as_text=True)


def test_path_and_brokers(client: FlaskClient) -> None:
    data = _json(client, "/api/path?from=bj-satu-mare&to=blia")
    assert data["paths"] and data["hops"] >= 1
    for path in data["paths"]:
        assert path[0]["id"] == "bj-satu-mare" and path[-1]["id"] == "blia"
    inner = {s["id"] for p in data["paths"] for s in p[1:-1] if s["type"] == "organisation"}
    assert {b["id"] for b in data["brokers"]} == inner
    assert _json(client, "/api/path?from=anbpr", 400)["message"].find("'to'") > 0
    assert _json(client, "/api/path?from=anbpr&to=anbpr", 400)["error"] == "bad_request"
    assert client.get("/path").status_code == 200
    assert 'value="anbpr"' in client.get("/path?from=anbpr").get_data(as_text=True)


def test_region_and_balkan_switch(client: FlaskClient) -> None:
    every = _json(client, "/api/regions/RO")
    balkan = _json(client, "/api/regions/ro?balkan=1")
    assert every["organisations"] > 0 and every["links"]
    assert all(link["source_country"] == "RO" != link["target_country"] for link in every["links"])
    countries = {c["id"]: c["tags"] for c in _json(client, "/api/regions")["countries"]}
    assert all("balkan" in countries[link["target_country"]] for link in balkan["links"])
    assert len(balkan["links"]) < len(every["links"])
    county = _json(client, "/api/regions/RO-TM")
    assert county["level"] == "subdivision" and all(o["region"] == "RO-TM" for o in county["orgs"])
    assert _json(client, "/api/regions/not-a-code", 400)["error"] == "bad_request"


def test_country_matrix(client: FlaskClient) -> None:
    data = _json(client, "/api/regions")
    assert data["cells"] and all(c["a"] < c["b"] and c["projects"] > 0 for c in data["cells"])
    balkan = _json(client, "/api/regions?balkan=yes")
    tags = {c["id"]: c["tags"] for c in data["countries"]}
    assert all("balkan" in tags[c["a"]] and "balkan" in tags[c["b"]] for c in balkan["cells"])
    assert "balkan" in _json(client, "/api/regions?balkan=maybe", 400)["message"]
    assert client.get("/regions?format=csv").mimetype == "text/csv"


def test_competence_view(client: FlaskClient) -> None:
    data = _json(client, "/api/competences/advocacy-training")
    assert "agenda-21" in {o["id"] for o in data["offered_by"]}
    assert "blia" in {o["id"] for o in data["needed_by"]}
    assert all(o["level"] for o in data["offered_by"])
    rows = list(
        csv.DictReader(io.StringIO(client.get("/competences/advocacy-training?format=csv").get_data(as_text=True)))
    )
    assert {r["relation"] for r in rows} == {"offers", "needs"}


def test_project_view(client: FlaskClient) -> None:
    data = _json(client, "/api/projects/partnering-starter")
    roles = {p["id"]: p["role"] for p in data["partners"]}
    assert roles["anbpr"] == "coordinator" and data["partners"][0]["role"] == "coordinator"
    assert data["competences"]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/orgs",
        "/orgs/anbpr",
        "/orgs/anbpr/network?depth=2",
        "/path?from=blia&to=anbpr",
        "/regions",
        "/regions/RO?balkan=1",
        "/competences/advocacy-training",
        "/projects/partnering-starter",
    ],
)
def test_pages_in_both_languages(client: FlaskClient, url: str) -> None:
    english = client.get(url)
    assert english.status_code == 200
    romanian = client.get(url, headers={"Accept-Language": "ro"}).get_data(as_text=True)
    assert 'lang="ro"' in romanian and "Organizații" in romanian  # the nav, translated


def test_region_network_aggregates_above_cap(app, client: FlaskClient) -> None:  # type: ignore[no-untyped-def]
    app.config["NODE_CAP"] = 10
    net = _json(client, "/api/regions/RO")["network"]
    assert net["aggregated_by"] in ("region", "country")
    if net["aggregated_by"] == "region":  # grouping by country is the last resort
        assert len(net["nodes"]) <= 10
    assert all(n["type"] == "group" and n["members"] >= 1 for n in net["nodes"])
    ids = {n["id"] for n in net["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    assert "grouped by" in client.get("/regions/RO").get_data(as_text=True)


def test_unreachable_graph_is_friendly_503(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app import create_app
    from graph.config import Settings

    settings = Settings(data_dir=tmp_path, neo4j_uri="bolt://127.0.0.1:9", neo4j_password="x")
    client = create_app(settings, config={"TESTING": True}).test_client()
    page = client.get("/orgs/anbpr")
    assert page.status_code == 503 and "Temporarily unavailable" in page.get_data(as_text=True)
    assert client.get("/api/orgs").get_json()["error"] == "service_unavailable"
