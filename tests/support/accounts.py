"""Helpers for the access tests: one account per role on the demo network, and sign-in."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from app import create_app
from graph.config import Settings
from graph.members import accounts
from graph.members.accounts import AccessRole
from graph.readwrite.importer import load_path
from graph.store.driver import Store

PASSWORD = "correct horse battery"
# role -> (username, organisation the account represents)
USERS: dict[AccessRole, tuple[str, str | None]] = {
    AccessRole.MEMBER: ("mara-member", "blia"),
    AccessRole.BROKER: ("bogdan-broker", "anbpr"),
    AccessRole.ADMIN: ("ada-admin", None),
}


def make_users(store: Store) -> None:
    """An active account for each role (members and brokers represent an organisation)."""
    for role, (username, org) in USERS.items():
        accounts.ensure_account(store, username, username.replace("-", " ").title(), role, PASSWORD, org, "test")


def sign_in(client: FlaskClient, role: AccessRole) -> None:
    """Put the session of ``role``'s account in ``client`` (no password round trip)."""
    if role is AccessRole.VISITOR:
        with client.session_transaction() as session:
            session.clear()
        return
    username = USERS[role][0]
    store = client.application.extensions["partnernet.store"]
    nonce = store.read(accounts.GET_CREDENTIALS, username=username)[0]["nonce"]
    with client.session_transaction() as session:
        session["account"], session["nonce"] = username, nonce


def demo_web(settings: Settings, store: Store, **config: Any) -> FlaskClient:
    """A client of a fresh app over the demo network with one account per role.

    The graph is reloaded from scratch, so tests that write start from the same state;
    CSRF is off (it is tested on its own in test_access_matrix).
    """
    from tests.support.graph import DEMO, clear

    clear(store)
    load_path(store, DEMO)
    make_users(store)
    app = create_app(settings, store=store, config={"TESTING": True, "WTF_CSRF_ENABLED": False, **config})
    return app.test_client()
