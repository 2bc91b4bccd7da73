"""The write generation: counters every write increases, shared between processes.

Cached reads (:mod:`graph.store.cache`) and the matching index (:mod:`graph.matching.index`)
remember the generation they were computed at and are not served once it has moved.
The counters live in a small memory-mapped file in the data directory, so every
process using that directory sees every other's writes at once: the web server's
worker processes, and a ``partnernet load`` run beside them. Reading one is an
8-byte load from shared memory; increasing them takes a file lock.

Slot 0 counts every write; the other slots count writes by what they changed (the
topics of :mod:`graph.store.changes`), so that a view depending only on some topics is
kept across writes of others (an introduction leaves the search cache alone). A write that
its writer declares no cached view shows (``Store.cache_neutral``) counts only in the slots
of the topics it records, for the in-memory views that follow those.

Where the file cannot be made (no data directory, as may be with a Neo4j server; a
read-only or full one) the counter lives in this process's memory instead: writes by
other processes are then seen only when cached values expire (the caches' time-to-live).

Example:
    >>> generation = Generation.open(None)
    >>> before = generation.value
    >>> generation.bump()
    >>> generation.value == before + 1
    True
    >>> generation.bump([2])
    >>> generation.read([1]), generation.read([2])  # bump() counted every topic
    (1, 2)
    >>> generation.bump([3], every=False)
    >>> generation.value, generation.read([3])
    (2, 2)
"""

from __future__ import annotations

import fcntl
import logging
import mmap
import os
import struct
import threading
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

_COUNTER = struct.Struct("<Q")
# Room for the topic counters (graph.store.changes.Topic numbers them from 1).
SLOTS = 16
_SIZE = _COUNTER.size * SLOTS


class Generation:
    """64-bit counters in shared memory (file-backed) or private memory (anonymous):
    slot 0 for every write, the others by topic."""

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
                    size = os.fstat(fd).st_size
                    if size < _SIZE:  # new, or written by a version with fewer slots
                        os.pwrite(fd, bytes(_SIZE - size), size)
                    return cls(mmap.mmap(fd, _SIZE), fd)
                except OSError as exc:
                    os.close(fd)
                    log.warning("write generation kept in memory: cannot map %s (%s)", path, exc.strerror)
        return cls(mmap.mmap(-1, _SIZE), None)

    @property
    def value(self) -> int:
        """The count of every write (every process sharing the file sees the same)."""
        return self._slot(0)

    def _slot(self, slot: int) -> int:
        return int(_COUNTER.unpack_from(self._memory, slot * _COUNTER.size)[0])

    def read(self, slots: Iterable[int]) -> int:
        """The sum of the counters ``slots``: it moves when any of them does."""
        return sum(self._slot(s) for s in slots)

    def bump(self, slots: Iterable[int] = range(1, SLOTS), every: bool = True) -> None:
        """Count one write in slot 0 and in ``slots`` (by default all: a write whose
        effect is not declared may have changed anything), atomically across threads
        and processes; without ``every``, in ``slots`` only (a write no cached view shows,
        counted for the views that follow some topics)."""
        with self._lock:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                for slot in {0, *slots} if every else set(slots):
                    _COUNTER.pack_into(self._memory, slot * _COUNTER.size, self._slot(slot) + 1)
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
            private = mmap.mmap(-1, _SIZE)
            private[:] = self._memory[:_SIZE]
            shared, self._memory = self._memory, private
            shared.close()
            os.close(self._fd)
            self._fd = None
