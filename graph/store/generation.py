"""The write generation: a counter every write increases, shared between processes.

Cached reads (:mod:`graph.store.cache`) and the matching index (:mod:`graph.matching.index`)
remember the generation they were computed at and are not served once it has moved.
The counter lives in a small memory-mapped file in the data directory, so every
process using that directory sees every other's writes at once: the web server's
worker processes, and a ``partnernet load`` run beside them. Reading it is one
8-byte load from shared memory; increasing it takes a file lock.

Where the file cannot be made (no data directory, as may be with a Neo4j server; a
read-only or full one) the counter lives in this process's memory instead: writes by
other processes are then seen only when cached values expire (the caches' time-to-live).

Example:
    >>> generation = Generation.open(None)
    >>> before = generation.value
    >>> generation.bump()
    >>> generation.value == before + 1
    True
"""

from __future__ import annotations

import fcntl
import logging
import mmap
import os
import struct
import threading
from pathlib import Path

log = logging.getLogger(__name__)

_COUNTER = struct.Struct("<Q")


class Generation:
    """A 64-bit counter in shared memory (file-backed) or private memory (anonymous)."""

    def __init__(self, memory: mmap.mmap, fd: int | None) -> None:
        self._memory = memory
        self._fd = fd  # the backing file, locked while bumping; None for private memory
        self._lock = threading.Lock()

    @property
    def shared(self) -> bool:
        """True while the counter lives in the shared file (False: private memory)."""
        return self._fd is not None

    @classmethod
    def open(cls, path: Path | None) -> Generation:
        """The counter kept in ``path`` (created at zero), or a private one when
        ``path`` is None, its directory is missing, or it cannot be created or mapped."""
        if path is not None:
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            except FileNotFoundError:
                log.debug("write generation kept in memory: no directory for %s", path)
            except OSError as exc:
                log.warning("write generation kept in memory: cannot open %s (%s)", path, exc.strerror)
            else:
                try:
                    if os.fstat(fd).st_size < _COUNTER.size:
                        os.pwrite(fd, bytes(_COUNTER.size), 0)
                    return cls(mmap.mmap(fd, _COUNTER.size), fd)
                except OSError as exc:
                    os.close(fd)
                    log.warning("write generation kept in memory: cannot map %s (%s)", path, exc.strerror)
        return cls(mmap.mmap(-1, _COUNTER.size), None)

    @property
    def value(self) -> int:
        """The current count (every process sharing the file sees the same)."""
        return int(_COUNTER.unpack_from(self._memory)[0])

    def bump(self) -> None:
        """Increase the counter by one, atomically across threads and processes."""
        with self._lock:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                _COUNTER.pack_into(self._memory, 0, self.value + 1)
            finally:
                if self._fd is not None:
                    fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        """Unmap and close the shared file (a writable mapping keeps its file system
        busy, e.g. from being remounted read-only); the counter carries on privately
        from its last value, so a late reader of a closed store still gets a number."""
        with self._lock:  # not while a bump holds the file lock
            if self._fd is None:
                return
            private = mmap.mmap(-1, _COUNTER.size)
            _COUNTER.pack_into(private, 0, self.value)
            shared, self._memory = self._memory, private
            shared.close()
            os.close(self._fd)
            self._fd = None
