"""A per-process cache for expensive reads: keyed by function and parameters, with a
time-to-live, single-flight, and invalidation on every write through the store.

Every write made through a :class:`graph.store.driver.Store` (``write``, ``write_tx``) bumps
``store.generation``, a counter shared by every process using the same data directory
(:mod:`graph.store.generation`). A cached value remembers the generation at which its
computation *started*; it is served only while no write has happened since and it is
younger than its TTL. So:

* an edit or import made by this process, by another worker of the web server, or by
  a ``partnernet load`` on the same data directory is seen by the next read, at once;
* a write by a process that shares the graph server but not the data directory (a
  Neo4j server used from several machines) is seen within the TTL
  (:data:`TTL_SECONDS`) plus one computation: the staleness bound the README
  documents. When a value's TTL runs out, one caller recomputes it while the others
  are still served the old value, so a slow view is never waited on for that.

A cached function may declare the topics it depends on (``depends=``, the topics of
:mod:`graph.store.changes`): it is then invalidated only by writes that recorded a change
of one of them, or recorded nothing (those may have changed anything). A writer may also
declare writes that change only what no cached view shows (``Store.cache_neutral()``,
used for profile details): those keep every cached value.

Single-flight: callers that want the same key while it is being computed wait for
that one computation instead of each running it. A caller only accepts a result whose
computation started after its own arrival's last write, and at most one computation
per key runs at a time, so a stream of writes cannot pile up concurrent recomputations.

Cache only what does not depend on who asks (no contacts), or put the role in the key.

Example:
    >>> @cached(maxsize=4)                                   # doctest: +SKIP
    ... def stats(store: Store) -> Stats: ...
    >>> stats(store) is stats(store)                         # doctest: +SKIP
    True
"""

from __future__ import annotations

import functools
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Concatenate, Generic, ParamSpec, Protocol, TypeVar

from pydantic import BaseModel

P = ParamSpec("P")
T = TypeVar("T")

# How long a value may be served without a write seen through the generation: the
# bound on how stale a page can be after a process with another data directory wrote.
# Writes through this data directory are seen at once, so this can be long: recomputing
# a region page or the metrics table costs seconds, paid by one request per worker per
# expiry. The one staleness constant: the matching index is rebuilt in the background
# at this age, and the change log (graph.store.changes) keeps records this long.
TTL_SECONDS = 300.0


class Generational(Protocol):
    """What the cache needs of a store: a counter every write increases, and one that
    only writes that may change some topics increase."""

    @property
    def generation(self) -> int: ...

    def generation_of(self, topics: frozenset[Any]) -> int: ...


K = TypeVar("K")
V = TypeVar("V")


class PerStore(Generic[K, V]):
    """One value per store, made by ``make(store)`` at first use and forgotten with the
    store (weakly keyed): how the read caches and the matching index hold their state."""

    def __init__(self, make: Callable[[K], V]) -> None:
        self._make = make
        self._values: weakref.WeakKeyDictionary[K, V] = weakref.WeakKeyDictionary()
        self._guard = threading.Lock()

    def __call__(self, store: K) -> V:
        with self._guard:
            value = self._values.get(store)
            if value is None:
                value = self._values[store] = self._make(store)
            return value


@dataclass
class _Entry(Generic[T]):
    value: T
    generation: int
    expires: float


@dataclass
class _Flight:
    """One computation in progress; waiters block on ``done``."""

    generation: int
    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    error: BaseException | None = None


class Cache:
    """Values by key for one source of truth (a store), with TTL and single-flight.

    ``clock`` is injectable for tests; ``maxsize`` bounds the entries kept (the
    least recently stored goes first).
    """

    def __init__(
        self,
        ttl: float = TTL_SECONDS,
        maxsize: int = 128,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl, self.maxsize, self.clock = ttl, maxsize, clock
        self._entries: OrderedDict[Hashable, _Entry[Any]] = OrderedDict()
        self._flights: dict[Hashable, _Flight] = {}
        self._lock = threading.Lock()
        self.computations = 0  # how many times a value was computed (for tests, stats)

    def get(self, key: Hashable, generation: Callable[[], int], compute: Callable[[], T]) -> T:
        """The value for ``key``, computed by ``compute()`` unless a fresh one is kept.

        ``generation()`` reads the writer's counter; a value computed before the
        current generation is not served. Errors of ``compute`` reach every caller
        waiting on that computation and are not kept.
        """
        arrived = generation()
        while True:
            with self._lock:
                entry = self._entries.get(key)
                flight = self._flights.get(key)
                if (
                    entry is not None
                    and entry.generation == generation()
                    and (self.clock() < entry.expires or flight is not None)
                ):
                    return entry.value  # type: ignore[no-any-return]  # fresh, or refreshing
                if flight is None:
                    flight = self._flights[key] = _Flight(generation())
                    leader = True
                else:
                    leader = False
            if leader:
                return self._compute(key, flight, compute)
            flight.done.wait()
            if flight.generation >= arrived:
                if flight.error is not None:
                    raise flight.error
                return flight.value  # type: ignore[no-any-return]
            # That computation started before a write this caller must see: go again.

    def _compute(self, key: Hashable, flight: _Flight, compute: Callable[[], T]) -> T:
        try:
            value = compute()
        except BaseException as exc:
            flight.error = exc
            raise
        else:
            flight.value = value
            with self._lock:
                self._entries[key] = _Entry(value, flight.generation, self.clock() + self.ttl)
                self._entries.move_to_end(key)
                while len(self._entries) > self.maxsize:
                    self._entries.popitem(last=False)
            return value
        finally:
            with self._lock:
                self.computations += 1
                del self._flights[key]
            flight.done.set()


def freeze(value: Any) -> Hashable:
    """A hashable key for a parameter: models by their JSON, lists as tuples."""
    if isinstance(value, BaseModel):
        return (type(value).__qualname__, value.model_dump_json())
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, freeze(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return frozenset(freeze(v) for v in value)
    return value  # type: ignore[no-any-return]


S = TypeVar("S", bound=Generational)


def cached(
    maxsize: int = 128, depends: frozenset[Any] | Callable[..., frozenset[Any]] | None = None
) -> Callable[[Callable[Concatenate[S, P], T]], Callable[Concatenate[S, P], T]]:
    """Cache a function of ``(store, *params)``: one :class:`Cache` per store, keyed by
    the frozen parameters, invalidated by the store's writes (see the module docs), or
    only by those that may change the topics ``depends`` when given: a set, or a function
    of the parameters that gives it (what a view reads may depend on its filter).

    Values expire after :data:`TTL_SECONDS` (read when a store's Cache is made). The wrapper's
    ``cache_for(store)`` gives the store's Cache (tests use it).
    """

    def decorate(fn: Callable[Concatenate[S, P], T]) -> Callable[Concatenate[S, P], T]:
        cache_for: PerStore[S, Cache] = PerStore(lambda _: Cache(TTL_SECONDS, maxsize))

        @functools.wraps(fn)
        def wrapper(store: S, *args: P.args, **kwargs: P.kwargs) -> T:
            key = (freeze(args), freeze(kwargs))
            topics = depends(*args, **kwargs) if callable(depends) else depends

            def generation() -> int:
                return store.generation if topics is None else store.generation_of(topics)

            return cache_for(store).get(key, generation, lambda: fn(store, *args, **kwargs))

        wrapper.cache_for = cache_for  # type: ignore[attr-defined]
        return wrapper

    return decorate
