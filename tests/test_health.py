"""Liveness, readiness and the one-JSON-line-per-request log."""

from __future__ import annotations

import json
import logging
import os

import pytest
from flask.testing import FlaskClient

from graph.store.driver import Store
from graph.store.health import expected_constraints


def test_healthz_and_readyz_when_all_is_well(store: Store, client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json() == {"status": "ready", "graph": True, "schema": True}


def test_expected_constraints_cover_every_keyed_label() -> None:
    labels = {label for label, prop in expected_constraints() if prop == "id"}
    assert {"Organisation", "Competence", "Region", "Project", "Person"} <= labels


def test_each_request_logs_one_json_line_without_the_query_string(
    store: Store, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="partnernet.requests"):
        client.get("/healthz?token=secret-value")
        client.get("/no/such/page")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "partnernet.requests"]
    assert lines[0]["method"] == "GET" and lines[0]["route"] == "/healthz"
    assert lines[0]["path"] == "/healthz" and lines[0]["status"] == 200
    assert isinstance(lines[0]["ms"], float) and lines[0]["pid"] == os.getpid()
    assert lines[1] == {**lines[1], "route": None, "path": "/no/such/page", "status": 404}
    assert "secret-value" not in caplog.text
