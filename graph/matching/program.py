"""The consortium problem as an integer program, solved exactly with SciPy's ``milp`` (HiGHS).

The problem knows nothing of the graph: candidates are rows of arrays (the level at
which each covers each required competence, 0 = not at the minimum; country, kind,
whether it coordinated a project), and the call's rules are numbers. :mod:`.consortium`
builds it from the matching index.

Formulation. ``x_i ∈ {0, 1}`` picks candidate i. For each requirement k and each
distinct level ``v`` some candidate covers it at, ``z_kv ∈ [0, 1]`` with
``z_kv ≤ Σ x_i over candidates with level_ik ≥ v`` says "k is covered at ≥ v"; the
coverage of k is ``Σ_v (v − previous v) · z_kv`` (the best level among the members),
and ``z`` at the lowest level is fixed to 1 (k must be covered). Countries: ``c_j ≤
Σ x_i in country j``, ``Σ c_j ≥ min_countries``. Kinds: ``Σ x_i of kind κ ≥ count``.
``Σ x ≤ max_size``; ``Σ x_i over coordinators ≥ 1`` when the call asks for one; the
lead's ``x`` is fixed to 1. ``z`` and ``c`` need not be declared integer: at integer
``x`` their bounds make them 0 or 1.

Objectives, in order (each solve keeps the previous optimum as a constraint):
1. the most coverage: first asked as "the ceiling" (every requirement at the best
   level any candidate offers), which proves itself optimal when feasible, and only
   when it is not, solved for;
2. the fewest members, and (given ``pairs``) among those the most pairs of members who
   know each other (:mod:`.consortium` weighs a tie 2 and a common partner who can
   introduce them 1; ``w_ab ≤ x_a``, ``w_ab ≤ x_b``), combined as
   ``M · size − Σ weight · w`` with ``M`` above any possible pair sum, so fewer members
   always come first.

Alternatives: after each proposal S, the cut ``Σ_{i∈S} x_i ≤ |S| − 2`` makes every
later proposal leave out at least two of S's members, and the program is solved again.

Pruning (:func:`prune`), exact for objectives 1 and 2: among candidates of the same
country and the same kind (kinds the call does not count are one kind), j dominates i
when j covers every requirement at least as well (and coordinated, if the call needs
it), with ties broken by row order. A candidate with at least ``max_size × results``
dominators can always be swapped for one outside the consortium and every earlier
proposal, so some optimum never uses it. At the ceiling only reaching a requirement's
best level counts (lower levels are then met too), so levels below it are dropped
before pruning, which leaves few candidates. Familiarity is preferred among the kept
candidates.

Example:
    >>> import numpy as np
    >>> p = Problem(levels=np.array([[3.0, 0], [0, 4], [5, 5]]), country=np.array([0, 1, 0]),
    ...             kind=np.array([0, 0, 1]), coordinated=np.array([False, True, False]),
    ...             min_countries=2, kinds={}, max_size=2, need_coordinator=False)
    >>> [(s.members, s.coverage, s.status) for s in solve(p, results=1)]
    [((1, 2), 10.0, 'optimal')]
    >>> len(solve(p, results=2))  # no second one leaves out two of those members
    1
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array, csr_array, vstack

TIME_LIMIT = 5.0  # seconds for one call's proposals
TOL = 1e-6
KEEP = 1e-4
NO_PAIRS = np.zeros((0, 3), dtype=np.int64)
Status = Literal["optimal", "time_limit"]


@dataclass(frozen=True)
class Problem:
    """Candidates as arrays (one row each) and a call's rules."""

    levels: np.ndarray  # (n, K): level at which each candidate covers each requirement, 0 = not
    country: np.ndarray  # (n,) country codes
    kind: np.ndarray  # (n,) kind codes
    coordinated: np.ndarray  # (n,) bool: coordinated an earlier project
    min_countries: int
    kinds: dict[int, int]  # kind code -> at least this many members
    max_size: int
    need_coordinator: bool
    lead: int | None = None  # the candidate every consortium includes
    known: np.ndarray = field(default_factory=lambda: NO_PAIRS)  # (a, b, weight) rows

    @property
    def n(self) -> int:
        return len(self.country)


@dataclass(frozen=True)
class Solution:
    """One proposal: members (rows of the problem), coverage, and how sure the solver is."""

    members: tuple[int, ...]
    coverage: float
    status: Status  # "optimal", or "time_limit": the best found when time ran out
    bound: float  # no consortium (with the same cuts) covers more than this
    known: int = 0  # the familiarity sum of the members' pairs

    @property
    def gap(self) -> float:
        """Relative distance to the bound (0 when optimal)."""
        return 0.0 if self.status == "optimal" else max(0.0, (self.bound - self.coverage) / max(self.bound, TOL))


class _Model:
    """The variables and constraints shared by every solve of one problem."""

    def __init__(self, p: Problem) -> None:
        self.p, n = p, p.n
        rows: list[csr_array] = []
        lower: list[float] = []
        upper: list[float] = []

        # z: one per (requirement, distinct level); gain = the step above the previous level
        z_cols: list[np.ndarray] = []
        self.gain: list[float] = []
        self.impossible = False  # a requirement nobody covers
        fixed: list[int] = []
        for k in range(p.levels.shape[1]):
            steps = np.unique(p.levels[:, k][p.levels[:, k] > 0])
            self.impossible = self.impossible or len(steps) == 0
            previous = 0.0
            for v in steps:
                if previous == 0.0:  # the lowest level: k must be covered
                    fixed.append(len(self.gain))
                z_cols.append(p.levels[:, k] >= v)
                self.gain.append(float(v - previous))
                previous = float(v)
        self.nz = len(self.gain)
        countries = np.unique(p.country)
        self.nc = len(countries) if p.min_countries > 1 else 0
        pairs = p.known
        self.nw = len(pairs)
        self.size = n + self.nz + self.nc + self.nw
        x, z, c, w = 0, n, n + self.nz, n + self.nz + self.nc

        def row(cols: np.ndarray, values: np.ndarray, lo: float, hi: float) -> None:
            rows.append(
                csr_array(coo_array((values, (np.zeros(len(cols), dtype=np.int64), cols)), shape=(1, self.size)))
            )
            lower.append(lo)
            upper.append(hi)

        for j, covers in enumerate(z_cols):  # z_kv - Σ x_i (level ≥ v) ≤ 0
            members = np.nonzero(covers)[0]
            row(np.r_[z + j, x + members], np.r_[1.0, -np.ones(len(members))], -np.inf, 0.0)
        if self.nc:
            for j, code in enumerate(countries):  # c_j - Σ x_i (country j) ≤ 0
                members = np.nonzero(p.country == code)[0]
                row(np.r_[c + j, x + members], np.r_[1.0, -np.ones(len(members))], -np.inf, 0.0)
            row(c + np.arange(self.nc), np.ones(self.nc), p.min_countries, np.inf)
        for code, count in p.kinds.items():
            members = np.nonzero(p.kind == code)[0]
            row(x + members, np.ones(len(members)), count, np.inf)
        row(x + np.arange(n), np.ones(n), 0.0, p.max_size)
        if p.need_coordinator:
            members = np.nonzero(p.coordinated)[0]
            row(x + members, np.ones(len(members)), 1.0, np.inf)
        for j, (a, b, _) in enumerate(pairs):  # w_ab ≤ x_a, w_ab ≤ x_b
            row(np.array([w + j, x + a]), np.array([1.0, -1.0]), -np.inf, 0.0)
            row(np.array([w + j, x + b]), np.array([1.0, -1.0]), -np.inf, 0.0)
        self.rows, self.lower, self.upper = rows, lower, upper
        lb, ub = np.zeros(self.size), np.ones(self.size)
        lb[[z + j for j in fixed]] = 1.0
        if p.lead is not None:
            lb[x + p.lead] = 1.0
        self.bounds = Bounds(lb, ub)
        self.integrality = np.r_[np.ones(n), np.zeros(self.size - n)]
        self.coverage = np.zeros(self.size)
        self.coverage[z : z + self.nz] = self.gain
        self.members = np.zeros(self.size)
        self.members[x : x + n] = 1.0
        self.familiarity = np.zeros(self.size)
        self.familiarity[w : w + self.nw] = pairs[:, 2] if self.nw else []

    def solve(self, objective: np.ndarray, extra: list[tuple[np.ndarray, float, float]], seconds: float):  # type: ignore[no-untyped-def]
        """``milp`` minimising ``objective`` under the model plus ``extra`` rows (dense)."""
        matrix = vstack([*self.rows, *(csr_array(r.reshape(1, -1)) for r, _, _ in extra)])
        lower = np.r_[self.lower, [lo for _, lo, _ in extra]]
        upper = np.r_[self.upper, [hi for _, _, hi in extra]]
        return milp(
            objective,
            integrality=self.integrality,
            bounds=self.bounds,
            constraints=LinearConstraint(matrix, lower, upper),
            options={"time_limit": max(seconds, 0.01), "disp": False},
        )


Pairs = Callable[[np.ndarray], np.ndarray]  # candidate rows -> (a, b, weight), a and b positions in them


class _Part:
    """The program over some candidates of a problem (rows), with cuts given as member sets."""

    def __init__(self, p: Problem, rows: np.ndarray, pairs: Pairs | None) -> None:
        self.rows = rows
        lead = None if p.lead is None else int(np.searchsorted(rows, p.lead))
        self.p = replace(
            p,
            levels=p.levels[rows],
            country=p.country[rows],
            kind=p.kind[rows],
            coordinated=p.coordinated[rows],
            lead=lead,
            known=pairs(rows) if pairs else NO_PAIRS,
        )
        self.model = _Model(self.p)
        self.fewest = (float(self.model.familiarity.sum()) + 1.0) * self.model.members - self.model.familiarity

    def cuts(self, earlier: list[tuple[int, ...]]) -> list[tuple[np.ndarray, float, float]]:
        """``Σ x_i over i in S ≤ |S| − 2`` for each earlier proposal S (rows of the problem)."""
        out: list[tuple[np.ndarray, float, float]] = []
        for group in earlier:
            row = np.zeros(self.model.size)
            row[: self.p.n] = np.isin(self.rows, group)
            out.append((row, -np.inf, len(group) - 2))
        return out

    def members(self, x: np.ndarray | None) -> tuple[int, ...]:
        return () if x is None else tuple(int(self.rows[i]) for i in np.nonzero(x[: self.p.n] > 0.5)[0])

    def known(self, members: tuple[int, ...]) -> int:
        """The familiarity sum of the pairs among ``members``."""
        at = np.searchsorted(self.rows, members)
        pairs = self.p.known
        return int(pairs[np.isin(pairs[:, 0], at) & np.isin(pairs[:, 1], at), 2].sum())


def solve(p: Problem, results: int = 3, time_limit: float = TIME_LIMIT, pairs: Pairs | None = None) -> list[Solution]:
    """Up to ``results`` proposals, each the best consortium leaving out at least two
    members of every earlier one; empty when no consortium meets the rules.

    Each proposal is "optimal", or "time_limit" with the best coverage found and the
    bound when ``time_limit`` (for all proposals together) ran out. ``pairs`` (who knows
    whom among some candidates) makes familiarity the last objective.

    Two programs over pruned candidates: "at the ceiling" (every requirement at the best
    level any candidate offers, which proves itself optimal when feasible; only who
    reaches a requirement's best level then matters, which prunes far more), and, when
    the ceiling cannot be reached, the full one: the most coverage, then the fewest members.
    """
    if (p.levels.max(axis=0, initial=0.0) <= 0).any() or p.n == 0:
        return []
    keep = p.max_size * results
    best_levels = p.levels.max(axis=0)
    ceiling = float(best_levels.sum())
    at_ceiling = replace(p, levels=np.where(p.levels >= best_levels - TOL, p.levels, 0.0))
    top = _Part(at_ceiling, prune(at_ceiling, keep), pairs)
    full: _Part | None = None
    deadline = time.monotonic() + time_limit
    out: list[Solution] = []
    earlier: list[tuple[int, ...]] = []
    while len(out) < results:
        # (Coverage bounds sit KEEP below their target: HiGHS fails on one within 1e-6 of
        # the optimum; sums of levels differ by more.)
        m = top.model
        found = m.solve(top.fewest, [*top.cuts(earlier), (m.coverage, ceiling - KEEP, np.inf)], _left(deadline))
        chosen = top.members(found.x)
        if chosen and _meets(p, chosen, earlier) and _coverage(p, chosen) >= ceiling - TOL:
            status: Status = "optimal" if found.status == 0 else "time_limit"
            bound, known = ceiling, top.known(chosen)
        elif found.status != 2:  # not proven impossible: out of time
            break
        else:
            full = full or _Part(p, prune(p, keep), pairs)
            m, cuts = full.model, full.cuts(earlier)
            first = m.solve(-m.coverage, cuts, _left(deadline))
            chosen = full.members(first.x)
            if not chosen or not _meets(p, chosen, earlier):
                break  # impossible (or nothing found in time)
            status = "optimal" if first.status == 0 else "time_limit"
            best = _coverage(p, chosen)
            bound = best if status == "optimal" else max(best, float(-first.mip_dual_bound))
            second = m.solve(full.fewest, [*cuts, (m.coverage, best - KEEP, np.inf)], _left(deadline))
            fewer = full.members(second.x)
            if fewer and _meets(p, fewer, earlier) and _coverage(p, fewer) >= best - TOL:
                chosen = fewer
            if second.status != 0:
                status = "time_limit"
            known = full.known(chosen)
        out.append(Solution(chosen, _coverage(p, chosen), status, bound, known))
        earlier.append(chosen)
        if status == "time_limit" or time.monotonic() >= deadline:
            break
    return out


def _left(deadline: float) -> float:
    return deadline - time.monotonic()


def _meets(p: Problem, members: tuple[int, ...], earlier: list[tuple[int, ...]]) -> bool:
    """Whether ``members`` satisfy every rule and leave out two members of each earlier
    proposal, checked directly: HiGHS stopped by its time limit may hand back a point
    that is not a solution."""
    g = list(members)
    return (
        0 < len(g) <= p.max_size
        and bool((p.levels[g] > 0).any(axis=0).all())
        and len(np.unique(p.country[g])) >= p.min_countries
        and all(int((p.kind[g] == kind).sum()) >= count for kind, count in p.kinds.items())
        and (not p.need_coordinator or bool(p.coordinated[g].any()))
        and (p.lead is None or p.lead in g)
        and all(len(set(g) & set(e)) <= len(e) - 2 for e in earlier)
    )


def _coverage(p: Problem, members: tuple[int, ...]) -> float:
    """The sum over requirements of the best level among ``members``."""
    return float(p.levels[list(members)].max(axis=0).sum()) if members else 0.0


def smallest(p: Problem, time_limit: float = TIME_LIMIT) -> tuple[int, ...] | None:
    """The members of a smallest consortium meeting every rule but the maximum size
    (None if even all candidates together do not): what an infeasible call needs."""
    relaxed = _Part(replace(p, max_size=p.n, known=NO_PAIRS), np.arange(p.n), None)
    if relaxed.model.impossible:
        return None
    return relaxed.members(relaxed.model.solve(relaxed.model.members, [], time_limit).x) or None


def prune(p: Problem, keep: int) -> np.ndarray:
    """Rows worth keeping: those with fewer than ``keep`` dominators (see the module doc)
    among candidates of their country and kind, plus the lead; the row order breaks ties."""
    counted = set(p.kinds)
    kind = np.where(np.isin(p.kind, list(counted)), p.kind, -1)
    vectors = p.levels if not p.need_coordinator else np.c_[p.levels, p.coordinated.astype(float)]
    kept = np.zeros(p.n, dtype=bool)
    groups = np.unique(np.c_[p.country, kind], axis=0)
    for country, k in groups:
        rows = np.nonzero((p.country == country) & (kind == k))[0]
        distinct, inverse, counts = np.unique(vectors[rows], axis=0, return_inverse=True, return_counts=True)
        inverse = inverse.reshape(-1)
        # dominators with another vector: every count of a vector ≥ this one, not equal
        ge = np.asarray((distinct[:, None, :] >= distinct[None, :, :]).all(axis=2))  # ge[u, v]: u ≥ v
        np.fill_diagonal(ge, False)
        above = counts @ ge  # for each v: members of vectors strictly above it
        # dominators with the same vector: those before it (rows are in order)
        same = np.empty(len(rows), dtype=np.int64)
        for v in range(len(distinct)):
            mine = np.nonzero(inverse == v)[0]
            same[mine] = np.arange(len(mine))
        kept[rows] = above[inverse] + same < keep
    if p.lead is not None:
        kept[p.lead] = True
    return np.nonzero(kept)[0]
