"""Settings: each read from its environment variable, and the login limits taking effect."""

from __future__ import annotations

from pathlib import Path

from app import create_app
from graph.config import Settings
from graph.store.driver import Store


def test_every_setting_is_read_from_its_variable() -> None:
    environ = {variable: "7" for variable, _, _ in Settings.documented() if "LOGIN" in variable}
    environ |= {"PARTNERNET_DATA": "/srv/pn", "NEO4J_URI": "bolt://db:7687", "PARTNERNET_HEAP": "512m"}
    settings = Settings.from_env(environ, node_cap=50)
    assert (settings.login_limit_pair, settings.login_limit_ip, settings.login_window_seconds) == (7, 7, 7.0)
    assert str(settings.data_dir) == "/srv/pn" and settings.neo4j_uri == "bolt://db:7687" and settings.heap == "512m"
    assert settings.node_cap == 50 and not settings.embedded
    assert Settings.from_env({}) == Settings()  # nothing set: every default


def test_login_limits_come_from_the_environment(settings: Settings, store: Store, tmp_path: Path) -> None:
    limited = Settings.from_env({"PARTNERNET_LOGIN_LIMIT_PAIR": "2"}, data_dir=settings.data_dir)
    config = {"TESTING": True, "WTF_CSRF_ENABLED": False, "LOGIN_FAILURES_FILE": str(tmp_path / "failures.sqlite")}
    client = create_app(limited, store=store, config=config).test_client()
    wrong = {"username": "nobody-here", "password": "not the password"}
    assert [client.post("/login", data=wrong).status_code for _ in range(3)] == [401, 401, 429]
