"""Accounts: registration, confirmation, login/logout, passwords, rate limits, the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from app import create_app
from graph.config import Settings
from graph.members import accounts
from graph.members.accounts import AccessRole, AccountStatus, Registration
from graph.readwrite.importer import load_path
from graph.store.driver import Store
from tests.support.graph import DEMO

PASSWORD = "a long passphrase"


@pytest.fixture()
def graph(empty_graph: Store) -> Store:
    load_path(empty_graph, DEMO / "regions.yaml")
    load_path(empty_graph, DEMO / "organisations.yaml")
    return empty_graph


@pytest.fixture()
def web(settings: Settings, store: Store, tmp_path: Path) -> FlaskClient:
    """A client of an app with CSRF on, as in production (its own file of failed sign-ins)."""
    config = {
        "TESTING": True,
        "LOGIN_LIMIT_PAIR": 3,
        "LOGIN_LIMIT_IP": 5,
        "LOGIN_FAILURES_FILE": str(tmp_path / "failures.sqlite"),
    }
    return create_app(settings, store=store, config=config).test_client()


def token(client: FlaskClient, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def post(client: FlaskClient, path: str, form_page: str, **fields: str):  # type: ignore[no-untyped-def]
    return client.post(path, data={"csrf_token": token(client, form_page), **fields})


def register(client: FlaskClient, username: str, **extra: str):  # type: ignore[no-untyped-def]
    fields = {
        "username": username,
        "name": "Ana Pop",
        "email": f"{username}@example.org",
        "password": PASSWORD,
        "kind": "individual",
        **extra,
    }
    return post(client, "/register", "/register", **fields)


def login(client: FlaskClient, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return post(client, "/login", "/login", username=username, password=password)


def test_individual_member_registers_and_signs_in(graph: Store, web: FlaskClient) -> None:
    assert register(web, "ana-pop").status_code == 302
    assert login(web, "ana-pop").status_code == 302
    page = web.get("/account").get_data(as_text=True)
    assert "ana-pop" in page and "member" in page
    assert post(web, "/logout", "/account").status_code == 302
    assert web.get("/account").status_code == 302  # back to the login form


def test_password_is_hashed_and_never_displayed(graph: Store, web: FlaskClient) -> None:
    register(web, "ana-pop")
    stored = graph.read(accounts.GET_CREDENTIALS, username="ana-pop")[0]["hash"]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    for account in accounts.list_accounts(graph):
        assert "hash" not in account.model_dump_json() and "argon2" not in account.model_dump_json()


def test_institutional_member_waits_for_confirmation(graph: Store, web: FlaskClient) -> None:
    response = register(web, "bj-cluj", kind="institutional", org="blia")
    assert response.status_code == 302
    refused = login(web, "bj-cluj")
    assert refused.status_code == 401 and "not confirmed yet" in refused.get_data(as_text=True)
    accounts.confirm(graph, "bj-cluj", "test")
    assert login(web, "bj-cluj").status_code == 302
    assert web.get("/orgs/blia/edit").status_code == 200
    assert web.get("/orgs/anbpr/edit").status_code == 403  # not their organisation


def test_registration_errors_name_the_field(graph: Store, web: FlaskClient) -> None:
    bad = register(web, "X", email="not-an-address", password="short", kind="institutional", org="no-such-org")
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert 'id="username-error"' in html and 'id="email-error"' in html
    assert 'id="password-error"' in html
    unknown_org = register(web, "good-name", kind="institutional", org="no-such-org")
    assert unknown_org.status_code == 400 and "Nothing is called “no-such-org”" in unknown_org.get_data(as_text=True)
    register(web, "ana-pop")
    taken = register(web, "ana-pop")
    assert taken.status_code == 400 and "is taken" in taken.get_data(as_text=True)


def test_person_ids_cannot_be_taken_over(empty_graph: Store, web: FlaskClient) -> None:
    load_path(empty_graph, DEMO)
    response = register(web, "irina-vladescu")  # a broker of the demo network
    assert response.status_code == 400 and "is taken" in response.get_data(as_text=True)


def test_password_change_ends_other_sessions(graph: Store, settings: Settings, store: Store, web: FlaskClient) -> None:
    register(web, "ana-pop")
    other = create_app(settings, store=store, config={"TESTING": True}).test_client()
    login(web, "ana-pop")
    login(other, "ana-pop")
    wrong = post(
        web, "/account/password", "/account", old_password="wrong one here", new_password="a new long passphrase"
    )
    assert wrong.status_code == 400 and "not correct" in wrong.get_data(as_text=True)
    changed = post(web, "/account/password", "/account", old_password=PASSWORD, new_password="a new long passphrase")
    assert changed.status_code == 302
    assert web.get("/account").status_code == 200  # this session goes on
    assert other.get("/account").status_code == 302  # the other one is over
    assert login(web, "ana-pop", "a new long passphrase").status_code == 302


def test_disabled_account_is_signed_out(graph: Store, web: FlaskClient) -> None:
    register(web, "ana-pop")
    login(web, "ana-pop")
    assert web.get("/account").status_code == 200  # the session's account is now cached
    accounts.set_status(graph, "ana-pop", AccountStatus.DISABLED, "test")
    assert web.get("/account").status_code == 302
    assert login(web, "ana-pop").status_code == 401


def test_role_change_takes_effect_on_the_next_request(graph: Store, web: FlaskClient) -> None:
    register(web, "ana-pop")
    login(web, "ana-pop")
    assert web.get("/broker").status_code == 403
    accounts.set_role(graph, "ana-pop", AccessRole.BROKER, "test")
    assert web.get("/broker").status_code == 200
    accounts.set_role(graph, "ana-pop", AccessRole.MEMBER, "test")
    assert web.get("/broker").status_code == 403


def test_login_is_rate_limited_per_account_address_pair_and_per_address(graph: Store, web: FlaskClient) -> None:
    register(web, "ana-pop")
    for _ in range(3):
        assert login(web, "ana-pop", "wrong password!").status_code == 401
    blocked = login(web, "ana-pop")  # even the right password waits now
    assert blocked.status_code == 429 and "Too many failed sign-ins" in blocked.get_data(True)
    assert int(blocked.headers["Retry-After"]) > 0
    for name in ("someone-1", "someone-2"):
        login(web, name, "guess guess guess")
    assert login(web, "someone-3", "guess guess guess").status_code == 429  # the IP's limit


def test_session_cookie_flags(graph: Store, web: FlaskClient) -> None:
    register(web, "ana-pop")
    response = login(web, "ana-pop")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_open_redirect_is_refused(graph: Store, web: FlaskClient) -> None:
    register(web, "ana-pop")
    response = web.post(
        "/login?next=//evil.example/x",
        data={"csrf_token": token(web, "/login"), "username": "ana-pop", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_cli_creates_the_first_admin(graph: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.cli import cli

    monkeypatch.setenv("PARTNERNET_DATA", str(settings.data_dir))
    runner = CliRunner()
    empty = runner.invoke(cli, ["users", "list"])
    assert empty.exit_code == 0 and empty.output.startswith("no accounts yet")
    result = runner.invoke(
        cli,
        [
            "users",
            "create",
            "--username",
            "root-admin",
            "--name",
            "Root Admin",
            "--email",
            "root@example.org",
            "--role",
            "admin",
            "--password",
            PASSWORD,
        ],
    )
    assert result.exit_code == 0, result.output
    account = accounts.get_account(graph, "root-admin")
    assert account.role is AccessRole.ADMIN and account.status is AccountStatus.ACTIVE
    again = runner.invoke(
        cli,
        [
            "users",
            "create",
            "--username",
            "root-admin",
            "--name",
            "X",
            "--email",
            "x@example.org",
            "--password",
            PASSWORD,
        ],
    )
    assert again.exit_code == 1 and "is taken" in again.output
    listed = runner.invoke(cli, ["users", "list", "--json"])
    assert "root-admin" in listed.output and "argon2" not in listed.output
    table = runner.invoke(cli, ["users", "list"]).output.splitlines()
    assert table[0].split() == ["USER", "ROLE", "STATUS", "ORGANISATION"]
    assert table[1].split()[:3] == ["root-admin", "admin", "active"]


def test_registration_model_requires_org_for_institutions() -> None:
    with pytest.raises(ValueError, match="organisation"):
        Registration(username="abc", name="A", email="a@b.org", password=PASSWORD, kind="institutional")


def test_a_refused_registration_explains_itself_in_the_readers_language(graph: Store, web: FlaskClient) -> None:
    web.get("/?lang=ro")
    refused = register(web, "ana-scurt", password="scurt", email="not an address")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Cel puțin 10 caractere." in html and "Introduceți o adresă de e-mail." in html
    assert "String should have" not in html and "is not an e-mail address" not in html
