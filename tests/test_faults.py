"""Faults: the graph server stopped, killed mid-import, read-only or full disk, concurrent writers.

These tests start their OWN embedded servers in their own data directories (they stop
and kill them), never the session's. The disk tests mount small tmpfs file systems and
are skipped where mounting is not allowed (not root, or a container without it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j import ManagedTransaction

from app import create_app
from app.cli import cli
from graph.backup.archive import graph_checksum
from graph.config import Settings
from graph.explore.counts import stats
from graph.readwrite.dataset import Dataset, read_dataset
from graph.readwrite.generator import generate
from graph.readwrite.importer import LoadInterrupted, load_dataset, load_path
from graph.store.driver import Store
from graph.store.embedded import EmbeddedServer, EmbeddedServerError, _free_port
from tests.support.graph import DEMO, clear, drop_audit_trail
from tests.support.processes import wait_gone

pytestmark = pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")), reason="these faults concern the embedded server")
TIMESTAMPS = ("created_at", "updated_at")  # when a row was written, not what it says


def _settings(data_dir: Path) -> Settings:
    return Settings.from_env(data_dir=data_dir, heap="512m", start_timeout=90)


@pytest.fixture()
def own_store(tmp_path: Path) -> Iterator[Store]:
    """A store on its own embedded server, which the test may stop or kill."""
    store = Store.open(_settings(tmp_path / "data"))
    yield store
    store.close()


@pytest.fixture()
def restart(own_store: Store) -> Iterator[Callable[[], EmbeddedServer]]:
    """Start a new server on ``own_store``'s data directory, as ``partnernet db start`` would."""
    started: list[EmbeddedServer] = []

    def start() -> EmbeddedServer:
        assert own_store.server is not None
        server = EmbeddedServer(own_store.server.graph_dir, "512m", 90)
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def _generated(tmp_path: Path, orgs: int, seed: int = 3) -> Dataset:
    generate(tmp_path / "gen", orgs, seed)
    return read_dataset(tmp_path / "gen", {})


def test_pages_answer_503_then_recover_when_the_server_returns_on_a_new_port(
    own_store: Store, restart: Callable[[], EmbeddedServer], tmp_path: Path
) -> None:
    load_path(own_store, DEMO)
    client = create_app(_settings(tmp_path / "data"), store=own_store, config={"TESTING": True}).test_client()
    assert client.get("/").status_code == 200
    old_uri = own_store.uri
    assert own_store.server is not None and own_store.server.stop()

    # Pages that read the graph answer 503 (cached views, such as the home counts,
    # keep answering from graph.store.cache: see the README's "Caching and load").
    page = client.get("/orgs/anbpr")
    assert page.status_code == 503 and "not reachable" in page.get_data(as_text=True)
    api = client.get("/api/orgs/anbpr")
    assert api.status_code == 503 and api.get_json()["error"] == "service_unavailable"
    assert client.get("/readyz").status_code == 503
    assert client.get("/readyz").get_json()["graph"] is False
    assert client.get("/healthz").status_code == 200

    restart()
    assert client.get("/orgs/anbpr").status_code == 200
    assert client.get("/api/stats").get_json()["organisations"] == 84
    assert client.get("/readyz").get_json() == {"status": "ready", "graph": True, "schema": True}
    assert own_store.uri != old_uri


def test_cli_says_one_line_when_the_server_is_unreachable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{_free_port()}")
    monkeypatch.setenv("NEO4J_PASSWORD", "unused")
    result = CliRunner().invoke(cli, ["stats"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("partnernet: error: the graph server is unreachable")


@pytest.mark.slow
def test_kill_during_import_keeps_whole_batches_and_a_rerun_converges(
    own_store: Store, restart: Callable[[], EmbeddedServer], tmp_path: Path
) -> None:
    dataset = _generated(tmp_path, 3000)
    assert own_store.server is not None
    info = own_store.server.status()
    assert info is not None
    org_batches = 0

    def kill_during_the_fifth_batch(table: str, rows: int) -> None:
        nonlocal org_batches
        org_batches += table == "organisations"
        if table == "organisations" and org_batches == 4:
            threading.Timer(0.05, os.kill, (info.pid, signal.SIGKILL)).start()

    with pytest.raises(LoadInterrupted, match="whole committed batch") as caught:
        load_dataset(own_store, dataset, batch_size=250, progress=kill_during_the_fifth_batch)
    committed = caught.value.report.rows.get("organisations", 0)
    # The kill is asynchronous: a restart while the JVM is still exiting would find it running.
    assert wait_gone(info.pid, str(own_store.server.graph_dir))

    restart()  # the database recovers from its transaction log
    organisations = stats(own_store).organisations
    assert organisations % 250 == 0  # whole batches only
    assert committed <= organisations <= committed + 250  # the last may have committed unseen

    load_dataset(own_store, dataset, batch_size=250)
    resumed = graph_checksum(drop_audit_trail(own_store), ignore=TIMESTAMPS)
    clear(own_store)
    load_dataset(own_store, dataset, batch_size=1000)
    assert graph_checksum(drop_audit_trail(own_store), ignore=TIMESTAMPS) == resumed


def _edit_note(tx: ManagedTransaction, org_id: str, note: int) -> None:
    # A user's edit of a property the import does not set.
    tx.run("MATCH (o:Organisation {id: $id}) SET o.broker_note = $note", id=org_id, note=note)


def test_concurrent_imports_and_edits_lose_no_update(own_store: Store, tmp_path: Path) -> None:
    dataset = _generated(tmp_path, 600)
    load_dataset(own_store, dataset, batch_size=100)
    single = graph_checksum(drop_audit_trail(own_store), ignore=(*TIMESTAMPS, "broker_note"))
    org_id = dataset.rows("organisations")[7].id
    errors: list[BaseException] = []

    def importing() -> None:
        try:
            load_dataset(own_store, dataset, batch_size=100)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    def editing() -> None:
        for note in range(1, 41):
            own_store.write_tx(_edit_note, org_id, note)

    clear(own_store)  # both imports create the same new nodes at once
    threads = [threading.Thread(target=importing) for _ in range(2)]
    threads.append(threading.Thread(target=editing))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    load_dataset(own_store, dataset, batch_size=100)  # the edits may have preceded the org
    for note in range(41, 61):  # now edits certainly race the imports
        racing = threading.Thread(target=importing)
        racing.start()
        own_store.write_tx(_edit_note, org_id, note)
        racing.join()
    assert errors == []
    assert graph_checksum(drop_audit_trail(own_store), ignore=(*TIMESTAMPS, "broker_note")) == single
    assert _notes(own_store) == [(org_id, 60)]  # the last edit survived every import


def _notes(store: Store) -> list[tuple[str, int]]:
    def work(tx: ManagedTransaction) -> list[tuple[str, int]]:
        result = tx.run(
            "MATCH (o:Organisation) WHERE o.broker_note IS NOT NULL RETURN o.id AS id, o.broker_note AS note"
        )
        return [(r["id"], r["note"]) for r in result]

    return store.read_tx(work)


# -- disks: read-only and full ---------------------------------------------------------


@pytest.fixture()
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 12 MB tmpfs mounted for the test (skipped where mounting is not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({made.stderr.strip() or 'not root'})")
    yield mount
    EmbeddedServer(mount / "data" / "graph").stop()
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _remount(mount: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(mount)], check=True)


def test_read_only_data_directory_is_a_clear_error_and_corrupts_nothing(tmpfs: Path) -> None:
    _remount(tmpfs, "size=96m")  # room for the demo: this test is about read-only, not full
    settings = _settings(tmpfs / "data")
    with Store.open(settings) as store:
        load_path(store, DEMO)
        before = graph_checksum(store)
    _remount(tmpfs, "ro")
    with pytest.raises(EmbeddedServerError, match="is not writable .*Read-only file system"):
        Store.open(settings)
    _remount(tmpfs, "rw")
    with Store.open(settings) as store:
        assert graph_checksum(store) == before


def test_full_disk_stops_the_load_cleanly_and_a_rerun_finishes_it(tmpfs: Path, tmp_path: Path) -> None:
    dataset = _generated(tmp_path, 2000)
    settings = _settings(tmpfs / "data")
    with Store.open(settings) as store:
        with pytest.raises(LoadInterrupted, match="whole committed batch"):
            load_dataset(store, dataset, batch_size=250)
        assert store.ping()  # the server survives the full disk
    _remount(tmpfs, "size=96m")
    with Store.open(settings) as store:  # restarts on the same files: no corruption
        report = load_dataset(store, dataset, batch_size=250)
        counts = stats(store)
    assert counts.organisations == report.rows["organisations"] == 2000
    assert counts.projects == report.rows["projects"]
