"""GEXF files Gephi opens coloured: viz:color by kind and viz:size from the exports, and
the explorer's current view (colours, sizes and positions as drawn) through
``POST /api/network/gexf``; bad views are refused with the field named."""

from __future__ import annotations

import io

import networkx as nx
import pytest
from flask.testing import FlaskClient

from app import create_app
from graph.config import Settings
from graph.palette import KIND_COLOURS, rgb
from graph.readwrite.exports import write_graph
from graph.store.driver import Store


def _colour(viz: dict) -> str:
    return "#{:02x}{:02x}{:02x}".format(viz["color"]["r"], viz["color"]["g"], viz["color"]["b"])


def test_exported_gexf_is_coloured_by_kind_and_sized_by_degree() -> None:
    graph = nx.Graph()
    graph.add_node("lib", label="Biblioteca Județeană", kind="library")
    graph.add_node("ngo", label="Asociația Ștefan", kind="ngo")
    graph.add_node("auth", label="Primăria", kind="authority")
    graph.add_node("alone", label="Nobody's partner", kind="university")
    graph.add_edges_from([("lib", "ngo"), ("lib", "auth")], weight=1)
    out = io.BytesIO()
    write_graph(graph, None, "gexf", out)
    back = nx.read_gexf(io.BytesIO(out.getvalue()))
    for node, kind in (("lib", "library"), ("ngo", "ngo"), ("auth", "authority"), ("alone", "university")):
        assert _colour(back.nodes[node]["viz"]) == KIND_COLOURS[kind]
    sizes = {node: back.nodes[node]["viz"]["size"] for node in back}
    assert sizes["lib"] > sizes["ngo"] == sizes["auth"] > sizes["alone"]
    assert all("position" not in back.nodes[node]["viz"] for node in back)  # no layout, no positions
    assert back.nodes["lib"]["label"] == "Biblioteca Județeană"
    assert 'title="viz"' not in out.getvalue().decode()  # Gephi's own elements, not an attribute column


def test_graphml_carries_no_viz() -> None:
    graph = nx.path_graph(["a", "b"])
    out = io.BytesIO()
    write_graph(graph, None, "graphml", out)
    assert "viz" not in out.getvalue().decode()


VIEW = {
    "nodes": [
        {
            "id": "anbpr",
            "label": "Asociația Națională (ANBPR)",
            "type": "organisation",
            "kind": "ngo",
            "country": "RO",
            "colour": "#0072b2",
            "size": 36,
            "x": 10.5,
            "y": -20,
        },
        {
            "id": "blia",
            "label": 'BLIA <&> "quoted"',
            "type": "organisation",
            "kind": "ngo",
            "country": "BG",
            "colour": "#e69f00",
            "size": 12.25,
            "x": -100,
            "y": 40,
        },
        {"id": "project:p1", "label": "Reading bridges", "type": "project", "size": 8, "x": 0, "y": 0},
    ],
    "edges": [
        {"source": "anbpr", "target": "blia", "rel": "partner", "weight": 3},
        {"source": "anbpr", "target": "not-drawn", "rel": "member", "weight": 1},
    ],
}


@pytest.fixture()
def poster(settings: Settings, store: Store) -> FlaskClient:
    return create_app(settings, store=store, config={"TESTING": True, "WTF_CSRF_ENABLED": False}).test_client()


def test_the_drawn_view_as_gexf(poster: FlaskClient) -> None:
    response = poster.post("/api/network/gexf", json=VIEW)
    assert response.status_code == 200
    assert response.mimetype == "application/gexf+xml"
    assert "attachment" in response.headers["Content-Disposition"]
    back = nx.read_gexf(io.BytesIO(response.data))
    assert set(back.nodes) == {"anbpr", "blia", "project:p1"}
    assert list(back.edges) == [("anbpr", "blia")]  # the tie to an undrawn node is dropped
    assert back.edges["anbpr", "blia"]["weight"] == 3
    anbpr, blia = back.nodes["anbpr"], back.nodes["blia"]
    assert _colour(anbpr["viz"]) == "#0072b2" and _colour(blia["viz"]) == "#e69f00"  # as drawn (by country)
    assert anbpr["viz"]["size"] == 36 and blia["viz"]["size"] == 12.25
    # Positions as drawn, y turned upwards (the canvas counts y downwards, Gephi upwards).
    assert (anbpr["viz"]["position"]["x"], anbpr["viz"]["position"]["y"]) == (10.5, 20)
    assert (blia["viz"]["position"]["x"], blia["viz"]["position"]["y"]) == (-100, -40)
    assert blia["label"] == 'BLIA <&> "quoted"' and anbpr["country"] == "RO"
    project = back.nodes["project:p1"]
    assert _colour(project["viz"]) == KIND_COLOURS["project"]  # no colour drawn: the kind's
    assert rgb(KIND_COLOURS["project"]) == (project["viz"]["color"]["r"],) + (
        project["viz"]["color"]["g"],
        project["viz"]["color"]["b"],
    )


@pytest.mark.parametrize(
    "body,field",
    [
        ({"nodes": [{"id": "a", "label": "A", "colour": "red"}]}, "nodes.0.colour"),
        ({"nodes": [{"id": "a", "label": "A", "x": "far"}]}, "nodes.0.x"),
        ({"nodes": [{"label": "A"}]}, "nodes.0.id"),
        ({"edges": []}, "nodes"),
        ([1, 2], "body"),
    ],
)
def test_a_bad_view_is_refused_naming_the_field(poster: FlaskClient, body: object, field: str) -> None:
    response = poster.post("/api/network/gexf", json=body)
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["error"] == "bad_request" and answer["parameter"] == field, answer  # the one error shape
    assert repr(field) in answer["message"]


def test_the_view_needs_the_csrf_token(settings: Settings, store: Store) -> None:
    client = create_app(settings, store=store, config={"TESTING": True}).test_client()
    assert client.post("/api/network/gexf", json=VIEW).status_code == 400
