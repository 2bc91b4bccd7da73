"""Consortium building: propose groups of organisations that together answer a call.

A call names required competences with minimum levels, a minimum number of countries,
required kinds with counts, a maximum size, an optional lead and whether an experienced
coordinator (an organisation that coordinated an earlier project) must be in it.
Candidates come from the matching index (:class:`graph.matching.index.MatchIndex`): the
best ``PER_COUNTRY`` offerers of each required competence per country (a competence
offered only through a narrower one counts at level × discount, as in matching), so
that country diversity is available. A beam search then grows consortia one member at
a time, preferring those that close the most gaps, and ranks the complete ones by
total coverage, then size. Each step scores every (group, candidate) extension at once
with numpy from the group's running state (best level per competence, countries, kind
counts, coordinator), and only the best extensions are compared by member ids.
Every member other than the lead covers at least one required competence at its
minimum level.

Example:
    >>> result = build(store, Call.from_yaml(Path("graph/seeds/calls/ro-bg-libraries.yaml")))  # doctest: +SKIP
    >>> result.feasible                                                                     # doctest: +SKIP
    True
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph.errors import NotFound
from graph.matching.index import MatchIndex
from graph.matching.model import Country, Weights
from graph.models import OrgKind, Slug
from graph.outputs import OutModel
from graph.store.driver import Store

PER_COUNTRY = 5
BEAM = 24


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


class Consortium(OutModel):
    """One proposal: members, coverage per competence, and its weakest point."""

    rank: int
    score: float
    members: list[Member]
    coverage: dict[str, float]  # best level among members, per required competence
    countries: list[str]
    kinds: dict[str, int]
    weakest: str


class ConsortiumResult(OutModel):
    call: Call
    feasible: bool
    problems: list[str]
    consortia: list[Consortium]


def _levels(ix: MatchIndex, call: Call, discount: float) -> np.ndarray:
    """Level at which every organisation covers each required competence (0 = not)."""
    out = np.zeros((len(ix.ids), len(call.competences)))
    for k, req in enumerate(call.competences):
        c = ix.comp.get(req.id)
        if c is None:
            continue
        _, offered, factor = ix.levels(slice(None), c, discount)
        level = offered * factor
        out[:, k] = np.where(level >= req.min_level, level, 0.0)
    return out


def _pool(ix: MatchIndex, call: Call, discount: float) -> dict[str, dict[str, Any]]:
    """The candidates: the best offerers of each requirement per country, and the lead."""
    levels = _levels(ix, call, discount)
    allowed = np.ones(len(ix.ids), dtype=bool)
    if call.countries:
        allowed = np.isin(ix.country, [i for i, c in enumerate(ix.countries) if c in call.countries])
    chosen: set[int] = set()
    for k in range(len(call.competences)):
        rows = np.nonzero((levels[:, k] > 0) & allowed)[0]
        rows = rows[np.lexsort((rows, -levels[rows, k], ix.country[rows]))]
        for country in np.unique(ix.country[rows]):
            chosen.update(rows[ix.country[rows] == country][:PER_COUNTRY].tolist())
    if call.lead:
        if call.lead not in ix.pos:
            raise NotFound(f"lead: no organisation with id {call.lead!r}")
        chosen.add(ix.pos[call.lead])
    ids = [r.id for r in call.competences]
    return {
        ix.ids[i]: {
            "id": ix.ids[i],
            "name": ix.names[i],
            "kind": ix.kinds[ix.kind[i]],
            "country": ix.countries[ix.country[i]],
            "coordinated": bool(ix.coordinated[i]),
            "covers": {c: float(x) for c, x in zip(ids, levels[i], strict=True) if x > 0},
        }
        for i in sorted(chosen)
    }


def _gaps(call: Call, members: list[dict[str, Any]]) -> list[str]:
    """What a group still lacks, one line per unmet requirement."""
    gaps = [
        f"competence {r.id} at level >= {r.min_level:g}"
        for r in call.competences
        if not any(r.id in m["covers"] for m in members)
    ]
    countries = {m["country"] for m in members}
    if len(countries) < call.min_countries:
        gaps.append(f"{call.min_countries - len(countries)} more countr(y/ies)")
    for kind, count in call.kinds.items():
        have = sum(m["kind"] == kind.value for m in members)
        if have < count:
            gaps.append(f"{count - have} more {kind.value}")
    if call.experienced_coordinator and not any(m["coordinated"] for m in members):
        gaps.append("an experienced coordinator")
    return gaps


def _coverage(call: Call, members: list[dict[str, Any]]) -> dict[str, float]:
    return {r.id: max((m["covers"].get(r.id, 0.0) for m in members), default=0.0) for r in call.competences}


def _problems(call: Call, pool: dict[str, dict[str, Any]]) -> list[str]:
    """Requirements that no consortium can meet, whatever its members."""
    everyone = list(pool.values())
    problems = [
        f"no organisation offers {g.removeprefix('competence ')}"
        for g in _gaps(call, everyone)
        if g.startswith("competence ")
    ]
    countries = {m["country"] for m in everyone}
    if len(countries) < call.min_countries:
        problems.append(
            f"min_countries: the organisations that cover the call come from only {len(countries)} countr(y/ies)"
        )
    for kind, count in call.kinds.items():
        have = sum(m["kind"] == kind.value for m in everyone)
        if have < count:
            problems.append(f"kinds: only {have} {kind.value}(s) cover a required competence, {count} required")
    if call.experienced_coordinator and not any(m["coordinated"] for m in everyone):
        problems.append("experienced_coordinator: no organisation covering the call has coordinated a project")
    return problems


def _rank_key(call: Call, members: list[dict[str, Any]]) -> tuple[Any, ...]:
    return (
        len(_gaps(call, members)),
        -sum(_coverage(call, members).values()),
        len(members),
        sorted(m["id"] for m in members),
    )


class _Search:
    """The beam search over a pool, with each group's running state as numpy arrays."""

    def __init__(self, call: Call, pool: dict[str, dict[str, Any]]) -> None:
        self.call = call
        self.members = sorted(pool.values(), key=lambda m: m["id"])
        reqs = [r.id for r in call.competences]
        self.levels = np.array([[m["covers"].get(r, 0.0) for r in reqs] for m in self.members])
        countries = sorted({m["country"] for m in self.members})
        self.country = np.array([countries.index(m["country"]) for m in self.members])
        self.kinds = [k.value for k in call.kinds]
        self.need_kinds = np.array(list(call.kinds.values()), dtype=np.int64)
        self.kind = np.array([[m["kind"] == k for k in self.kinds] for m in self.members], dtype=np.int64).reshape(
            len(self.members), len(self.kinds)
        )
        self.coord = np.array([m["coordinated"] for m in self.members], dtype=bool)

    def gaps(self, group: tuple[int, ...]) -> np.ndarray:
        """Number of unmet requirements of ``group`` plus each candidate (one per row)."""
        g = list(group)
        best = np.maximum(self.levels[g].max(axis=0, initial=0.0), self.levels)
        uncovered = (best == 0).sum(axis=1)
        have = np.isin(np.arange(self.country.max() + 1), self.country[g])
        n_countries = have.sum() + ~have[self.country]
        kinds = self.kind[g].sum(axis=0) + self.kind
        gaps = uncovered + (n_countries < self.call.min_countries) + (kinds < self.need_kinds).sum(axis=1)
        if self.call.experienced_coordinator:
            gaps = gaps + ~(self.coord[g].any() | self.coord)
        return np.stack([gaps, -best.sum(axis=1)])

    def step(self, beam: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
        """The best ``BEAM`` distinct groups one member larger than those in ``beam``."""
        keys: list[np.ndarray] = []
        groups: list[np.ndarray] = []
        adds: list[np.ndarray] = []
        for group in beam:
            key = self.gaps(group)
            free = np.ones(len(self.members), dtype=bool)
            free[list(group)] = False
            rows = np.nonzero(free)[0]
            keys.append(key[:, rows])
            groups.append(np.full(len(rows), len(groups)))
            adds.append(rows)
        if not keys:
            return []
        key, group_of, add = (np.concatenate(keys, axis=1), np.concatenate(groups), np.concatenate(adds))
        # A group of size s arises from at most s parents, so the BEAM * s best
        # extensions by (gaps, -coverage) hold the BEAM best distinct groups.
        order = np.lexsort((key[1], key[0]))
        size = len(beam[0]) + 1
        cut = order[min(len(order), BEAM * size) - 1]
        last = (key[0, cut], key[1, cut])
        keep = np.nonzero((key[0] < last[0]) | ((key[0] == last[0]) & (key[1] <= last[1])))[0]
        grown = {tuple(sorted((*beam[group_of[i]], int(add[i])))): (key[0, i], key[1, i]) for i in keep}
        ranked = sorted(grown, key=lambda g: (*grown[g], [self.members[i]["id"] for i in g]))
        return ranked[:BEAM]

    def complete(self, group: tuple[int, ...]) -> bool:
        return not _gaps(self.call, [self.members[i] for i in group])


def build(
    store: Store, call: Call, weights: Weights | None = None, index: MatchIndex | None = None
) -> ConsortiumResult:
    """Up to ``call.results`` distinct consortia that satisfy ``call``, best first."""
    discount = (weights or Weights()).narrower_discount
    pool = _pool(index or MatchIndex.current(store), call, discount)
    problems = _problems(call, pool)
    if problems:
        return ConsortiumResult(call=call, feasible=False, problems=problems, consortia=[])
    search = _Search(call, pool)
    ids = [m["id"] for m in search.members]
    start: tuple[int, ...] = (ids.index(call.lead),) if call.lead else ()
    beam = [start]
    found: dict[tuple[int, ...], None] = {}
    for _ in range(call.max_size - len(start)):
        beam = search.step([g for g in beam if not search.complete(g)])
        found.update((g, None) for g in beam if search.complete(g))
        if len(found) >= call.results * 3 or not beam:
            break
    groups = {g: [search.members[i] for i in g] for g in found}
    if not groups:
        closest = min([[search.members[i] for i in g] for g in beam or [start]], key=lambda g: _rank_key(call, g))
        return ConsortiumResult(
            call=call,
            feasible=False,
            consortia=[],
            problems=[
                f"no consortium of at most {call.max_size} members meets every "
                f"requirement together; the closest lacks: " + "; ".join(_gaps(call, closest))
            ],
        )
    ranked = sorted(groups.values(), key=lambda g: _rank_key(call, g))[: call.results]
    return ConsortiumResult(
        call=call, feasible=True, problems=[], consortia=[_describe(call, i + 1, g) for i, g in enumerate(ranked)]
    )


def _describe(call: Call, rank: int, group: list[dict[str, Any]]) -> Consortium:
    coverage = _coverage(call, group)
    mins = {r.id: r.min_level for r in call.competences}
    weakest_id = min(coverage, key=lambda c: (coverage[c] - mins[c], c))
    holders = [m["id"] for m in group if weakest_id in m["covers"]]
    weakest = (
        f"{weakest_id} at level {coverage[weakest_id]:g} (minimum {mins[weakest_id]:g}), "
        f"covered only by {', '.join(holders)}"
    )
    kinds: dict[str, int] = {}
    for m in group:
        kinds[m["kind"]] = kinds.get(m["kind"], 0) + 1
    return Consortium(
        rank=rank,
        score=sum(coverage.values()),
        members=[Member.model_validate(m) for m in sorted(group, key=lambda m: m["id"])],
        coverage=coverage,
        countries=sorted({m["country"] for m in group}),
        kinds=dict(sorted(kinds.items())),
        weakest=weakest,
    )
