"""ONE JSON error shape for every /api answer: refused parameters, unknown ids, access,
methods, sizes and an unreachable graph alike (see app/errors.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app import create_app
from graph.config import Settings
from graph.members.accounts import AccessRole
from graph.store.driver import Store
from tests.support.accounts import demo_web, sign_in
from tests.support.editing import if_match

CALL = {"title": "T", "competences": [{"id": "advocacy-training", "min_level": 2}], "max_size": 0}

# Every /api rule -> a refused request: (method, URL, JSON body, status, parameter named).
# test_every_api_route_has_a_refused_request fails for a new /api route missing here.
REFUSED: dict[str, list[tuple[str, str, Any, int, str | None]]] = {
    "/api/admin/audit": [("GET", "/api/admin/audit?actor=a&actor=b", None, 400, "actor")],
    "/api/competences": [("POST", "/api/competences", None, 405, None)],  # it takes no parameter to refuse
    "/api/competences/<competence_id>": [("GET", "/api/competences/no-such-competence", None, 404, None)],
    "/api/admin/import/<token>": [("GET", "/api/admin/import/" + "0" * 32, None, 404, None)],
    "/api/consortia": [("POST", "/api/consortia", None, 405, None)],  # it takes no parameter to refuse
    "/api/consortia/<consortium_id>": [("GET", "/api/consortia/no-such-consortium", None, 404, None)],
    "/api/consortium": [
        ("POST", "/api/consortium", CALL, 400, "max_size"),
        ("POST", "/api/consortium", ["not", "a", "call"], 400, "body"),
    ],
    "/api/export": [("GET", "/api/export?format=pdf", None, 400, "format")],
    "/api/introductions": [("GET", "/api/introductions?status=lost", None, 400, "status")],
    "/api/introductions/<intro_id>": [("GET", "/api/introductions/no-such-introduction", None, 404, None)],
    "/api/match/<org_id>": [
        ("GET", "/api/match/no-such-org", None, 404, None),
        ("GET", "/api/match/blia?top=0", None, 400, "top"),
        ("GET", "/api/match/blia?colour=red", None, 400, "colour"),
    ],
    "/api/metrics": [
        ("GET", "/api/metrics?kinds=castle", None, 400, "kinds"),
        ("GET", "/api/metrics?sort=name", None, 400, "sort"),
    ],
    "/api/network/gexf": [
        ("POST", "/api/network/gexf", ["not", "a", "view"], 400, "body"),
        ("POST", "/api/network/gexf", {"nodes": "many"}, 400, "nodes"),
    ],
    "/api/orgs": [("GET", "/api/orgs?kind=castle", None, 400, "kind")],
    "/api/orgs/<org_id>": [("GET", "/api/orgs/no-such-org", None, 404, None)],
    "/api/orgs/<org_id>/network": [
        ("GET", "/api/orgs/no-such-org/network", None, 404, None),
        ("GET", "/api/orgs/anbpr/network?depth=3", None, 400, "depth"),
    ],
    "/api/orgs/<org_id>/profile": [
        ("PATCH", "/api/orgs/blia/profile", {"colour": "red"}, 400, "colour"),
        ("PATCH", "/api/orgs/blia/profile", {"kind": "castle"}, 400, "kind"),
        ("PATCH", "/api/orgs/blia/profile", "text", 400, "body"),
    ],
    "/api/path": [
        ("GET", "/api/path?from=anbpr", None, 400, "to"),
        ("GET", "/api/path?from=anbpr&to=anbpr", None, 400, "to"),
        ("GET", "/api/path?from=anbpr&to=no-such-org", None, 404, None),
    ],
    "/api/projects": [("GET", "/api/projects?year=abc", None, 400, "year")],
    "/api/projects/<project_id>": [("GET", "/api/projects/no-such-project", None, 404, None)],
    "/api/regions": [("GET", "/api/regions?balkan=maybe", None, 400, "balkan")],
    "/api/regions/<code>": [("GET", "/api/regions/not-a-code", None, 400, "code")],
    "/api/requests": [("GET", "/api/requests?until=someday", None, 400, "until")],
    "/api/requests/<request_id>": [("GET", "/api/requests/no-such-request", None, 404, None)],
    "/api/suggest": [
        ("GET", "/api/suggest?type=castle&q=a", None, 400, "type"),
        ("GET", "/api/suggest?type=org&q=" + "a" * 201, None, 400, "q"),
    ],
    "/api/stats": [("POST", "/api/stats", None, 405, None)],  # it takes no parameter to refuse
}
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}
CODES |= {413: "request_entity_too_large", 428: "precondition_required", 503: "service_unavailable"}


def assert_shape(answer: TestResponse, status: int, parameter: str | None = None) -> dict[str, Any]:
    """``answer`` is the one error shape: error, message, parameter if any, fields if any."""
    assert answer.status_code == status, answer.get_data(as_text=True)[:300]
    assert answer.mimetype == "application/json"
    body = answer.get_json()
    assert set(body) <= {"error", "message", "parameter", "fields"}, body
    assert body["error"] == CODES[status]
    assert isinstance(body["message"], str) and len(body["message"]) > 10
    assert body.get("parameter") == parameter
    if parameter is not None:
        assert repr(parameter) in body["message"]
    if "fields" in body:
        assert parameter in body["fields"] and all(isinstance(v, str) for v in body["fields"].values())
    return body  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def admin(settings: Settings, store: Store) -> Iterator[FlaskClient]:
    """An admin's client (every route is open to it), CSRF off."""
    client = demo_web(settings, store)
    sign_in(client, AccessRole.ADMIN)
    yield client


def api_rules(app: Flask) -> set[str]:
    return {rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}


def test_every_api_route_has_a_refused_request(admin: FlaskClient) -> None:
    assert api_rules(admin.application) == set(REFUSED)


@pytest.mark.parametrize(
    ("method", "url", "body", "status", "parameter"),
    [case for cases in REFUSED.values() for case in cases],
)
def test_refused_requests_answer_the_one_shape(
    admin: FlaskClient, method: str, url: str, body: Any, status: int, parameter: str | None
) -> None:
    headers = if_match(admin, "blia") if method == "PATCH" else {}
    assert_shape(admin.open(url, method=method, json=body, headers=headers), status, parameter)


def test_links_built_for_a_page_with_a_json_twin_go_to_the_page(admin: FlaskClient) -> None:
    """A view served at both ``/x`` and ``/api/x`` is linked (``url_for``) at ``/x``: pages
    link pages, never their JSON twins."""
    app = admin.application
    twinned = {r.endpoint for r in app.url_map.iter_rules() if r.rule.startswith("/api/")}
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint in twinned and not rule.rule.startswith("/api/"):
                built = url_for(rule.endpoint, **dict.fromkeys(rule.arguments, "x"))
                assert not built.startswith("/api/"), (rule.endpoint, built)


def test_every_api_route_answers_a_wrong_method_in_the_shape(admin: FlaskClient) -> None:
    for rule in admin.application.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<[^>]+>", "x", rule.rule)
            wrong = "DELETE"
            answer = assert_shape(admin.open(path, method=wrong), 405)
            assert answer["message"]
            assert admin.open(path, method=wrong).headers["Allow"]


def test_unknown_paths_access_and_sizes_answer_the_shape(settings: Settings, store: Store) -> None:
    visitor = demo_web(settings, store, MAX_CONTENT_LENGTH=1000)
    assert_shape(visitor.get("/api/no-such-thing"), 404)
    assert_shape(visitor.get("/api/match/blia"), 401)
    sign_in(visitor, AccessRole.MEMBER)
    assert_shape(visitor.get("/api/admin/audit"), 403)
    assert_shape(visitor.patch("/api/orgs/anbpr/profile", json={"website": "https://x.org"}), 403)
    sign_in(visitor, AccessRole.BROKER)
    assert_shape(visitor.post("/api/consortium", json={"title": "x" * 2000}), 413)
    sign_in(visitor, AccessRole.ADMIN)  # an edit without the version it edits: 428, naming the header
    assert_shape(visitor.patch("/api/orgs/blia/profile", json={"city": "Sofia"}), 428, "If-Match")
    assert_shape(visitor.get("/orgs/blia/match?top=0&format=json"), 400, "top")  # a page's JSON twin too


def test_unreachable_graph_answers_the_shape(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, neo4j_uri="bolt://127.0.0.1:9", neo4j_password="x")
    client = create_app(settings, config={"TESTING": True}).test_client()
    assert_shape(client.get("/api/orgs"), 503)
    page = client.get("/orgs?lang=ro")  # people get the page, in their language
    assert page.status_code == 503 and "nu poate fi accesată acum" in page.get_data(as_text=True)
