"""Exports: read back by networkx's readers, and never a contact field in any format."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from app.cli import cli
from graph.config import Settings
from graph.metrics.compute import STEPS, compute_metrics
from graph.metrics.subgraph import SubgraphFilter, load_subgraph
from graph.readwrite.exports import GRAPH_FORMATS, METRICS_FORMATS, write_graph, write_metrics
from graph.readwrite.importer import load_path
from graph.store.driver import Store

SECRET_EMAIL = "secret.director@hidden-library.example"
SECRET_PHONE = "+40 799 123 456"
SECRET_NAME = "Ioana Secretă"
SECRETS = (SECRET_EMAIL, SECRET_PHONE, SECRET_NAME, "hidden-library")

TABLES = {
    "regions.csv": "id,name,parent,tags\nRO,Romania,,balkan\nBG,Bulgaria,,balkan\n"
    "RO-TM,Timiș,RO,\nBG-22,Sofia-Grad,BG,\n",
    "organisations.csv": "id,name,kind,region,email,phone,contact_name\n"
    f"lib-tm,Biblioteca Timiș,library,RO-TM,{SECRET_EMAIL},{SECRET_PHONE},"
    f"{SECRET_NAME}\n"
    "ngo-ro,Asociația Ștefan,ngo,RO,,,\n"
    "lib-sofia,Sofia Library,library,BG-22,a@b.example,,\n"
    "auth-bg,Sofia Municipality,authority,BG,,,\n",
    "projects.csv": "id,title,start,end\np1,Reading bridges,2019-01-01,2020-12-31\n"
    "p2,Digital skills,2022-03-01,2023-06-30\n",
    "participations.csv": "org,project,role\nlib-tm,p1,coordinator\nngo-ro,p1,partner\n"
    "lib-sofia,p1,partner\nlib-tm,p2,coordinator\nlib-sofia,p2,partner\n",
    "people.csv": f"id,name,org,email\nbroker-1,{SECRET_NAME},lib-tm,{SECRET_EMAIL}\n",
}


@pytest.fixture()
def small_graph(empty_graph: Store, tmp_path: Path) -> Store:
    data = tmp_path / "small"
    data.mkdir()
    for name, text in TABLES.items():
        (data / name).write_text(text, "utf-8")
    load_path(empty_graph, data)
    return empty_graph


def _bytes(write, *args) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    write(*args, out)
    return out.getvalue()


@pytest.mark.parametrize("projection", ["coparticipation", "multi"])
def test_no_contact_field_in_any_export(small_graph: Store, projection: str) -> None:
    graph = load_subgraph(small_graph, SubgraphFilter(projection=projection))
    report = compute_metrics(graph)
    outputs = [_bytes(write_metrics, report, fmt) for fmt in METRICS_FORMATS]
    outputs += [_bytes(write_graph, graph, report, fmt) for fmt in GRAPH_FORMATS]
    for output in outputs:
        text = output.decode("utf-8")
        assert "Biblioteca Timiș" in text or "lib-tm" in text  # the org itself is there
        for secret in SECRETS:
            assert secret not in text
        for field in ("email", "phone", "contact_name"):
            assert field not in text


def test_no_contact_field_through_api_and_cli(
    small_graph: Store, client: FlaskClient, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [client.get(f"/api/metrics?format={f}").get_data(as_text=True) for f in METRICS_FORMATS]
    texts += [client.get(f"/api/export?format={f}&projection=multi").get_data(as_text=True) for f in GRAPH_FORMATS]
    texts.append(client.get("/metrics").get_data(as_text=True))
    monkeypatch.setenv("PARTNERNET_DATA", str(settings.data_dir))
    for fmt in GRAPH_FORMATS:
        out = tmp_path / f"export.{fmt}"
        result = CliRunner().invoke(cli, ["export", "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        texts.append(out.read_text("utf-8"))
    assert all("lib-tm" in text or "Biblioteca Timiș" in text for text in texts)
    assert not [s for text in texts for s in SECRETS if s in text]


def _expected(small_graph: Store) -> tuple[nx.Graph, dict[str, dict]]:
    graph = load_subgraph(small_graph, SubgraphFilter())
    report = compute_metrics(graph)
    return graph, {row.id: row.model_dump() for row in report.nodes}


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_files_read_back(small_graph: Store, fmt: str, reader) -> None:  # type: ignore[no-untyped-def]
    graph, rows = _expected(small_graph)
    report = compute_metrics(graph)
    back = reader(io.BytesIO(_bytes(write_graph, graph, report, fmt)))
    assert set(back.nodes) == set(graph.nodes) == {"lib-tm", "ngo-ro", "lib-sofia", "auth-bg"}
    assert set(map(frozenset, back.edges)) == set(map(frozenset, graph.edges))
    for a, b, data in graph.edges(data=True):
        assert back.edges[a, b]["weight"] == data["weight"]
        assert back.edges[a, b]["joint_projects"] == data["joint_projects"]
    for node, attrs in back.nodes(data=True):
        row = rows[node]
        for key in ("label", "kind", "country", "region", "type", "degree", "community", "core_number"):
            assert attrs[key] == row[key], key
        for key in ("betweenness", "closeness", "pagerank", "clustering", "two_step_reach"):
            assert attrs[key] == pytest.approx(row[key]), key
        if row["constraint"] is None:
            assert "constraint" not in attrs
    assert back.nodes["lib-tm"]["label"] == "Biblioteca Timiș"
    assert back.edges["lib-tm", "lib-sofia"]["joint_projects"] == 2


def test_edge_list_and_node_link_json(small_graph: Store) -> None:
    graph, rows = _expected(small_graph)
    report = compute_metrics(graph)
    lines = _bytes(write_graph, graph, report, "csv").decode().splitlines()
    assert lines[0] == "Source,Target,Weight,Type" and len(lines) == 1 + graph.number_of_edges()
    assert any(line.startswith(("lib-sofia,lib-tm,2", "lib-tm,lib-sofia,2")) for line in lines)
    data = json.loads(_bytes(write_graph, graph, report, "json"))
    back = nx.node_link_graph(data, edges="links")
    assert set(back.nodes) == set(graph.nodes) and back.number_of_edges() == 3
    assert back.nodes["auth-bg"]["degree"] == 0 and back.nodes["ngo-ro"]["kind"] == "ngo"


def test_metrics_csv_and_json(small_graph: Store) -> None:
    graph, rows = _expected(small_graph)
    report = compute_metrics(graph)
    csv_lines = _bytes(write_metrics, report, "csv").decode("utf-8").splitlines()
    assert len(csv_lines) == 5 and csv_lines[0].split(",")[:3] == ["id", "label", "type"]
    payload = json.loads(_bytes(write_metrics, report, "json"))
    assert {row["id"] for row in payload["nodes"]} == set(rows)
    assert payload["info"]["edges"] == 3
    assert {c["group"] for c in payload["countries"]} == {"RO", "BG"}
    ro = next(c for c in payload["countries"] if c["group"] == "RO")
    assert ro["ties"] == 3 and ro["cross_border_share"] == pytest.approx(2 / 3)


def test_bad_format_is_refused(small_graph: Store) -> None:
    graph, _ = _expected(small_graph)
    with pytest.raises(ValueError, match="format"):
        _bytes(write_graph, graph, None, "pdf")


Run = Callable[..., tuple[int, str, str]]


def test_metrics_log_their_progress_by_step_off_a_terminal(small_graph: Store, run: Run, tmp_path: Path) -> None:
    code, _, err = run("metrics", "-o", str(tmp_path / "metrics.csv"))
    assert code == 0 and f"computing metrics: {len(STEPS) + 1}/{len(STEPS) + 1} steps" in err  # loading, then each
    code, out, err = run("metrics", "--format", "json")
    assert code == 0 and json.loads(out)["info"]["nodes"] == 4  # standard output holds the table alone
    assert set(json.loads(out)["info"]["seconds"]) == set(STEPS)


@pytest.mark.parametrize("fmt,rows", [("graphml", 7), ("gexf", 7), ("csv", 3), ("json", 7)])
def test_export_logs_the_rows_it_writes(small_graph: Store, run: Run, tmp_path: Path, fmt: str, rows: int) -> None:
    code, _, err = run("export", "--format", fmt, "-o", str(tmp_path / f"network.{fmt}"))
    assert code == 0 and f"writing network.{fmt}: {rows}/{rows} rows" in err  # 4 nodes and 3 edges (csv: edges)
