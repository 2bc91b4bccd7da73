"""Failed sign-ins, limited per (account, address) pair and per address, for all workers.

Limiting per account alone lets anyone lock the owner out by typing wrong passwords
for their user name; so the keys are the pair (user name, client address), which
stops guessing one account from one place, and the address, which stops one place
guessing many accounts. The owner signing in from another address is not affected.

Failures are kept in a small SQLite file in the data directory
(``DATA/login_failures.sqlite``), so every gunicorn worker process (and every thread)
counts the same failures: SQLite serialises the writers, and each check-and-count is
one short transaction. Rows older than the window are deleted as they are met.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

_SCHEMA = "CREATE TABLE IF NOT EXISTS failure (key TEXT NOT NULL, at REAL NOT NULL)"
_INDEX = "CREATE INDEX IF NOT EXISTS failure_key ON failure (key, at)"


class LoginLimiter:
    """At most ``pair_limit`` failures per (user, address) and ``address_limit`` per
    address within ``window`` seconds, counted in the SQLite file ``path``."""

    def __init__(self, path: Path, pair_limit: int, address_limit: int, window: float) -> None:
        self.path, self.window = path, window
        self.limits = {"pair": pair_limit, "address": address_limit}
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.execute(_SCHEMA)
            db.execute(_INDEX)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=10, isolation_level=None)) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    @staticmethod
    def _keys(username: str, address: str) -> dict[str, str]:
        return {"pair": f"pair:{username}\n{address}", "address": f"address:{address}"}

    def retry_after(self, username: str, address: str) -> float:
        """Seconds until ``username`` may try again from ``address`` (0 when it may now)."""
        now = time.time()
        wait = 0.0
        with self._db() as db:
            db.execute("DELETE FROM failure WHERE at <= ?", (now - self.window,))
            for kind, key in self._keys(username, address).items():
                count, first = db.execute("SELECT count(*), min(at) FROM failure WHERE key = ?", (key,)).fetchone()
                if count >= self.limits[kind]:
                    wait = max(wait, first + self.window - now)
        return wait

    def failed(self, username: str, address: str) -> None:
        """Count one failed sign-in of ``username`` from ``address``."""
        now = time.time()
        with self._db() as db:
            db.executemany(
                "INSERT INTO failure VALUES (?, ?)", [(k, now) for k in self._keys(username, address).values()]
            )

    def succeeded(self, username: str, address: str) -> None:
        """Forget the pair's failures after a right password (the address's stay counted)."""
        with self._db() as db:
            db.execute("DELETE FROM failure WHERE key = ?", (self._keys(username, address)["pair"],))
