"""In-memory views of the graph that follow the change log instead of being rebuilt.

A :class:`Follower` keeps, for each store, the current value of an in-memory view (the
matching index, the search index): built once, synchronously, at first use; then
updated in place from the change log (:mod:`graph.store.changes`). Before a value is
handed out, the log is polled when the write generation of the view's topics moved (a
write through this data directory: this process, another worker, a ``partnernet load``)
or :data:`POLL_SECONDS` have passed (a write by another app server on the same Neo4j),
and the view re-reads only the organisations named (:meth:`Followed.update`). When the
generation moved only by this store's own journaled writes (:mod:`graph.store.journal`),
their facts are put in place directly (:meth:`Followed.apply`), with no query. A load too
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

log = logging.getLogger(__name__)


def log_position(store: Store) -> tuple[int, dict[str, int]]:
    """Where a view about to read the graph stands in the change log: the server's clock in
    milliseconds (the log's time; the view follows the changes recorded since, less the
    lag), and the changes already recorded (id -> time). Those committed before the view's
    reads began, so the view holds them: its first poll skips them instead of taking a load
    that just finished for a new one and rebuilding again."""
    now, found = changes.parse(store.read(changes.CHANGES_SINCE, since=0))
    return now, {c.id: c.at for c in found}


class Followed(Protocol):
    """What a follower needs of a view."""

    built_at: float  # time.monotonic() when it was built
    read_at: int  # log_position() before it read the graph: the server's clock
    included: dict[str, int]  # and the changes its read included
    refreshing: bool  # set while a newer one is built in the background

    def __len__(self) -> int: ...

    def update(self, store: Store, org_ids: list[str]) -> None:
        """Re-read the organisations ``org_ids`` and put their facts in place."""

    def apply(self, facts: tuple[changes.Fact, ...]) -> set[str]:
        """Put in place ``facts`` that this process wrote, without reading the graph; the
        organisations it could not (unknown to it) are returned, to be re-read."""


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

    def reads(self, store: Store) -> int:
        """How many times the store's value read the graph to follow it: polls of the log
        and re-reads of organisations (for tests and stats)."""
        return self._keepers(store).reads


class _Keeper(Generic[F]):
    """The current value of one follower for one store."""

    def __init__(self, follower: Follower[F]) -> None:
        self.follower = follower
        self.value: F | None = None
        self.lock = threading.Lock()
        self.seen: int | None = None  # the generation of the topics at the last poll or own update
        self.own = 0  # the part of it this store's journaled writes made (graph.store.journal)
        self.cursor = 0  # the journal entries before this one are applied (or polled)
        self.polled = 0.0  # time.monotonic() of the last poll
        self.reads = 0  # polls of the log and re-reads (Follower.reads)
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
            topics = self.follower.topics
            mark = store.journal.mark(topics, lambda: store.generation_of(topics))
            due = time.monotonic() - self.polled >= POLL_SECONDS
            if mark.generation != self.seen or due:
                own = None
                if self.seen is not None and not due and mark.generation - self.seen == mark.own - self.own:
                    own = store.journal.between(self.cursor, mark.end)  # only own writes since
                self.seen, self.own, self.cursor = mark.generation, mark.own, mark.end
                if own is None or not self._apply(store, own):
                    self._poll(store)
            if time.monotonic() - self.value.built_at > TTL_SECONDS:
                self._rebuild(store)
            return self.value

    def _install(self, value: F) -> None:
        self.value, self.since, self.applied = value, value.read_at, dict(value.included)

    def _apply(self, store: Store, own: list[changes.Change]) -> bool:
        """Put in place this store's own changes ``own`` (journal order): their facts, or a
        re-read of the organisations they name; False for a bulk change (poll instead)."""
        assert self.value is not None
        mine = [c for c in own if c.topic in self.follower.topics]
        if any(c.topic is Topic.BULK for c in mine):
            return False
        reread: set[str] = set()
        for change in mine:
            reread |= set(change.orgs) if change.facts is None else self.value.apply(change.facts)
        if reread:
            self.reads += 1
            self.value.update(store, sorted(reread))
        # The server's clock now, estimated: the poll that finds them skips these.
        at = self.since + int((time.monotonic() - self.polled) * 1000)
        self.applied.update((c.id, at) for c in mine)
        return True

    def _poll(self, store: Store) -> None:
        """Apply the changes recorded since the last poll (those already applied skipped)."""
        assert self.value is not None
        self.reads += 1
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
            self._install(value)
            self.seen = None  # the next check polls: what changed since it was read, own writes too
            if self.again:
                self.again = False
                self._rebuild(store)
