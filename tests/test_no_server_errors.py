"""Bad input never answers 500: the cases found by hand, then hypothesis driving every GET
route of the URL map (path arguments and query parameters) and the JSON bodies with
hostile values. Every answer must be below 500; a 4xx must say what is wrong."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import Rule
from werkzeug.test import EnvironBuilder

from app import create_app
from graph.config import Settings
from graph.explore.network import EgoFilters
from graph.explore.search import SearchFilters
from graph.matching.model import MatchFilters, Weights
from graph.members.accounts import AccessRole
from graph.metrics.compute import MetricOptions
from graph.metrics.subgraph import SubgraphFilter
from graph.store.driver import Store
from tests.support.accounts import demo_web, sign_in
from tests.support.graph import clear

# Every query parameter a view reads: the parameter models' fields and the views' own.
PARAMETERS = sorted(
    {
        *SubgraphFilter.model_fields,
        *MetricOptions.model_fields,
        *SearchFilters.model_fields,
        *EgoFilters.model_fields,
        *MatchFilters.model_fields,
        *(f"w.{name}" for name in Weights.model_fields),
        *("format", "lang", "sort", "next", "from", "to", "status", "actor", "target", "source", "example", "page"),
    }
)
HOSTILE = [
    "nosuch",
    "",
    "-1",
    "0",
    "1e309",
    "NaN",
    "-inf",
    "99999999999999999999999",
    "2024-02-30",
    "RO,BG,,XX-",
    "'}) DETACH DELETE n //",
    "<script>alert(1)</script>",
    "javascript:alert(1)//://",
    "%00",
    "\x00",
    "\u202e",
    "ș" * 500,
    "x" * 5000,
    "../../etc/passwd",
    "/\t/evil.test/",
    "\r\nSet-Cookie: a=b",
]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60), st.integers().map(str), st.floats().map(str))
# A real id for each path argument half of the time, so the parameters reach the view's work.
REAL = {
    "org_id": "anbpr",
    "code": "RO",
    "competence_id": "partnership-development",
    "project_id": "partnering-starter",
    "name": "vis-network.min.js",
}
RUNS = 25
hyp = settings(
    max_examples=RUNS,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
INPUTS: dict[str, int] = {}


@pytest.fixture(scope="module")
def web(settings: Settings, store: Store) -> Iterator[FlaskClient]:
    client = demo_web(settings, store)
    sign_in(client, AccessRole.ADMIN)  # the admin may open every route
    yield client
    clear(store)
    # The figure for the closing note (shown with pytest -s).
    bodies = {k: n for k, n in INPUTS.items() if " " in k}
    gets = sum(INPUTS.values()) - sum(bodies.values())
    print(json.dumps({"get_routes": len(INPUTS) - len(bodies), "get_inputs": gets, "json_bodies": bodies}))


def assert_no_server_error(response, what: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code < 500, f"{what}: {response.status_code} {response.get_data(as_text=True)[:300]}"
    if response.status_code >= 400 and response.status_code != 404:
        assert response.get_data(as_text=True).strip(), what


# --- the cases found by hand -----------------------------------------------------------


def test_metrics_of_an_empty_selection(web: FlaskClient) -> None:
    page = web.get("/metrics?competences=Library service hubs&kinds=business")  # no firm is a hub
    assert page.status_code == 200 and "No organisation matches these filters" in page.get_data(as_text=True)
    unknown = web.get("/metrics?competences=nosuch")  # a name of nothing is asked back, as on every name field
    assert unknown.status_code == 400 and "Nothing is called “nosuch”" in unknown.get_data(as_text=True)
    api = web.get("/api/metrics?competences=nosuch")
    assert api.status_code == 200 and api.get_json()["nodes"] == []
    assert web.get("/api/metrics?competences=nosuch&format=csv").get_data(as_text=True).count("\n") == 1


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv", "json"])
def test_export_of_an_empty_selection(web: FlaskClient, fmt: str) -> None:
    response = web.get(f"/api/export?projects=nosuch&format={fmt}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("method,path", [("PATCH", "/api/orgs/anbpr/profile"), ("POST", "/api/consortium")])
def test_deeply_nested_json(web: FlaskClient, method: str, path: str) -> None:
    response = web.open(path, method=method, data=deep(100_000), content_type="application/json")
    assert response.status_code == 400 and response.is_json, response.get_data(as_text=True)[:300]
    assert response.get_json()["message"]


@pytest.mark.parametrize(
    "name,content",
    [
        ("organisations.csv", b"id,name,kind,region\nbig,B,ngo,RO\nx," + b"x" * 1_048_576 + b",ngo,RO\n"),
        ("organisations.json", deep(100_000).encode()),
        ("organisations.yaml", deep(100_000).encode()),
    ],
)
def test_import_of_a_huge_cell_or_deep_nesting(web: FlaskClient, name: str, content: bytes) -> None:
    form = {"action": "check", "files": [(io.BytesIO(content), name)]}
    environ = EnvironBuilder("/admin/import", method="POST", data=form).get_environ()
    with environ["wsgi.input"]:  # a body this large is spooled to a file: close it
        response = web.open(environ)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and name in html, html[:500]


# --- every GET route, fuzzed -------------------------------------------------------------


def get_rules(app: Flask) -> list[Rule]:
    return sorted(
        (r for r in app.url_map.iter_rules() if "GET" in (r.methods or ()) and r.endpoint not in ("static",)),
        key=lambda r: r.rule,
    )


def _rule_ids() -> list[str]:
    """The GET rules, read from an app that opens nothing (a given secret, no store yet)."""
    return [r.rule for r in get_rules(create_app(Settings(secret_key="collection only"), config={"TESTING": True}))]


@pytest.mark.parametrize("rule_text", _rule_ids())
@hyp
@given(data=st.data())
def test_every_get_route_survives_hostile_parameters(web: FlaskClient, rule_text: str, data: st.DataObject) -> None:
    rule = next(r for r in get_rules(web.application) if r.rule == rule_text)
    path = rule.rule
    for argument in rule.arguments:
        real = REAL.get(argument)
        value = data.draw(st.one_of(values, st.just(real)) if real else values, label=argument)
        path = re.sub(rf"<(?:[^<>]*:)?{argument}>", quote(value, safe="").replace("\\", "\\\\"), path)
    params = data.draw(st.dictionaries(st.sampled_from(PARAMETERS), values, max_size=4), label="params")
    with web.get(path, query_string=params) as response:
        INPUTS[rule_text] = INPUTS.get(rule_text, 0) + 1
        assert_no_server_error(response, f"GET {path} {params}")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | values,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
BODY_KEYS = ["description", "website", "email", "kind", "region", "city", "required", "min_countries", "max_size"]


@pytest.mark.parametrize("method,path", [("PATCH", "/api/orgs/anbpr/profile"), ("POST", "/api/consortium")])
@hyp
@given(
    body=st.one_of(json_values, st.dictionaries(st.sampled_from(BODY_KEYS), json_values, max_size=5)),
    raw=st.sampled_from([None, "{", "[1,", '{"a":}', "\ud800", "null", deep(5000)]),
)
def test_json_bodies_survive_hostile_values(
    web: FlaskClient, method: str, path: str, body: object, raw: str | None
) -> None:
    text = raw if raw is not None and body is None else json.dumps(body)
    response = web.open(
        path, method=method, data=text.encode("utf-8", "surrogatepass"), content_type="application/json"
    )
    INPUTS[f"{method} {path}"] = INPUTS.get(f"{method} {path}", 0) + 1
    assert_no_server_error(response, f"{method} {path} {text[:200]}")
