"""The consortium integer program against brute force on small random instances.

No graph server: :mod:`graph.matching.program` takes arrays. Brute force enumerates
every subset of at most ``max_size`` candidates, keeps those meeting every rule, and
ranks them by coverage, then size; the solver's proposals must reach the same values,
its alternatives must be the best consortia leaving out two members of each earlier
one, and pruning must not change any of it.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.matching.program import Problem, prune, smallest, solve

LEVELS = [0.0, 0.0, 1.5, 2.0, 3.0, 4.0, 5.0]


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    n = draw(st.integers(2, 9))
    k = draw(st.integers(1, 3))
    levels = np.array(draw(st.lists(st.lists(st.sampled_from(LEVELS), min_size=k, max_size=k), min_size=n, max_size=n)))
    kinds = draw(st.dictionaries(st.integers(0, 2), st.integers(1, 2), max_size=2))
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    known = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=6))
    weights = draw(st.lists(st.sampled_from([1, 2]), min_size=len(known), max_size=len(known)))
    return Problem(
        levels=levels,
        country=np.array(draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))),
        kind=np.array(draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))),
        coordinated=np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n))),
        min_countries=draw(st.integers(1, 3)),
        kinds=kinds,
        max_size=draw(st.integers(max(1, sum(kinds.values())), 5)),
        need_coordinator=draw(st.booleans()),
        lead=draw(st.sampled_from([None, 0])),
        known=np.array([(a, b, w) for (a, b), w in zip(known, weights, strict=True)], dtype=np.int64).reshape(-1, 3),
    )


def _pairs(p: Problem, rows: np.ndarray) -> np.ndarray:
    """The problem's known pairs among ``rows``, as positions in ``rows`` (what consortium.py computes)."""
    inside = np.isin(p.known[:, 0], rows) & np.isin(p.known[:, 1], rows)
    a, b, w = p.known[inside].T
    return np.c_[np.searchsorted(rows, a), np.searchsorted(rows, b), w].astype(np.int64)


def meets(p: Problem, group: tuple[int, ...]) -> bool:
    """Every rule of the call, checked directly on a group of candidates."""
    g = list(group)
    return (
        0 < len(g) <= p.max_size
        and (p.levels[g] > 0).any(axis=0).all()
        and len(set(p.country[g].tolist())) >= p.min_countries
        and all((p.kind[g] == kind).sum() >= count for kind, count in p.kinds.items())
        and (not p.need_coordinator or bool(p.coordinated[g].any()))
        and (p.lead is None or p.lead in g)
    )


def coverage(p: Problem, group: tuple[int, ...]) -> float:
    return float(p.levels[list(group)].max(axis=0).sum())


def familiarity(p: Problem, group: tuple[int, ...]) -> int:
    return int(sum(w for a, b, w in p.known.tolist() if a in group and b in group))


def brute(p: Problem, earlier: list[tuple[int, ...]], prefer_known: bool = False) -> tuple[float, int, int] | None:
    """(coverage, size, familiarity) of the best valid group leaving out two members of each earlier one."""
    best = None
    for size in range(1, p.max_size + 1):
        for group in combinations(range(p.n), size):
            if not meets(p, group) or any(len(set(group) & set(e)) > len(e) - 2 for e in earlier):
                continue
            key = (coverage(p, group), -size, familiarity(p, group) if prefer_known else 0)
            best = key if best is None or key > best else best
    return None if best is None else (best[0], -best[1], best[2])


@settings(max_examples=150, deadline=None)
@given(p=problems(), prefer_known=st.booleans())
def test_proposals_equal_brute_force(p: Problem, prefer_known: bool) -> None:
    found = solve(p, results=3, pairs=(lambda rows: _pairs(p, rows)) if prefer_known else None)
    earlier: list[tuple[int, ...]] = []
    for s in found:
        assert s.status == "optimal" and s.gap == 0 and s.bound == pytest.approx(s.coverage)
        assert meets(p, s.members)
        assert all(len(set(s.members) & set(e)) <= len(e) - 2 for e in earlier)
        assert s.coverage == pytest.approx(coverage(p, s.members))
        want = brute(p, earlier, prefer_known)
        assert want is not None
        got = (s.coverage, len(s.members), familiarity(p, s.members) if prefer_known else 0)
        assert got[0] == pytest.approx(want[0]) and got[1:] == want[1:]
        earlier.append(s.members)
    if len(found) < 3:  # the solver stopped: nothing valid is left
        assert brute(p, earlier) is None


@settings(max_examples=80, deadline=None)
@given(p=problems())
def test_smallest_names_the_size_an_impossible_call_needs(p: Problem) -> None:
    group = smallest(p)
    unlimited = Problem(**{**p.__dict__, "max_size": p.n})
    sizes = [len(g) for size in range(1, p.n + 1) for g in combinations(range(p.n), size) if meets(unlimited, g)]
    assert (group is None) == (not sizes)
    if group is not None:
        assert meets(unlimited, group) and len(group) == min(sizes)


@pytest.mark.parametrize("seed", [3, 4])
def test_pruning_keeps_the_optimum(seed: int) -> None:
    """Many near-duplicate candidates, which pruning thins out: the proposals still equal brute force."""
    rng = np.random.default_rng(seed)
    n = 60
    p = Problem(
        levels=rng.choice([0.0, 3.0, 4.0, 5.0], size=(n, 3), p=[0.55, 0.15, 0.15, 0.15]),
        country=rng.integers(0, 3, n),
        kind=rng.integers(0, 4, n),
        coordinated=rng.random(n) < 0.3,
        min_countries=2,
        kinds={0: 1},
        max_size=3,
        need_coordinator=True,
    )
    assert len(prune(p, keep=p.max_size * 3)) < n
    earlier: list[tuple[int, ...]] = []
    for s in solve(p, results=3):
        want = brute(p, earlier)
        assert want is not None and (s.coverage, len(s.members)) == pytest.approx(want[:2])
        earlier.append(s.members)
    assert len(earlier) == 3


def test_a_time_limit_reports_the_bound_and_gap() -> None:
    """Stopped early, a proposal meets the call and says so; its bound is above the true optimum.

    (HiGHS stopped by its time limit can hand back a point that breaks the program, e.g.
    one covering 43 where at least 60 was asked: proposals are checked against the rules.)
    """
    rng = np.random.default_rng(5)
    n = 300
    p = Problem(
        levels=rng.choice([0.0, 1.5, 2.0, 3.0, 4.0, 5.0], size=(n, 12), p=[0.7, 0.06, 0.06, 0.06, 0.06, 0.06]),
        country=rng.integers(0, 8, n),
        kind=rng.integers(0, 5, n),
        coordinated=rng.random(n) < 0.2,
        min_countries=3,
        kinds={0: 1},
        max_size=4,  # too small for the ceiling: the coverage solve runs
        need_coordinator=True,
    )
    exact = solve(p, results=1, time_limit=60)[0]
    assert exact.status == "optimal" and exact.bound == exact.coverage
    for limit in (0.005, 0.01, 0.02, 0.05, 0.1, 0.2):
        for s in solve(p, results=1, time_limit=limit):
            assert meets(p, s.members) and s.coverage == pytest.approx(coverage(p, s.members))
            assert s.coverage <= exact.coverage + 1e-9 <= s.bound + 1e-6
            if s.status == "time_limit":
                assert s.gap == pytest.approx((s.bound - s.coverage) / s.bound)
