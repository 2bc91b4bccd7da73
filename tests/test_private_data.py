"""What holds hashes and contacts stays its owner's: the data directory 0700, backups 0600,
and /readyz tells visitors whether it is ready, never how it is wired."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app import create_app
from graph.backup.archive import backup
from graph.config import Settings
from graph.store.driver import Store
from graph.store.embedded import _free_port


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backup_is_written_0600(empty_graph: Store, tmp_path: Path) -> None:
    out = tmp_path / "backups" / "graph.pnbak"
    backup(empty_graph, out)
    assert mode(out) == 0o600


def test_data_directory_is_0700(tmp_path: Path) -> None:
    fresh = Settings.from_env(data_dir=tmp_path / "fresh" / "data")
    assert mode(fresh.prepare_data_dir()) == 0o700
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o755)
    loose.chmod(0o755)
    assert mode(Settings.from_env(data_dir=loose).prepare_data_dir()) == 0o700


def test_the_session_data_directory_is_0700(store: Store, settings: Settings) -> None:
    create_app(settings, store=store)
    assert mode(settings.data_dir) == 0o700


def test_readyz_shows_no_internals(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    port = _free_port()
    unreachable = Settings.from_env(data_dir=tmp_path, neo4j_uri=f"bolt://127.0.0.1:{port}", neo4j_password="x")
    client = create_app(unreachable, config={"TESTING": True}).test_client()
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.get_json() == {"status": "unavailable", "graph": False}
    assert str(port) not in answer.get_data(as_text=True)
    assert str(port) in caplog.text  # the operator finds the reason in the log
