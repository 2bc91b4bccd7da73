"""A strict Content-Security-Policy and its companion headers on every answer, no inline
script or event handler in any template, and ``next`` only ever a same-site path."""

from __future__ import annotations

import re
from importlib.resources import files
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient

from graph.members.accounts import AccessRole
from graph.store.driver import Store
from tests.support.accounts import PASSWORD, USERS

TEMPLATES = files("app") / "templates"


@pytest.mark.parametrize("path", ["/", "/api/stats", "/no/such/page", "/login", "/static/partnernet.css"])
def test_every_answer_carries_the_headers(demo_graph: Store, client: FlaskClient, path: str) -> None:
    with client.get(path) as response:
        headers = response.headers
    policy = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
    assert policy["style-src-elem"] == "'self'"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def _templates() -> list[tuple[str, str]]:
    found = []
    stack = [TEMPLATES]
    while stack:
        for entry in stack.pop().iterdir():
            if entry.is_dir():
                stack.append(entry)
            elif entry.name.endswith(".html"):
                found.append((entry.name, entry.read_text("utf-8")))
    return found


def test_no_inline_script_or_handler_in_any_template() -> None:
    templates = _templates()
    assert len(templates) > 20
    for name, text in templates:
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, f"{name}: inline script {tag}"
        assert not re.search(r"\son[a-z]+\s*=", text), f"{name}: inline event handler"
        assert "javascript:" not in text.lower(), name


OFF_SITE = [
    "/%09/evil.test/",
    "//evil.test",
    "\\\\evil.test",
    "/\\evil.test",
    "%0A",
    "%0D",
    "/%0A/evil.test",
    "/x%0D%0ASet-Cookie:%20a=b",
    "https://evil.test",
    "https:evil.test",
    "javascript:alert(1)",
    "/%20/evil.test",
    "%2F%2Fevil.test",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_next_never_leaves_the_site(demo_accounts: Store, client: FlaskClient, target: str) -> None:
    client.application.config["WTF_CSRF_ENABLED"] = False
    username = USERS[AccessRole.MEMBER][0]
    response = client.post(f"/login?next={target}", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/orgs?q=timi%C8%99oara&kind=library", "/orgs/blia/edit", "/metrics?sort=-degree"])
def test_next_keeps_a_path_of_this_site(demo_accounts: Store, client: FlaskClient, target: str) -> None:
    client.application.config["WTF_CSRF_ENABLED"] = False
    username = USERS[AccessRole.MEMBER][0]
    response = client.post(f"/login?next={quote(target)}", data={"username": username, "password": PASSWORD})
    assert response.headers["Location"] == target
