"""Sessions end server-side, passwords are Argon2id (older scrypt hashes still verify and
are upgraded), failed sign-ins are limited per (account, address) and per address in a
file all workers share, every failure reads the same, and the network keeps an admin."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from app import create_app
from app.ratelimit import LoginLimiter
from graph.config import Settings
from graph.members import accounts, audit
from graph.members.accounts import AccessRole, AccountError, AccountStatus, Registration
from graph.store.driver import Store

PASSWORD = "a long passphrase"


@pytest.fixture()
def app(empty_graph: Store, settings: Settings, tmp_path: Path) -> Flask:
    """An app with CSRF on, its own failure file, and small limits."""
    config = {
        "TESTING": True,
        "LOGIN_LIMIT_PAIR": 3,
        "LOGIN_LIMIT_IP": 6,
        "LOGIN_FAILURES_FILE": str(tmp_path / "failures.sqlite"),
    }
    return create_app(settings, store=empty_graph, config=config)


def member(store: Store, username: str = "ana-pop", **extra: object) -> None:
    reg = Registration(username=username, name="Ana Pop", email=f"{username}@example.org", password=PASSWORD, **extra)
    accounts.register(store, reg, actor="test")


def csrf(client: FlaskClient, path: str = "/login") -> str:
    found = re.search(r'name="csrf_token"[^>]* value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert found
    return found.group(1)


def login(client: FlaskClient, username: str, password: str = PASSWORD, address: str = "192.0.2.1"):  # type: ignore[no-untyped-def]
    return client.post(
        "/login",
        data={"csrf_token": csrf(client), "username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_a_cookie_saved_before_logout_no_longer_works(empty_graph: Store, app: Flask) -> None:
    member(empty_graph)
    browser = app.test_client()
    assert login(browser, "ana-pop").status_code == 302
    saved = browser.get_cookie("session")
    assert saved is not None and browser.get("/account").status_code == 200
    assert browser.post("/logout", data={"csrf_token": csrf(browser, "/account")}).status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", saved.value)
    assert thief.get("/account").status_code == 302  # to the login form: the session is over
    events = [e.action for e in audit.list_events(empty_graph, target_id="ana-pop")]
    assert "account.logout" in events


def test_new_passwords_are_argon2id(empty_graph: Store) -> None:
    member(empty_graph)
    stored = empty_graph.read(accounts.GET_CREDENTIALS, username="ana-pop")[0]["hash"]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert accounts.verify_password(stored, PASSWORD) and not accounts.verify_password(stored, PASSWORD + "x")


def test_scrypt_hashes_still_verify_and_are_upgraded_at_sign_in(empty_graph: Store, app: Flask) -> None:
    member(empty_graph)
    legacy = generate_password_hash(PASSWORD, method="scrypt")  # what the previous version stored
    assert legacy.startswith("scrypt:") and accounts.verify_password(legacy, PASSWORD)
    assert not accounts.verify_password(legacy, "a wrong passphrase")
    nonce = accounts.set_password(empty_graph, "ana-pop", "placeholder-pass", actor="test")
    empty_graph.write(accounts.SET_PASSWORD, username="ana-pop", hash=legacy, nonce=nonce)
    assert login(app.test_client(), "ana-pop").status_code == 302
    upgraded = empty_graph.read(accounts.GET_CREDENTIALS, username="ana-pop")[0]
    assert upgraded["hash"].startswith("$argon2id$") and upgraded["nonce"] == nonce  # sessions kept
    assert accounts.check_password(empty_graph, "ana-pop", PASSWORD) is not None


@pytest.mark.parametrize("broken", ["scrypt:1:8:1$salt$00", "scrypt:x$salt$00", "plain", "$argon2id$v=19$broken"])
def test_broken_hashes_never_verify(broken: str) -> None:
    assert not accounts.verify_password(broken, PASSWORD)


def test_an_attacker_cannot_lock_the_owner_out(empty_graph: Store, app: Flask) -> None:
    member(empty_graph)
    attacker = app.test_client()
    for _ in range(10):
        assert login(attacker, "ana-pop", "guess guess guess", address="203.0.113.9").status_code in (401, 429)
    blocked = login(attacker, "ana-pop", address="203.0.113.9")  # even the right password waits there
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert login(app.test_client(), "ana-pop", address="192.0.2.7").status_code == 302  # the owner, elsewhere


def test_one_address_cannot_guess_many_accounts(empty_graph: Store, app: Flask) -> None:
    client = app.test_client()
    answers = [login(client, f"someone-{i}", "guess guess guess").status_code for i in range(7)]
    assert answers[:6] == [401] * 6 and answers[6] == 429


def test_failures_are_shared_by_every_worker(empty_graph: Store, app: Flask, settings: Settings) -> None:
    member(empty_graph)
    worker_2 = create_app(settings, store=empty_graph, config=app.config)  # another process, same file
    for client in (app.test_client(), worker_2.test_client(), app.test_client()):
        login(client, "ana-pop", "guess guess guess")
    assert login(worker_2.test_client(), "ana-pop").status_code == 429


def test_limiter_forgets_after_the_window(tmp_path: Path) -> None:
    limiter = LoginLimiter(tmp_path / "f.sqlite", pair_limit=1, address_limit=5, window=1.5)
    limiter.failed("ana", "192.0.2.1")
    assert limiter.retry_after("ana", "192.0.2.1") > 0 and limiter.retry_after("ana", "192.0.2.2") == 0
    time.sleep(1.6)
    assert limiter.retry_after("ana", "192.0.2.1") == 0


def test_every_failed_sign_in_reads_the_same(empty_graph: Store, app: Flask) -> None:
    member(empty_graph)
    accounts.register(
        empty_graph,
        Registration(username="waiting-one", name="W", email="w@example.org", password=PASSWORD),
        status=AccountStatus.PENDING,
        actor="test",
    )
    accounts.register(
        empty_graph,
        Registration(username="gone-one", name="G", email="g@example.org", password=PASSWORD),
        actor="test",
    )
    accounts.set_status(empty_graph, "gone-one", AccountStatus.DISABLED, "test")
    client = app.test_client()
    answers = [
        login(client, "waiting-one"),
        login(client, "gone-one"),
        login(client, "ana-pop", "wrong password!"),
        login(client, "nobody-here"),
    ]
    # the page without its form (which shows the user name typed back): the same for all
    messages = {a.get_data(as_text=True).split("<form")[0] for a in answers}
    assert {a.status_code for a in answers} == {401} and len(messages) == 1


def test_the_last_admin_stays(empty_graph: Store) -> None:
    member(empty_graph, "ada-admin")
    member(empty_graph, "bob-admin")
    accounts.set_role(empty_graph, "ada-admin", AccessRole.ADMIN, "test")
    with pytest.raises(AccountError, match="last active admin"):
        accounts.set_role(empty_graph, "ada-admin", AccessRole.MEMBER, "test")
    with pytest.raises(AccountError, match="last active admin"):
        accounts.set_status(empty_graph, "ada-admin", AccountStatus.DISABLED, "test")
    accounts.set_role(empty_graph, "bob-admin", AccessRole.ADMIN, "test")
    accounts.set_status(empty_graph, "ada-admin", AccountStatus.DISABLED, "test")  # bob is still there
    with pytest.raises(AccountError, match="last active admin"):
        accounts.set_role(empty_graph, "bob-admin", AccessRole.BROKER, "test")
    assert accounts.get_account(empty_graph, "bob-admin").role is AccessRole.ADMIN


def test_admins_cannot_give_a_role_that_does_not_exist(empty_graph: Store, settings: Settings) -> None:
    member(empty_graph, "ada-admin")
    member(empty_graph)
    accounts.set_role(empty_graph, "ada-admin", AccessRole.ADMIN, "test")
    with pytest.raises(AccountError, match="role"):
        accounts.set_role(empty_graph, "ana-pop", AccessRole.VISITOR, "test")
    app = create_app(settings, store=empty_graph, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    admin = app.test_client()
    with admin.session_transaction() as session:
        nonce = empty_graph.read(accounts.GET_CREDENTIALS, username="ada-admin")[0]["nonce"]
        session["account"], session["nonce"] = "ada-admin", nonce
    for role in ("visitor", "superuser"):
        answer = admin.post("/admin/users/ana-pop/role", data={"role": role})
        assert answer.status_code == 400 and "role must be one of" in answer.get_data(as_text=True)
    demote_self = admin.post("/admin/users/ada-admin/role", data={"role": "member"})
    assert demote_self.status_code == 400
    assert accounts.get_account(empty_graph, "ana-pop").role is AccessRole.MEMBER
