"""``partnernet serve`` in production mode: gunicorn worker processes sharing one graph
server and one write generation, a killed worker replaced, everything stopped with it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.config import Settings
from graph.members.editing import remove_link, set_offer
from graph.models import Offer
from graph.store.driver import Store
from graph.store.embedded import EmbeddedServer, _free_port, _process_alive
from tests.support.graph import DEMO, ROOT

WORKERS = 2


@contextmanager
def serving(data_dir: Path, *extra: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``partnernet serve --workers 2`` on ``data_dir``: its base URL and process."""
    port = _free_port()
    env = {**os.environ, "PARTNERNET_DATA": str(data_dir)}
    log_path = data_dir / f"serve-{port}.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "partnernet"),
                "serve",
                "--port",
                str(port),
                "--workers",
                str(WORKERS),
                "--threads",
                "4",
                *extra,
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while _status(base + "/readyz") != 200:
            assert server.poll() is None, f"serve exited: {log_path.read_text()}"
            assert time.monotonic() < deadline, "serve did not become ready"
            time.sleep(0.3)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=60)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except OSError:
        return 0


def _stats(base: str) -> dict[str, int]:
    """/api/stats on a fresh connection, so each call may reach either worker."""
    with urllib.request.urlopen(base + "/api/stats", timeout=30) as response:
        return json.load(response)  # type: ignore[no-any-return]


def _workers(master: int, graph_server: int) -> set[int]:
    """The worker processes of serve's master (its other child is the graph server)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return {int(pid) for pid in children} - {graph_server}


def test_a_write_is_seen_by_every_worker_at_once(demo_graph: Store, settings: Settings, store: Store) -> None:
    with serving(settings.data_dir) as (base, _):
        before = _stats(base)
        assert all(_stats(base) == before for _ in range(20))  # both workers now cache it
        # This test process shares the data directory, hence the generation, with serve.
        set_offer(store, "test", Offer(org="blia", competence="advocacy-training", level=2))
        try:
            seen = [_stats(base) for _ in range(20)]
        finally:
            remove_link(store, "test", "offer", "blia", "advocacy-training")
    assert seen[0]["relationships"] > before["relationships"]
    assert all(after == seen[0] for after in seen)


def test_a_killed_worker_is_replaced_and_the_graph_server_stops_with_serve(tmp_path: Path) -> None:
    graph = EmbeddedServer(tmp_path / "graph")
    with serving(tmp_path, "--load", str(DEMO)) as (base, server):
        java = graph.status()
        assert java is not None  # started by serve, owned by its master process
        workers = _workers(server.pid, java.pid)
        assert len(workers) == WORKERS
        os.kill(min(workers), signal.SIGKILL)
        deadline = time.monotonic() + 60
        while len(_workers(server.pid, java.pid) - {min(workers)}) < WORKERS:
            assert time.monotonic() < deadline, "the killed worker was not replaced"
            time.sleep(0.3)
        assert all(_stats(base)["organisations"] == 84 for _ in range(10))
        assert graph.status() == java  # a worker's death leaves the graph server alone
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert graph.status() is None
    assert not _process_alive(java.pid, str(graph.graph_dir))
