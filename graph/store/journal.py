"""This store's own committed changes, in commit order: how the in-memory views of the
process that made a write apply it without reading it back from the change log.

Why: the change log (:mod:`graph.store.changes`) is how every process learns what every
other one wrote, at the price of two round trips (read the log, re-read the organisations
it names) before the next match or search. The process that wrote knows already what it
wrote: the store journals its writes' change records here, facts included.

The store bumps the shared write generation and journals a write in one step under
:attr:`Journal.lock`; a view takes a :class:`Mark` under the same lock: the generation of
its topics, how much of it this store's journaled writes account for (:attr:`Mark.own`),
and where the journal ends. Between two marks, when the generation moved by exactly what
the journaled writes account for, nothing else was written meanwhile (by another process,
or by a write of this one that is not journaled), and the view applies the journal entries
between the marks (:meth:`Journal.between`) instead of polling the log.

Only a write that ran alone in this store is journaled: two writes in flight at once may
commit in one order and reach the journal in the other, and the earlier one's facts would
then overwrite the later one's. Such writes (and failed ones, and plain ``Store.write`` s)
move the generation without a journal entry, so views poll the log, which re-reads the
latest state.

Example:
    >>> from graph.store.changes import Change, Topic
    >>> journal = Journal()
    >>> with journal.writing() as flight, journal.lock:
    ...     journal.add([Change("c1", Topic.LINKS, ("anbpr",))], {Topic.LINKS})
    >>> flight.overlapped, journal.mark({Topic.LINKS}, lambda: 1)
    (False, Mark(generation=1, own=1, end=1))
    >>> [c.id for c in journal.between(0, 1)]
    ['c1']
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from graph.store.changes import Change, Topic

# Journal entries kept: a view that falls further behind polls the log instead.
KEEP = 10_000


@dataclass(frozen=True)
class Mark:
    """Where a view stands: the generation of its topics, the part of it bumped by this
    store's journaled writes, and the journal's end (a sequence number)."""

    generation: int
    own: int
    end: int


class _Flight:
    """A write in progress; ``overlapped`` once another one ran at the same time."""

    overlapped = False


class Journal:
    """The change records of this store's committed writes that ran alone (module doc)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()  # held while the store bumps the generation and journals
        self._entries: deque[Change] = deque(maxlen=KEEP)
        self._end = 0  # the sequence number of the next entry
        self._bumps: dict[Topic, int] = dict.fromkeys(Topic, 0)  # journaled writes' bumps by topic
        self._flights: set[_Flight] = set()
        self._flights_lock = threading.Lock()

    @contextlib.contextmanager
    def writing(self) -> Iterator[_Flight]:
        """Register a write for its duration: it is ``overlapped`` if another one was in
        flight at any time (the store journals only writes that were not)."""
        flight = _Flight()
        with self._flights_lock:
            if self._flights:
                flight.overlapped = True
                for other in self._flights:
                    other.overlapped = True
            self._flights.add(flight)
        try:
            yield flight
        finally:
            with self._flights_lock:
                self._flights.discard(flight)

    def add(self, recorded: Iterable[Change], topics: Iterable[Topic]) -> None:
        """Journal a committed write that bumped ``topics``; the caller holds :attr:`lock`
        and has just bumped them."""
        for topic in topics:
            self._bumps[topic] += 1
        for change in recorded:
            self._entries.append(change)
            self._end += 1

    def mark(self, topics: Iterable[Topic], generation: Callable[[], int]) -> Mark:
        """Where a view of ``topics`` stands, with ``generation()`` (the store's generation of
        those topics) read under :attr:`lock`, so no journaled write is half counted."""
        with self.lock:
            return Mark(generation(), sum(self._bumps[t] for t in topics), self._end)

    def between(self, start: int, end: int) -> list[Change] | None:
        """The entries from sequence number ``start`` up to ``end``, in commit order; None
        when some are no longer kept."""
        with self.lock:
            first = self._end - len(self._entries)
            if start < first or end > self._end:
                return None
            return [self._entries[i - first] for i in range(start, end)]
