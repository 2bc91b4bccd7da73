"""The access matrix: every route of app.url_map, requested as every role.

Each rule must have a policy entry; a role below the rule's minimum gets a redirect to
the login form (pages) or 401 (API) when signed out, 403 when signed in; a role at or
above it is let through (no 401/403, never a 500). No contact value of the demo data
reaches a visitor, in HTML, JSON or CSV.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from flask import Flask
from werkzeug.routing import Rule

from app import create_app
from app.access import POLICY
from graph.config import Settings
from graph.members.accounts import AccessRole
from graph.readwrite.importer import load_path
from graph.store.driver import Store
from tests.support.accounts import USERS, make_users, sign_in
from tests.support.graph import DEMO, clear

# A demo value for every URL parameter name. Explorer routes: add theirs when merging.
DEMO_PARAMS = {
    "org_id": "blia",  # the member's own organisation
    "intro_id": "intro-dgaspc-constanta-agenda21",
    "username": "nobody-here",
    "competence": "advocacy-training",
    "kind": "offer",
    "hub_id": "no-such-hub",
    "filename": "partnernet.css",
    "name": "vis-network.min.js",
    "code": "RO-TM",
    "competence_id": "advocacy-training",
    "project_id": "partnering-starter",
    "consortium_id": "no-such-consortium",
    "request_id": "no-such-request",
    "token": "0" * 32,  # no such import job: the admin gets 404, the others are refused first
}
ROLES = list(AccessRole)


def contact_values() -> set[str]:
    """Every contact value of the demo organisations and people."""
    values: set[str] = set()
    for table, fields in (("organisations", ("email", "phone", "contact_name")), ("people", ("email", "phone"))):
        for row in yaml.safe_load(Path(DEMO / f"{table}.yaml").read_text("utf-8")):
            values.update(str(row[f]) for f in fields if row.get(f))
    return values


@pytest.fixture(scope="module")
def matrix_app(settings: Settings, store: Store) -> Iterator[Flask]:
    clear(store)
    load_path(store, DEMO)
    make_users(store)
    # CSRF off here: this test is about roles (test_csrf_is_enforced checks tokens).
    yield create_app(settings, store=store, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    clear(store)


def rules(app: Flask) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda r: r.rule)


def url(rule: Rule) -> str:
    missing = set(rule.arguments) - set(DEMO_PARAMS)
    assert not missing, f"add a demo value for {missing} (rule {rule.rule}) to DEMO_PARAMS"
    path = rule.rule
    for name in rule.arguments:
        path = path.replace(f"<{name}>", DEMO_PARAMS[name])
        for converter in ("any(offer, need):", "path:", "int:"):
            path = path.replace(f"<{converter}{name}>", DEMO_PARAMS[name])
    return path


def owns(role: AccessRole, path: str) -> bool:
    """Whether ``role``'s test account may edit the organisation in ``path``."""
    if role is AccessRole.ADMIN:
        return True
    org = USERS.get(role, ("", None))[1]
    return org is not None and f"/orgs/{org}/" in path


def test_every_rule_has_a_policy(matrix_app: Flask) -> None:
    missing = {r.endpoint for r in rules(matrix_app)} - set(POLICY)
    assert not missing, f"endpoints without an access rule in app/access.py: {missing}"


def test_unknown_endpoint_is_denied(settings: Settings, store: Store, matrix_app: Flask) -> None:
    app = create_app(settings, store=store, config={"TESTING": True})
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    assert app.test_client().get("/forgotten").status_code == 403


def cases(app: Flask) -> Iterator[tuple[Rule, str, str]]:
    for rule in rules(app):
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield rule, method, url(rule)


def test_access_matrix(matrix_app: Flask) -> None:
    checked = 0
    failures = []
    for role in ROLES:
        client = matrix_app.test_client()
        for rule, method, path in cases(matrix_app):
            sign_in(client, role)
            response = client.open(path, method=method)
            response.close()
            needed = POLICY[rule.endpoint]
            allowed = role.at_least(needed)
            status = response.status_code
            if allowed and rule.endpoint.startswith("edit.") and not owns(role, path):
                allowed, needed = False, AccessRole.ADMIN  # someone else's organisation
            is_api = path.startswith("/api/")
            if allowed:
                # a failed login answers 401 with the form again: not an access refusal
                refusals = (403,) if rule.endpoint == "auth.login" else (401, 403)
                ok = (
                    status < 500 and status not in refusals and "/login" not in (response.headers.get("Location") or "")
                )
            elif role is AccessRole.VISITOR:
                ok = status == 401 if is_api else (status == 302 and "/login" in response.headers["Location"])
            else:
                ok = status == 403
            if not ok:
                failures.append(f"{role.value:<7} {method:<5} {path} -> {status} (needs {needed.value})")
            checked += 1
    assert not failures, "\n".join(failures)
    assert checked >= 4 * 30


def test_member_edits_only_own_organisation(matrix_app: Flask) -> None:
    client = matrix_app.test_client()
    sign_in(client, AccessRole.MEMBER)
    assert client.get(f"/orgs/{USERS[AccessRole.MEMBER][1]}/edit").status_code == 200
    assert client.get("/orgs/anbpr/edit").status_code == 403
    sign_in(client, AccessRole.ADMIN)
    assert client.get("/orgs/anbpr/edit").status_code == 200


def test_no_contact_leaks_to_visitors(matrix_app: Flask) -> None:
    secrets = contact_values()
    assert len(secrets) > 20
    client = matrix_app.test_client()
    pages = 0
    for _rule, method, path in cases(matrix_app):
        if method != "GET":
            continue
        for suffix in ("", "?format=json", "?format=csv"):
            response = client.get(path + suffix)
            body = response.get_data(as_text=True)
            response.close()
            leaked = [s for s in secrets if s in body]
            assert not leaked, f"{path}{suffix} shows {leaked[:3]} to a visitor"
            pages += 1
    assert pages > 10


def test_members_see_contacts(matrix_app: Flask) -> None:
    client = matrix_app.test_client()
    sign_in(client, AccessRole.ADMIN)
    assert "parteneriate@anbpr.example.org" in client.get("/orgs/anbpr/edit").get_data(True)


def test_csrf_is_enforced(settings: Settings, store: Store, matrix_app: Flask) -> None:
    app = create_app(settings, store=store, config={"TESTING": True})
    client = app.test_client()
    sign_in(client, AccessRole.MEMBER)
    response = client.post("/orgs/blia/edit", data={"description": "forged"})
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    api = client.patch("/api/orgs/blia/profile", json={"description": "forged"})
    assert api.status_code == 400 and api.get_json()["message"]
    visitor = app.test_client()
    assert visitor.post("/orgs/blia/edit").status_code == 302  # access is checked first
