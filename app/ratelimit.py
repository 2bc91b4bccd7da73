"""A small in-process limiter of failed logins, per account and per client address.

Sliding windows of failure times in memory, per process: ``partnernet serve`` runs
several worker processes (2 by default), each with its own limiter, so a client may
get up to that many times the limit. Put the same limit in the reverse proxy too.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class AttemptLimiter:
    """At most ``limit`` failures per key within ``window`` seconds."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        times = self._failures[key]
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def retry_after(self, key: str) -> float:
        """Seconds until ``key`` may try again (0 when it may now)."""
        now = time.monotonic()
        with self._lock:
            times = self._prune(key, now)
            return times[0] + self.window - now if len(times) >= self.limit else 0.0

    def failed(self, key: str) -> None:
        with self._lock:
            self._prune(key, time.monotonic()).append(time.monotonic())

    def reset(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
