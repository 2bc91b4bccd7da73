"""The read cache: TTL, single-flight, invalidation by the writer's generation."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import pytest
from pydantic import BaseModel

from graph.store.cache import Cache, cached, freeze


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass(eq=False)
class Writer:
    """Stands in for a Store: the cache only reads its generation."""

    generation: int = 0


def test_value_is_kept_until_its_ttl_runs_out() -> None:
    clock, calls = Clock(), []
    cache = Cache(ttl=10, clock=clock)

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get("k", lambda: 0, compute) == 1
    clock.now = 9.9
    assert cache.get("k", lambda: 0, compute) == 1
    clock.now = 10.0
    assert cache.get("k", lambda: 0, compute) == 2
    assert cache.computations == 2


def test_a_write_invalidates_at_once() -> None:
    writer, cache = Writer(), Cache(ttl=1000)
    values = iter(range(100))
    assert cache.get("k", lambda: writer.generation, lambda: next(values)) == 0
    assert cache.get("k", lambda: writer.generation, lambda: next(values)) == 0
    writer.generation += 1
    assert cache.get("k", lambda: writer.generation, lambda: next(values)) == 1


def test_a_write_during_the_computation_is_not_hidden() -> None:
    """The value was read before the write finished: kept for no one after it."""
    writer, cache = Writer(), Cache(ttl=1000)

    def racing() -> str:
        writer.generation += 1  # a write commits while we compute
        return "before"

    assert cache.get("k", lambda: writer.generation, racing) == "before"
    assert cache.get("k", lambda: writer.generation, lambda: "after") == "after"


def test_keys_are_separate_and_bounded() -> None:
    cache = Cache(maxsize=2)
    for key in "abc":
        cache.get(key, lambda: 0, lambda key=key: key.upper())
    assert cache.get("c", lambda: 0, lambda: "new") == "C"
    assert cache.get("a", lambda: 0, lambda: "new") == "new"  # the oldest was dropped


def test_concurrent_callers_share_one_computation() -> None:
    cache, started, release = Cache(), threading.Event(), threading.Event()
    results: list[int] = []

    def slow() -> int:
        started.set()
        release.wait(5)
        return 42

    def call() -> None:
        results.append(cache.get("k", lambda: 0, slow))

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    assert started.wait(5)
    time.sleep(0.1)  # let the others arrive and wait
    release.set()
    for thread in threads:
        thread.join(5)
    assert results == [42] * 8
    assert cache.computations == 1


def test_a_caller_after_a_write_does_not_take_an_older_computation() -> None:
    """It waits for the running computation to end, then computes once for itself."""
    writer, cache = Writer(), Cache()
    started, release = threading.Event(), threading.Event()
    results: dict[str, str] = {}

    def old() -> str:
        started.set()
        release.wait(5)
        return "old"

    first = threading.Thread(target=lambda: results.setdefault("first", cache.get("k", lambda: writer.generation, old)))
    first.start()
    assert started.wait(5)
    writer.generation += 1
    second = threading.Thread(
        target=lambda: results.setdefault("second", cache.get("k", lambda: writer.generation, lambda: "new"))
    )
    second.start()
    time.sleep(0.1)
    assert "second" not in results  # one computation per key at a time
    release.set()
    first.join(5)
    second.join(5)
    assert results == {"first": "old", "second": "new"}
    assert cache.computations == 2


def test_an_error_reaches_the_waiters_and_is_not_kept() -> None:
    cache, started, release = Cache(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def failing() -> int:
        started.set()
        release.wait(5)
        raise LookupError("no such region")

    def call() -> None:
        try:
            cache.get("k", lambda: 0, failing)
        except LookupError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(3)]
    for thread in threads:
        thread.start()
    assert started.wait(5)
    time.sleep(0.1)
    release.set()
    for thread in threads:
        thread.join(5)
    assert [str(e) for e in errors] == ["no such region"] * 3
    assert cache.get("k", lambda: 0, lambda: 7) == 7


class Filters(BaseModel):
    q: str | None = None
    kinds: list[str] = []


def test_cached_keys_by_parameters_and_store() -> None:
    calls: list[tuple[int, str]] = []

    @cached(maxsize=8)
    def lookup(store: Writer, filters: Filters) -> str:
        calls.append((id(store), filters.q or ""))
        return f"{filters.q}:{len(calls)}"

    one, two = Writer(), Writer()
    assert lookup(one, Filters(q="a", kinds=["ngo"])) == "a:1"
    assert lookup(one, Filters(q="a", kinds=["ngo"])) == "a:1"
    assert lookup(one, Filters(q="b")) == "b:2"
    assert lookup(two, Filters(q="a", kinds=["ngo"])) == "a:3"
    one.generation += 1
    assert lookup(one, Filters(q="a", kinds=["ngo"])) == "a:4"
    assert lookup.cache_for(one).computations == 3  # type: ignore[attr-defined]


@pytest.mark.parametrize("value", [[1, [2]], {"b": [1], "a": 2}, {3, 4}, Filters(kinds=["x"])])
def test_freeze_makes_parameters_hashable(value: object) -> None:
    assert hash(freeze(value)) == hash(freeze(value))


def test_an_expired_value_is_served_while_one_caller_refreshes_it() -> None:
    clock = Clock()
    cache = Cache(ttl=10, clock=clock)
    started, release = threading.Event(), threading.Event()
    cache.get("k", lambda: 0, lambda: "old")
    clock.now = 11

    def refresh() -> str:
        started.set()
        release.wait(5)
        return "new"

    refresher = threading.Thread(target=lambda: cache.get("k", lambda: 0, refresh))
    refresher.start()
    assert started.wait(5)
    assert cache.get("k", lambda: 0, lambda: "other") == "old"  # no wait, no second computation
    release.set()
    refresher.join(5)
    assert cache.get("k", lambda: 0, lambda: "other") == "new"
    assert cache.computations == 2
