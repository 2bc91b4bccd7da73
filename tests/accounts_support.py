"""Helpers for the access tests: one account per role on the demo network, and sign-in."""

from __future__ import annotations

from flask.testing import FlaskClient

from graph import accounts
from graph.accounts import AccessRole, MemberKind, Registration
from graph.store import Store

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
        kind = MemberKind.INSTITUTIONAL if org else MemberKind.INDIVIDUAL
        accounts.register(store, Registration(
            username=username, name=username.replace("-", " ").title(),
            email=f"{username}@example.org", password=PASSWORD, kind=kind, org=org),
            role=role, actor="test")
        if org:
            accounts.confirm(store, username, "test")


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
