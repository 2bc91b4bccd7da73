"""Subgraph selection, the metrics page, API and CLI, on the demo network."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from app.cli import cli
from app.views import metrics_api
from graph.config import Settings
from graph.explore.organisations import get_profile, list_orgs
from graph.metrics.compute import METRICS
from graph.metrics.subgraph import SubgraphFilter, load_subgraph, organisations
from graph.models import OrgKind
from graph.params import BadParameter, parse_params
from graph.store.driver import Store

NON_BALKAN = {"TR", "MD", "IT", "FR", "BE", "GB"}


def _load(store: Store, **params: str) -> nx.Graph:
    return load_subgraph(store, parse_params(SubgraphFilter, {k: [v] for k, v in params.items()}))


def test_whole_network_weights_count_joint_projects(demo_graph: Store) -> None:
    graph = _load(demo_graph)
    assert graph.number_of_nodes() == len(list_orgs(demo_graph))
    profile = get_profile(demo_graph, "anbpr")
    assert {p.id: p.joint_projects for p in profile.partners} == {
        b: d["joint_projects"] for b, d in graph["anbpr"].items()
    }
    assert all(d["weight"] == d["joint_projects"] for _, _, d in graph.edges(data=True))


@pytest.mark.parametrize("kind", ["library", "ngo", "authority"])
def test_kinds_filter(demo_graph: Store, kind: str) -> None:
    graph = _load(demo_graph, kinds=kind)
    expected = {o.id for o in list_orgs(demo_graph, kind=OrgKind(kind))}
    assert set(graph) == expected and expected


def test_country_includes_its_subdivisions_and_a_region_only_itself(demo_graph: Store) -> None:
    romania = _load(demo_graph, regions="ro")
    assert set(romania) == {o.id for o in list_orgs(demo_graph, country="RO")}
    timis = _load(demo_graph, regions="RO-TM")
    assert timis.number_of_nodes() >= 1 and set(timis) < set(romania)
    assert {d["region"] for _, d in timis.nodes(data=True)} == {"RO-TM"}
    both = _load(demo_graph, regions="RO-TM,BG")
    assert set(both) == set(timis) | {o.id for o in list_orgs(demo_graph, country="BG")}


def test_balkan_only(demo_graph: Store) -> None:
    everything = _load(demo_graph)
    balkan = _load(demo_graph, balkan="true")
    countries = {d["country"] for _, d in balkan.nodes(data=True)}
    assert countries and not countries & NON_BALKAN
    assert {n for n, c in everything.nodes(data="country") if c not in NON_BALKAN} == set(balkan)


def test_competences_projects_and_period(demo_graph: Store) -> None:
    advocacy = _load(demo_graph, competences="advocacy-training")
    assert {"agenda-21", "blia"} <= set(advocacy)
    starter = _load(demo_graph, projects="partnering-starter")
    assert "anbpr" in starter
    n = starter.number_of_nodes()
    assert starter.number_of_edges() == n * (n - 1) // 2  # one project: a clique
    assert all(d["joint_projects"] == 1 for _, _, d in starter.edges(data=True))
    future = _load(demo_graph, since="2090-01-01")
    assert future.number_of_edges() == 0 and future.number_of_nodes() == len(list_orgs(demo_graph))


def test_recent_projects_weigh_more(demo_graph: Store) -> None:
    graph = _load(demo_graph, half_life="2", until="2026-01-01")
    weights = [(d["weight"], d["joint_projects"]) for _, _, d in graph.edges(data=True)]
    assert weights and all(0 < w <= j for w, j in weights) and any(w < j for w, j in weights)


def test_multi_type_projection(demo_graph: Store) -> None:
    graph = _load(demo_graph, projection="multi", regions="RO")
    types = {t for _, t in graph.nodes(data="type")}
    assert types == {"organisation", "project", "competence", "region"}
    assert set(organisations(graph)) == set(_load(demo_graph, regions="RO"))
    relations = {r for _, _, r in graph.edges(data="relation")}
    assert {"PARTICIPATED_IN", "OFFERS", "NEEDS", "LOCATED_IN"} <= relations


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"kinds": "museum"}, "kinds"),
        ({"regions": "romania"}, "regions"),
        ({"since": "2020-13-01"}, "since"),
        ({"since": "2021-01-01", "until": "2020-01-01"}, "query"),
        ({"half_life": "-1"}, "half_life"),
        ({"projection": "bipartite"}, "projection"),
        ({"competences": "Not A Slug"}, "competences"),
    ],
)
def test_bad_filters_name_the_parameter(params: dict[str, str], parameter: str) -> None:
    with pytest.raises(BadParameter) as caught:
        parse_params(SubgraphFilter, {k: [v] for k, v in params.items()})
    assert caught.value.parameter == parameter


# -- web ------------------------------------------------------------------------------


def test_metrics_page(demo_graph: Store, client: FlaskClient) -> None:
    page = client.get("/metrics?regions=RO&kinds=library&kinds=ngo")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'aria-sort="none"><button type="button"' in html
    assert 'src="/static/metrics.js"' in html and "<script>" not in html  # no inline script (CSP)
    for fmt in ("format=csv", "format=json", "format=graphml", "format=gexf"):
        assert fmt in html
    assert "regions=RO" in html
    assert "kinds=library,ngo" in html or "kinds=library%2Cngo" in html
    assert "Biblioteca" in html and "Burt" in html


def _page_rows(page: str) -> list[list[str]]:
    """The cells of the metrics table's body rows (text of the name's <th> and each <td>)."""
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    cell = r"<t[hd][^>]*>(?:<a [^>]*>)?([^<]*)(?:</a>)?</t[hd]>"
    return [[html.unescape(text) for text in re.findall(cell, row)] for row in body.split("<tr>")[1:]]


def test_metrics_page_sorts_all_rows_on_the_server(
    demo_graph: Store, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With fewer rows shown than computed, a column's sort shows its real top rows."""
    monkeypatch.setattr(metrics_api, "PAGE_ROWS", 5)
    everything = client.get("/api/metrics").get_json()["nodes"]
    assert len(everything) > 5
    page = client.get("/metrics?sort=-degree").get_data(as_text=True)
    shown = _page_rows(page)
    degree = 3 + [m.name for m in METRICS].index("degree")  # after name, kind, country
    assert len(shown) == 5
    assert [int(row[degree]) for row in shown] == sorted((n["degree"] for n in everything), reverse=True)[:5]
    assert 'aria-sort="descending"><button type="button" data-type="number" data-href="' in page
    assert "sort=degree" in page  # the next click sorts the other way
    assert 'data-complete="false"' in page and "sorted by Degree" in page
    by_name = _page_rows(client.get("/metrics?sort=label").get_data(as_text=True))
    assert [row[0] for row in by_name] == sorted((n["label"] for n in everything), key=str.casefold)[:5]
    default = _page_rows(client.get("/metrics").get_data(as_text=True))
    assert [row[0] for row in default] == [n["label"] for n in everything[:5]]  # betweenness


def test_metrics_page_bad_sort_is_400(demo_graph: Store, client: FlaskClient) -> None:
    bad = client.get("/metrics?sort=-colour")
    assert bad.status_code == 400 and "sort" in bad.get_data(as_text=True)
    api = client.get("/api/metrics?sort=degree")  # downloads keep the report's order
    assert api.status_code == 400 and api.get_json()["parameter"] == "sort"


def test_metrics_page_in_romanian_and_bad_filter(demo_graph: Store, client: FlaskClient) -> None:
    assert "Indicatori de rețea" in client.get("/metrics?lang=ro").get_data(as_text=True)
    bad = client.get("/metrics?regions=nowhere")
    assert bad.status_code == 400 and "regions" in bad.get_data(as_text=True)


def test_api_metrics_json_and_csv(demo_graph: Store, client: FlaskClient) -> None:
    data = client.get("/api/metrics?balkan=true").get_json()
    assert data["info"]["nodes"] == len(data["nodes"]) and data["info"]["betweenness_exact"]
    assert [c["name"] for c in data["columns"]][:2] == ["degree", "weighted_degree"]
    assert not {n["country"] for n in data["nodes"]} & NON_BALKAN
    csv_text = client.get("/api/metrics?format=csv&regions=BG").get_data(as_text=True)
    assert csv_text.startswith("id,label,type,kind,country,region,community,degree")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("kinds=museum", "kinds"),
        ("since=yesterday", "since"),
        ("colour=red", "colour"),
        ("samples=1", "samples"),
        ("format=xlsx", "format"),
    ],
)
def test_api_bad_parameter_is_400(demo_graph: Store, client: FlaskClient, query: str, parameter: str) -> None:
    reply = client.get(f"/api/metrics?{query}")
    assert reply.status_code == 400 and reply.get_json()["parameter"] == parameter


@pytest.mark.parametrize(
    ("fmt", "mimetype"),
    [
        ("graphml", "application/graphml+xml"),
        ("gexf", "application/gexf+xml"),
        ("csv", "text/csv"),
        ("json", "application/json"),
    ],
)
def test_api_export(demo_graph: Store, client: FlaskClient, fmt: str, mimetype: str) -> None:
    reply = client.get(f"/api/export?format={fmt}&regions=RO")
    assert reply.status_code == 200 and reply.mimetype == mimetype
    assert "attachment" in reply.headers["Content-Disposition"]


# -- CLI ------------------------------------------------------------------------------


def test_cli_metrics_and_export(
    demo_graph: Store, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARTNERNET_DATA", str(settings.data_dir))
    runner = CliRunner()
    out = tmp_path / "m.json"
    result = runner.invoke(
        cli, ["metrics", "--regions", "RO", "--kinds", "library,ngo", "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(out.read_text("utf-8"))["nodes"]
    assert rows and {(r["country"], r["kind"]) for r in rows} <= {("RO", "library"), ("RO", "ngo")}
    gexf = tmp_path / "n.gexf"
    result = runner.invoke(cli, ["export", "--balkan", "--format", "gexf", "-o", str(gexf)])
    assert result.exit_code == 0, result.output
    balkan = nx.read_gexf(gexf)
    assert balkan.number_of_nodes() > len(rows)
    assert not {c for _, c in balkan.nodes(data="country")} & NON_BALKAN
    bad = runner.invoke(cli, ["metrics", "--regions", "Romania"])
    assert bad.exit_code == 1 and "regions" in bad.output
