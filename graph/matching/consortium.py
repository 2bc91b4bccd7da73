"""Consortium building: the provably best groups of organisations for a call.

A call names required competences with minimum levels, the countries members may come
from and how many must be represented, required kinds with counts, a maximum size, an
optional lead and whether an experienced coordinator (an organisation that coordinated
an earlier project) must be in it. Candidates come from the matching index
(:class:`graph.matching.index.MatchIndex`): every organisation that covers at least one
requirement at its minimum level (a competence offered only through a narrower one
counts at level × discount, :meth:`MatchIndex.levels`), plus the lead. They are pruned
without losing the optimum and handed to the integer program of
:mod:`graph.matching.program` (SciPy's ``milp``, HiGHS): the most coverage (the sum
over requirements of the best member's level), then the fewest members, then, if the
call asks, the most members who already know each other; then alternatives that leave
out at least two members of each earlier proposal. Each proposal says "optimal", or,
when the time limit stopped the solver, the bound and the gap.

Explanations name organisations and competences by name: each proposal's weakest
point (:class:`Weakest`), and for an impossible call the requirement nobody meets or,
when only the maximum size is in the way, the smallest consortium that would do
(:class:`Shortfall`). They are data, which the pages put in the reader's language; their
``text`` says them in English for the command line.

Example:
    >>> result = build(store, Call.from_yaml(Path("graph/seeds/calls/ro-bg-libraries.yaml")))  # doctest: +SKIP
    >>> result.consortia[0].status, result.consortia[0].score                              # doctest: +SKIP
    ('optimal', 27.0)
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator
from scipy.sparse import csr_array

from graph.errors import NotFound
from graph.matching.index import MatchIndex
from graph.matching.model import Country, Weights
from graph.matching.program import TIME_LIMIT, Problem, Solution, smallest, solve
from graph.models import OrgKind, Slug
from graph.outputs import OutModel
from graph.store.driver import Store


class Requirement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    min_level: Annotated[float, Field(ge=1, le=5)] = 1


class Call(BaseModel):
    """A funding call's requirements for a consortium."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = "call"
    competences: Annotated[list[Requirement], Field(min_length=1, max_length=20)]
    min_countries: Annotated[int, Field(ge=1, le=30)] = 1
    countries: list[Country] = []  # members come from these countries (any if empty)
    kinds: dict[OrgKind, Annotated[int, Field(ge=1, le=20)]] = {}
    max_size: Annotated[int, Field(ge=1, le=30)] = 8
    lead: Slug | None = None
    experienced_coordinator: bool = False
    results: Annotated[int, Field(ge=1, le=20)] = 3
    prefer_known: bool = False  # among equally good consortia, members who know each other
    time_limit: Annotated[float, Field(gt=0, le=60, allow_inf_nan=False)] = TIME_LIMIT  # seconds

    @model_validator(mode="after")
    def _fits(self) -> Call:
        if sum(self.kinds.values()) > self.max_size:
            raise ValueError(
                f"kinds: {sum(self.kinds.values())} required organisations exceed max_size {self.max_size}"
            )
        return self

    @classmethod
    def from_yaml(cls, path: Path) -> Call:
        """Read and validate a call file."""
        return cls.model_validate(yaml.safe_load(path.read_text("utf-8")) or {})


class Member(OutModel):
    id: str
    name: str
    kind: OrgKind
    country: str
    coordinated: bool
    covers: dict[str, float]


class Shortfall(OutModel):
    """Why no consortium answers a call. ``reason`` says which rule cannot be met:

    * ``uncovered``: no organisation (from ``countries``, if the call names some) offers
      ``competence`` (called ``name``) at ``level`` or more;
    * ``countries``: the organisations covering a requirement come from ``countries``
      only, fewer than ``need``;
    * ``kinds``: only ``have`` organisations of ``kind`` cover a requirement, ``need`` asked;
    * ``coordinator``: none of them has coordinated a project;
    * ``impossible``: not even every candidate at once meets the requirements together;
    * ``time_limit``: none was found within ``seconds``;
    * ``too_large``: none of at most ``need`` members does; ``members`` is the smallest that would.
    """

    reason: Literal["uncovered", "countries", "kinds", "coordinator", "impossible", "time_limit", "too_large"]
    competence: str | None = None
    name: str | None = None
    level: float | None = None
    countries: list[str] = []
    have: int | None = None
    need: int | None = None
    kind: OrgKind | None = None
    seconds: float | None = None
    members: list[Member] = []

    @property
    def text(self) -> str:
        """The shortfall in English (the command line's words)."""
        if self.reason == "uncovered":
            where = f" in {', '.join(self.countries)}" if self.countries else ""
            return f"no organisation offers {self.name} at level {self.level:g} or more{where}"
        if self.reason == "countries":
            return (
                f"min_countries: the organisations that cover a requirement come only from "
                f"{', '.join(self.countries) or 'no country'}, fewer than {self.need} countries"
            )
        if self.reason == "kinds":
            kind = self.kind.value if self.kind else ""
            return f"kinds: only {self.have} {kind} organisation(s) cover a requirement, {self.need} required"
        if self.reason == "coordinator":
            return "experienced_coordinator: no organisation covering a requirement has coordinated a project"
        if self.reason == "impossible":
            return "the requirements cannot be met together, even by every candidate at once"
        if self.reason == "time_limit":
            return f"no consortium was found within the time limit of {self.seconds:g} s; allow more time"
        members = "; ".join(f"{m.name} ({m.kind.value}, {m.country})" for m in self.members)
        return (
            f"no consortium of at most {self.need} members meets every requirement together: "
            f"the smallest that does has {len(self.members)} members ({members})"
        )


class Weakest(OutModel):
    """The requirement a proposal covers with the least margin: ``competence`` (called
    ``name``) at ``level`` against the ``minimum`` asked, covered only by ``holders``."""

    competence: str
    name: str
    level: float
    minimum: float
    holders: list[str]

    @property
    def text(self) -> str:
        """The weakest point in English (the command line's words)."""
        return (
            f"{self.name} at level {self.level:g} (minimum {self.minimum:g}), covered only by {', '.join(self.holders)}"
        )


class Consortium(OutModel):
    """One proposal: members, coverage per competence, its weakest point, and whether
    it is proven optimal (else the solver's bound on coverage and the relative gap)."""

    rank: int
    score: float
    status: Literal["optimal", "time_limit"]
    bound: float
    gap: float
    known_pairs: int  # 2 per pair of members with a tie, 1 per pair a common partner can introduce
    members: list[Member]
    coverage: dict[str, float]  # best level among members, per required competence
    countries: list[str]
    kinds: dict[str, int]
    weakest: Weakest


class ConsortiumResult(OutModel):
    call: Call
    feasible: bool
    problems: list[Shortfall]
    consortia: list[Consortium]


class _Pool:
    """The candidates of a call: rows of the index, their levels, and names for words."""

    def __init__(self, ix: MatchIndex, call: Call, discount: float) -> None:
        self.ix, self.call = ix, call
        levels = np.zeros((len(ix.ids), len(call.competences)))
        for k, req in enumerate(call.competences):
            c = ix.comp.get(req.id)
            if c is not None:
                _, offered, factor = ix.levels(slice(None), c, discount)
                level = offered * factor
                levels[:, k] = np.where(level >= req.min_level, level, 0.0)
        allowed = np.ones(len(ix.ids), dtype=bool)
        if call.countries:
            allowed = np.isin(ix.country, [i for i, c in enumerate(ix.countries) if c in call.countries])
        chosen = (levels > 0).any(axis=1) & allowed
        lead = None
        if call.lead:
            if call.lead not in ix.pos:
                raise NotFound(f"lead: no organisation with id {call.lead!r}")
            lead = ix.pos[call.lead]
            chosen[lead] = True
        self.rows = np.nonzero(chosen)[0]
        self.levels = levels[self.rows]
        self.lead = None if lead is None else int(np.searchsorted(self.rows, lead))
        self.comp_names = [ix.comp_names[ix.comp[r.id]] if r.id in ix.comp else r.id for r in call.competences]

    def problem(self) -> Problem:
        ix, call = self.ix, self.call
        kind_code = {k: i for i, k in enumerate(ix.kinds)}
        return Problem(
            levels=self.levels,
            country=ix.country[self.rows],
            kind=ix.kind[self.rows],
            coordinated=ix.coordinated[self.rows],
            min_countries=call.min_countries,
            kinds={kind_code.get(k.value, len(ix.kinds)): n for k, n in call.kinds.items()},  # absent: nobody
            max_size=call.max_size,
            need_coordinator=call.experienced_coordinator,
            lead=self.lead,
        )

    def known_pairs(self, rows: np.ndarray) -> np.ndarray:
        """(a, b, weight) for the candidates ``rows`` (pool positions; a, b positions in
        ``rows``) who know each other: 2 when tied (a joint project, a membership or a
        recorded introduction), 1 when a common partner can introduce them."""
        ix, n, orgs = self.ix, len(self.ix.ids), self.rows[rows]
        near: list[np.ndarray] = [ix.tied(int(r)) for r in orgs]
        ones = [np.ones(len(x)) for x in near]
        position = np.repeat(np.arange(len(orgs)), [len(x) for x in near])
        ties = csr_array(
            (np.concatenate(ones or [np.zeros(0)]), (position, np.concatenate(near or [np.zeros(0, int)]))),
            shape=(len(orgs), n),
        )
        common = (ties @ ties.T).toarray() > 0
        direct = ties[:, orgs].toarray() > 0
        for row, org in enumerate(orgs):
            met = ix.intros.row(int(org))
            direct[row, np.searchsorted(orgs, met[np.isin(met, orgs)])] = True
        direct |= direct.T
        weight = np.where(direct, 2, np.where(common, 1, 0))
        a, b = np.nonzero(np.triu(weight, 1))
        return np.c_[a, b, weight[a, b]].astype(np.int64)

    def member(self, row: int) -> Member:
        ix, r = self.ix, self.rows[row]
        return Member(
            id=ix.ids[r],
            name=ix.names[r],
            kind=ix.kinds[ix.kind[r]],
            country=ix.countries[ix.country[r]],
            coordinated=bool(ix.coordinated[r]),
            covers={q.id: float(x) for q, x in zip(self.call.competences, self.levels[row], strict=True) if x > 0},
        )

    def problems(self) -> list[Shortfall]:
        """Requirements that no consortium can meet, whatever its members."""
        call, ix = self.call, self.ix
        out = [
            Shortfall(
                reason="uncovered",
                competence=r.id,
                name=self.comp_names[k],
                level=r.min_level,
                countries=call.countries,
            )
            for k, r in enumerate(call.competences)
            if not (self.levels[:, k] > 0).any()
        ]
        countries = sorted({ix.countries[ix.country[r]] for r in self.rows})
        if len(countries) < call.min_countries:
            out.append(Shortfall(reason="countries", countries=countries, need=call.min_countries))
        for kind, count in call.kinds.items():
            have = sum(ix.kinds[ix.kind[r]] == kind.value for r in self.rows)
            if have < count:
                out.append(Shortfall(reason="kinds", kind=kind, have=have, need=count))
        if call.experienced_coordinator and not ix.coordinated[self.rows].any():
            out.append(Shortfall(reason="coordinator"))
        return out


def build(
    store: Store, call: Call, weights: Weights | None = None, index: MatchIndex | None = None
) -> ConsortiumResult:
    """Up to ``call.results`` consortia that satisfy ``call``, the best first (see the module doc)."""
    pool = _Pool(index or MatchIndex.current(store), call, (weights or Weights()).narrower_discount)
    problems = pool.problems()
    if problems:
        return ConsortiumResult(call=call, feasible=False, problems=problems, consortia=[])
    problem = pool.problem()
    found = solve(problem, call.results, call.time_limit, pool.known_pairs if call.prefer_known else None)
    if not found:
        return ConsortiumResult(
            call=call,
            feasible=False,
            problems=[_too_small(pool, problem, call)],
            consortia=[],
        )
    return ConsortiumResult(
        call=call,
        feasible=True,
        problems=[],
        consortia=[_describe(pool, i + 1, s) for i, s in enumerate(found)],
    )


def _too_small(pool: _Pool, problem: Problem, call: Call) -> Shortfall:
    """Why no consortium was found, when every requirement alone can be met."""
    group = smallest(problem, call.time_limit)
    if group is None:
        return Shortfall(reason="impossible")
    if len(group) <= call.max_size:  # feasible after all: the time limit stopped the search
        return Shortfall(reason="time_limit", seconds=call.time_limit)
    return Shortfall(reason="too_large", need=call.max_size, members=[pool.member(r) for r in group])


def _describe(pool: _Pool, rank: int, s: Solution) -> Consortium:
    call = pool.call
    group = [pool.member(r) for r in s.members]
    coverage = {r.id: max(m.covers.get(r.id, 0.0) for m in group) for r in call.competences}
    k = min(
        range(len(call.competences)),
        key=lambda k: (coverage[call.competences[k].id] - call.competences[k].min_level, k),
    )
    req = call.competences[k]
    weakest = Weakest(
        competence=req.id,
        name=pool.comp_names[k],
        level=coverage[req.id],
        minimum=req.min_level,
        holders=[m.name for m in group if req.id in m.covers],
    )
    kinds: dict[str, int] = {}
    for m in group:
        kinds[m.kind.value] = kinds.get(m.kind.value, 0) + 1
    return Consortium(
        rank=rank,
        score=s.coverage,
        status=s.status,
        bound=s.bound,
        gap=s.gap,
        known_pairs=s.known,
        members=sorted(group, key=lambda m: m.id),
        coverage=coverage,
        countries=sorted({m.country for m in group}),
        kinds=dict(sorted(kinds.items())),
        weakest=weakest,
    )
