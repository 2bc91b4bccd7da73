"""Waiting for a graph server process to be killed or gone, after a kill or a stop."""

from __future__ import annotations

import time
from pathlib import Path

from graph.store.embedded import _process_state


def wait_gone(pid: int, marker: str, seconds: float = 20) -> bool:
    """True once the process ``pid`` (whose command line names ``marker``) has finished
    exiting; False if it still runs or exits after ``seconds``. A SIGKILL takes effect
    asynchronously: a JVM with many threads and a large heap takes a while to exit."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _process_state(pid, marker) == "gone":
            return True
        time.sleep(0.1)
    return False


def wait_torn_down(pid: int, seconds: float = 20) -> None:
    """Return once the kernel has begun to tear ``pid`` down after a kill (its command
    line is emptied then, while its memory and files are still being released) or it is
    gone: what one who sees it die (a refused connection, a supervisor) sees."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if not Path(f"/proc/{pid}/cmdline").read_bytes():
                return
        except OSError:
            return
