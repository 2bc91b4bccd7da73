"""Shared fixtures: one real graph server per test session, a clean graph per test.

The server is the embedded ArcadeDB one, started in a temporary data directory, unless
``NEO4J_URI`` is set, in which case the suite runs against that Neo4j server (whose
database it empties: never point it at production data).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser, Page, sync_playwright

from app import create_app
from app.cli import cli
from graph.config import Settings
from graph.readwrite.importer import load_path
from graph.store.driver import Store
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, Recorder
from tests.support.graph import DEMO, clear


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings.from_env(data_dir=tmp_path_factory.mktemp("data"), heap="1g")


@pytest.fixture(scope="session")
def store(settings: Settings) -> Iterator[Store]:
    """The session's store; its embedded server stops when the session ends."""
    opened = Store.open(settings)
    yield opened
    opened.close()


@pytest.fixture()
def empty_graph(store: Store) -> Store:
    """The store with an empty graph (schema kept): for tests that write."""
    clear(store)
    return store


@pytest.fixture(scope="module")
def demo_graph(store: Store) -> Store:
    """The store holding exactly the demo dataset, loaded once per module: read-only use."""
    clear(store)
    load_path(store, DEMO)
    return store


@pytest.fixture()
def app(settings: Settings, store: Store) -> Flask:
    return create_app(settings, store=store, config={"TESTING": True})


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="module")
def demo_accounts(demo_graph: Store) -> Store:
    """The demo network plus one account per role (tests/accounts_support.py)."""
    from tests.support.accounts import make_users

    make_users(demo_graph)
    return demo_graph


@pytest.fixture()
def broker_client(demo_accounts: Store, settings: Settings) -> FlaskClient:
    """A client signed in as the broker; CSRF is off (tested in test_access_matrix)."""
    from graph.members.accounts import AccessRole
    from tests.support.accounts import sign_in

    app = create_app(settings, store=demo_accounts, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    sign_in(client, AccessRole.BROKER)
    return client


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the whole session (browser tests)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def run(settings: Settings, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Invoke the CLI with PARTNERNET_DATA pointing at the session's (running) server."""
    monkeypatch.setenv("PARTNERNET_DATA", str(settings.data_dir))
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(cli, list(args), catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return invoke


@pytest.fixture()
def recorded_page(browser: Browser) -> Iterator[tuple[Page, Recorder]]:
    """A fresh 1280 px page in English and its :class:`Recorder`, checked at the end: no
    request off 127.0.0.1 and no JavaScript error (browser tests)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    opened = context.new_page()
    recorder = Recorder(opened)
    yield opened, recorder
    context.close()
    recorder.check()
