"""Waiting for a graph server process to be gone, after a kill or a stop."""

from __future__ import annotations

import time

from graph.store.embedded import _process_alive


def wait_gone(pid: int, marker: str, seconds: float = 20) -> bool:
    """True once the process ``pid`` (whose command line names ``marker``) has exited;
    False if it still runs after ``seconds``. A SIGKILL takes effect asynchronously: a
    JVM with many threads can take a while to exit, and until then it looks alive."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _process_alive(pid, marker):
            return True
        time.sleep(0.1)
    return False
