"""Serving the app in production: gunicorn, several worker processes of several threads.

Why processes: a request spends most of its time in Python (templates, the driver's
decoding, scoring), and one process runs Python on one core at a time (the GIL). Each
worker builds its own app with :func:`app.create_app` after the fork and opens its own
store; the graph server (the embedded one, started by ``partnernet serve`` before the
workers) is shared, and the master keeps it running: if it dies (killed, crashed), a
thread of the master starts it again and the workers' stores reconnect on their next
query (they re-read its state file), so pages answer again without restarting. Caches
and the matching index stay correct across workers because every store on one data
directory shares the write generation (:mod:`graph.store.generation`).

Example:
    >>> serve_app(create_app, "127.0.0.1", 5000, workers=2, threads=8)  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from app.db import get_store
from graph.explore.finder import SearchIndex
from graph.matching.index import MatchIndex
from graph.store.driver import Store, StoreUnavailable
from graph.store.embedded import EmbeddedServer

log = logging.getLogger(__name__)

# A worker whose main loop is silent this long is restarted. Requests run in the
# worker's threads, so a long metrics computation does not trip it.
WORKER_TIMEOUT_SECONDS = 120
# How long a worker thread may hold the GIL while another waits (Python's default is
# 5 ms): the load test (bench/load_test.py, 50,000 organisations) gave 261 against
# 249 req/s, and 341 against 394 ms at p95 for its slowest route, in back-to-back runs.
SWITCH_INTERVAL = 0.001


class _Application(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
    """gunicorn configured from a dict, loading the app from a factory in each worker."""

    def __init__(self, factory: Callable[[], Flask], options: dict[str, Any]) -> None:
        self.factory = factory
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Flask:
        return self.factory()


def _prepare(worker: Any) -> None:
    """Open the worker's store before it takes requests, and start building its
    matching and search indexes in the background (gunicorn's post_worker_init): the
    first match and search requests then wait less, or not at all (seconds of building
    at 50,000 organisations).

    An unreachable graph server is logged and the worker serves anyway: its pages
    answer 503 until the server is back, as they would if it went away later.

    The worker ignores SIGINT: Ctrl-C reaches the whole process group, and the master
    then sends the workers SIGQUIT too; a worker that got both could enter gunicorn's
    quit handler twice and block on its own thread pool's lock until the master killed it
    30 s later. Only the master's word stops a worker now.

    The worker's threads take turns on the GIL every :data:`SWITCH_INTERVAL`: a thread
    back from the graph server with its answer waits up to that long for the GIL while
    another renders a page, once per query, so a page of ten queries waited up to 50 ms
    at Python's default of 5 ms.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.setswitchinterval(SWITCH_INTERVAL)
    with worker.wsgi.app_context():
        try:
            store = get_store()
        except StoreUnavailable as exc:
            log.warning("worker %s started without the graph server: %s", worker.pid, exc)
            return
    threading.Thread(target=_build_indexes, args=(store,), daemon=True, name="index-warm-up").start()


def _build_indexes(store: Store) -> None:
    try:
        MatchIndex.current(store)
        SearchIndex.current(store)
    except StoreUnavailable as exc:  # the first match or search request builds them instead
        log.warning("indexes not built at worker start: %s", exc)


def _supervisor(server: EmbeddedServer) -> tuple[Callable[[Any], None], Callable[[Any], None]]:
    """gunicorn hooks (when_ready, on_exit) that keep ``server`` running in the master.

    The thread lives as long as the master: a server it restarts is its child, and
    Linux's parent-death signal stops that child when the thread ends.
    """
    stopping = threading.Event()

    def start(_arbiter: Any) -> None:
        threading.Thread(
            target=server.keep_running, args=(stopping,), daemon=True, name="graph-server-supervisor"
        ).start()

    def stop(_arbiter: Any) -> None:
        stopping.set()
        server.stop_if_owned()

    return start, stop


def serve_app(
    factory: Callable[[], Flask],
    host: str,
    port: int,
    workers: int,
    threads: int,
    supervise: EmbeddedServer | None = None,
) -> None:
    """Serve ``factory()``'s app on ``host:port`` until SIGINT or SIGTERM, keeping the
    embedded graph server ``supervise`` (if given) running meanwhile."""
    hooks: dict[str, Any] = {}
    if supervise is not None:
        hooks["when_ready"], hooks["on_exit"] = _supervisor(supervise)
    _Application(
        factory,
        {
            **hooks,
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": WORKER_TIMEOUT_SECONDS,
            "post_worker_init": _prepare,
            "proc_name": "partnernet",
            "control_socket_disable": True,  # one per user by default: instances would clash
        },
    ).run()
