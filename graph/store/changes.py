"""The change log: what each write changed, kept in the graph for every reader to poll.

A write that changes what matching or a cached view reads calls :func:`record` inside
its transaction: a ``(:Change {id, at, topic, orgs})`` node is created with the change,
so it exists exactly when the change committed. Then:

* the store counts the write only under the record's topics (:mod:`graph.store.generation`),
  so cached views that depend on other topics stay valid (:mod:`graph.store.cache`);
* every process reading the same graph (another worker, a ``partnernet load``, another
  app server on the same Neo4j) finds the record with :func:`since` and applies just that
  change (:mod:`graph.matching.index` re-reads the organisations it names);
* the process that wrote it applies it without reading anything back when the write
  described its change as :data:`Fact` s (:mod:`graph.store.journal`): an edit knows what
  it set, and reading it back cost two round trips before the next match.

A write that records nothing may have changed anything: every topic is counted. A write
that found nothing to change says so (:func:`unchanged`) and is counted under no topic: an
edit that saves what is already there invalidates nothing.

The log is short: :func:`prune` drops records older than :data:`RETENTION_MS`. Records are
stamped with the server's clock when the statement runs, which may be before a slower
transaction that started earlier commits; so readers ask for everything since their last
poll minus :data:`LAG_MS`, and skip records they have already applied (by id).
"""

from __future__ import annotations

import contextlib
import contextvars
import enum
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from neo4j import ManagedTransaction
from neo4j.exceptions import Neo4jError

from graph.store.cache import TTL_SECONDS
from graph.store.queries import query

if TYPE_CHECKING:  # the store imports this module to collect what its writes record
    from graph.store.driver import Store

RECORD_CHANGE = query("changes/record_change")
CHANGES_SINCE = query("changes/changes_since")
PRUNE_CHANGES = query("changes/prune_changes")

log = logging.getLogger(__name__)

# How far back a poll looks before its previous one: longer than a write transaction lasts.
LAG_MS = 10_000
# How long records are kept: a reader that has not polled for longer re-reads everything
# (the staleness bound of every cache, graph.store.cache.TTL_SECONDS).
RETENTION_MS = int(TTL_SECONDS * 1000)
# A change naming more organisations than this is recorded as BULK (a full re-read is cheaper).
MAX_ORGS = 1000


class Topic(enum.IntEnum):
    """What a write changed; the value is its counter's slot in graph.store.generation."""

    ORGS = 1  # organisations created, removed, renamed, moved, of another kind
    LINKS = 2  # what organisations offer and need
    TIES = 3  # project participations and memberships
    INTRODUCTIONS = 4  # introductions recorded between organisations
    BULK = 5  # a load or restore: anything may have changed
    TEXT = 6  # descriptions: what only the search index reads
    # What no record names (accounts, consortia, requests, settings): moved only by the
    # writes that record nothing, which count under every topic.
    OTHER = 7


ALL = frozenset(Topic)


@dataclass(frozen=True)
class Link:
    """``org`` now offers ``competence`` at level ``value`` (``relation`` "offers"), or
    needs it with priority ``value`` ("needs"); ``value`` 0: no longer."""

    org: str
    relation: Literal["offers", "needs"]
    competence: str
    value: int

    @property
    def orgs(self) -> tuple[str, ...]:
        return (self.org,)


@dataclass(frozen=True)
class Props:
    """``org``'s stored properties ``values`` now are as given (None: removed)."""

    org: str
    values: dict[str, Any]

    @property
    def orgs(self) -> tuple[str, ...]:
        return (self.org,)


@dataclass(frozen=True)
class Introduced:
    """``org`` is now named with each of ``partners`` by an introduction, either way: the
    whole list as the write left it, once per introduction (a new one adds to a count, so
    only the whole list can be set twice without counting it twice)."""

    org: str
    partners: tuple[str, ...]

    @property
    def orgs(self) -> tuple[str, ...]:
        return (self.org,)


# What a write set, as it now stands in the graph (for the writing process's own views).
# Facts set values, so that one applied again (after a re-read that already saw it) changes
# nothing.
Fact = Link | Props | Introduced


def apply_facts(
    facts: tuple[Fact, ...],
    row: Callable[[str], int | None],
    link: Callable[[int, Link], None],
    props: Callable[[int, Props], None],
    introduced: Callable[[int, Introduced], None] | None = None,
) -> set[str]:
    """Hand each fact to ``link``, ``props`` or ``introduced`` with its organisation's
    ``row`` in an index (None: the index does not hold it); the organisations without a
    row are returned, for the index to re-read. An index that holds no introductions
    gives no ``introduced`` and skips them. The indexes' one way of applying their own
    process's writes."""
    unknown: set[str] = set()
    for fact in facts:
        if isinstance(fact, Introduced) and introduced is None:
            continue
        i = row(fact.org)
        if i is None:
            unknown.add(fact.org)
        elif isinstance(fact, Link):
            link(i, fact)
        elif isinstance(fact, Props):
            props(i, fact)
        elif introduced is not None:
            introduced(i, fact)
    return unknown


@dataclass(frozen=True)
class Change:
    """One record of the log: ``orgs`` are the organisations whose facts changed.

    ``facts`` describe the whole change when the writer gave them (None: it did not; a
    reader re-reads ``orgs``); they stay in the writing process, the log has ``orgs`` only.
    """

    id: str
    topic: Topic
    orgs: tuple[str, ...]
    at: int = 0  # the server's clock, milliseconds (0 until read back)
    facts: tuple[Fact, ...] | None = None


@dataclass
class Recorded:
    """What one write transaction said it changed: its records, or that it changed nothing."""

    changes: list[Change] = field(default_factory=list)
    unchanged: bool = False

    def clear(self) -> None:
        """Forget an attempt that did not commit (the store retries the transaction)."""
        self.changes.clear()
        self.unchanged = False

    @property
    def topics(self) -> frozenset[Topic]:
        """The topics the write counts under: those it recorded; none when it changed
        nothing; all when it said neither (it may have changed anything) or loaded in bulk."""
        found = frozenset(c.topic for c in self.changes)
        if not found and self.unchanged:
            return frozenset()
        return ALL if not found or Topic.BULK in found else found


_pending: contextvars.ContextVar[Recorded | None] = contextvars.ContextVar("partnernet_changes", default=None)


@contextlib.contextmanager
def collecting(into: Recorded) -> Iterator[None]:
    """Collect into ``into`` the changes :func:`record` writes in this block (this thread):
    the store uses them to count the write under its topics once it committed."""
    token = _pending.set(into)
    try:
        yield
    finally:
        _pending.reset(token)


def unchanged() -> None:
    """Say that the write transaction running in this thread found nothing to change (an
    edit that saves the values already stored), so that it invalidates no cached view."""
    pending = _pending.get()
    if pending is not None:
        pending.unchanged = True


def record(tx: ManagedTransaction, topic: Topic, orgs: Iterable[str] = (), facts: Iterable[Fact] | None = None) -> None:
    """Record in ``tx`` that ``orgs``'s facts of ``topic`` change (BULK beyond MAX_ORGS);
    ``facts``, when given, are the whole change (what :class:`Fact` says)."""
    named = tuple(sorted(set(orgs)))
    if len(named) > MAX_ORGS:
        topic, named, facts = Topic.BULK, (), None
    change = Change(uuid.uuid4().hex, topic, named, facts=None if facts is None else tuple(facts))
    tx.run(RECORD_CHANGE.text, {"id": change.id, "topic": topic.name, "orgs": list(named)}).consume()
    pending = _pending.get()
    if pending is not None:
        pending.changes.append(change)


def parse(rows: list[dict[str, Any]]) -> tuple[int, list[Change]]:
    """(server clock, changes) from a :data:`CHANGES_SINCE` answer."""
    row = rows[0]
    found = [Change(c["id"], Topic[c["topic"]], tuple(c["orgs"] or ()), int(c["at"])) for c in row["changes"]]
    return int(row["now"]), found


def prune(store: Store, before: int) -> None:
    """Forget the records older than ``before`` (server milliseconds). Any reader may do it;
    two at once may collide, and then the other one's pruning is enough."""
    try:
        with store.cache_neutral():  # the log is no cached view's data
            store.write(PRUNE_CHANGES, before=before)
    except Neo4jError as exc:
        log.info("change log not pruned this time: %s", exc)
