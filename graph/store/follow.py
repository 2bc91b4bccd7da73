"""In-memory views of the graph that follow the change log instead of being rebuilt.

A :class:`Follower` keeps, for each store, the current value of an in-memory view (the
matching index, the name search index): built once, synchronously, at first use; then
updated in place from the change log (:mod:`graph.store.changes`). Before a value is
handed out, the log is polled when the write generation of the view's topics moved (a
write through this data directory: this process, another worker, a ``partnernet load``)
or :data:`POLL_SECONDS` have passed (a write by another app server on the same Neo4j),
and the view re-reads only the organisations named (:meth:`Followed.update`). A load too
big to name its organisations (``BULK``), a reader that missed more than the log keeps,
or a value older than the one staleness constant (:data:`graph.store.cache.TTL_SECONDS`)
is rebuilt in a background thread while the previous value keeps serving, marked
``refreshing`` so that pages can say so; small views (under :data:`SYNC_BUILD_SIZE`) are
rebuilt at once, which costs less than serving a stale one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from graph.store import changes
from graph.store.cache import TTL_SECONDS, PerStore
from graph.store.changes import Topic
from graph.store.driver import Store

# How often the log is polled when no write through this data directory was seen: the
# bound on how late a write by another app server on the same Neo4j shows.
POLL_SECONDS = 1.0
# Below this many organisations a rebuild is done at once (well under a second).
SYNC_BUILD_SIZE = 2000
NOW = 2**62  # a time after every change: asks the log for the server's clock only

log = logging.getLogger(__name__)


def server_clock(store: Store) -> int:
    """The graph server's clock in milliseconds (the change log's time): a view reads it
    before it reads the graph, and follows the changes recorded since (less the lag)."""
    return changes.parse(store.read(changes.CHANGES_SINCE, since=NOW))[0]


class Followed(Protocol):
    """What a follower needs of a view."""

    built_at: float  # time.monotonic() when it was built
    read_at: int  # server_clock() before it read the graph
    refreshing: bool  # set while a newer one is built in the background

    def __len__(self) -> int: ...

    def update(self, store: Store, org_ids: list[str]) -> None:
        """Re-read the organisations ``org_ids`` and put their facts in place."""


F = TypeVar("F", bound=Followed)


class Follower(Generic[F]):
    """The current ``build(store)`` of each store, following the change records of
    ``topics`` (module doc)."""

    def __init__(self, build: Callable[[Store], F], topics: frozenset[Topic]) -> None:
        self.build, self.topics = build, topics | {Topic.BULK}
        self._keepers: PerStore[Store, _Keeper[F]] = PerStore(lambda _: _Keeper(self))

    def current(self, store: Store) -> F:
        """The store's value, fresh under the rule of the module doc."""
        return self._keepers(store).current(store)


class _Keeper(Generic[F]):
    """The current value of one follower for one store."""

    def __init__(self, follower: Follower[F]) -> None:
        self.follower = follower
        self.value: F | None = None
        self.lock = threading.Lock()
        self.seen = -1  # the generation of the topics at the last poll
        self.polled = 0.0  # time.monotonic() of the last poll
        self.since = 0  # the server's clock at the last poll
        # Change id -> its time, for changes still in the lag window: the deltas applied
        # to this value, and the bulk changes a rebuild was started for (kept across it).
        self.applied: dict[str, int] = {}
        self.bulk: dict[str, int] = {}
        self.again = False  # a rebuild was asked for while one ran

    def current(self, store: Store) -> F:
        with self.lock:
            if self.value is None:
                self._install(self.follower.build(store))
            assert self.value is not None
            seen = store.generation_of(self.follower.topics)
            if seen != self.seen or time.monotonic() - self.polled >= POLL_SECONDS:
                self.seen = seen
                self._poll(store)
            if time.monotonic() - self.value.built_at > TTL_SECONDS:
                self._rebuild(store)
            return self.value

    def _install(self, value: F) -> None:
        self.value, self.since, self.applied = value, value.read_at, {}

    def _poll(self, store: Store) -> None:
        """Apply the changes recorded since the last poll (those already applied skipped)."""
        assert self.value is not None
        now, found = changes.parse(store.read(changes.CHANGES_SINCE, since=self.since - changes.LAG_MS))
        if now - self.since > changes.RETENTION_MS - changes.LAG_MS:
            self._rebuild(store)  # records this poll needed may be pruned already
        fresh = [c for c in found if c.id not in self.applied and c.id not in self.bulk]
        if any(c.topic is Topic.BULK for c in fresh):
            self._rebuild(store)
        orgs = sorted({o for c in fresh if c.topic in self.follower.topics for o in c.orgs})
        if orgs:
            self.value.update(store, orgs)
        for seen in (self.applied, self.bulk):
            for i in [i for i, at in seen.items() if at < now - 2 * changes.LAG_MS]:
                del seen[i]
        self.bulk.update((c.id, c.at) for c in fresh if c.topic is Topic.BULK)
        self.applied.update((c.id, c.at) for c in fresh if c.topic is not Topic.BULK)
        if self.since // changes.RETENTION_MS != now // changes.RETENTION_MS:
            changes.prune(store, now - changes.RETENTION_MS)
        self.since, self.polled = now, time.monotonic()

    def _rebuild(self, store: Store) -> None:
        """Build a new value in the background (the current one serves meanwhile), or at
        once when it is small."""
        assert self.value is not None
        if len(self.value) < SYNC_BUILD_SIZE and not self.value.refreshing:
            self._install(self.follower.build(store))
            return
        if self.value.refreshing:
            self.again = True
            return
        self.value.refreshing = True
        threading.Thread(target=self._build, args=(store,), daemon=True, name="follower-rebuild").start()

    def _build(self, store: Store) -> None:
        try:
            value = self.follower.build(store)
        except Exception:  # the previous value keeps serving; the next poll asks again
            log.exception("background rebuild of %s failed", self.follower.build)
            with self.lock:
                assert self.value is not None
                self.value.refreshing = False
            return
        with self.lock:
            self._install(value)  # the next poll applies what changed since it was read
            self.seen = -1
            if self.again:
                self.again = False
                self._rebuild(store)
