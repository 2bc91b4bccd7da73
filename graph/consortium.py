"""Consortium building: propose groups of organisations that together answer a call.

A call names required competences with minimum levels, a minimum number of countries,
required kinds with counts, a maximum size, an optional lead and whether an experienced
coordinator (an organisation that coordinated an earlier project) must be in it.
Candidates come from ``cypher/consortium/candidates.cypher`` (the best offerers of each
required competence per country, so that country diversity is available); a beam
search then grows consortia one member at a time, preferring those that close the most
gaps, and ranks the complete ones by total coverage, then size. Every member other
than the lead covers at least one required competence at its minimum level.

Example:
    >>> result = build(store, Call.from_yaml(Path("seeds/calls/ro-bg-libraries.yaml")))  # doctest: +SKIP
    >>> result.feasible                                                                     # doctest: +SKIP
    True
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph.matching import Country, Weights
from graph.models import OrgKind, Slug
from graph.organisations import NotFound, OutModel
from graph.queries import query
from graph.store import Store

CANDIDATES = query("consortium/candidates")
LEAD = query("consortium/lead")
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
            raise ValueError(f"kinds: {sum(self.kinds.values())} required organisations "
                             f"exceed max_size {self.max_size}")
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


def _pool(store: Store, call: Call, discount: float) -> dict[str, dict[str, Any]]:
    reqs = [r.model_dump() for r in call.competences]
    pool: dict[str, dict[str, Any]] = {}
    for row in store.read(CANDIDATES, competences=reqs, discount=discount,
                          per_country=PER_COUNTRY, countries=call.countries or None):
        org = pool.setdefault(row["id"], {**row, "covers": {}})
        org["covers"][row["competence"]] = row["level"]
    if call.lead:
        rows = store.read(LEAD, id=call.lead, competences=reqs, discount=discount)
        if not rows:
            raise NotFound(f"lead: no organisation with id {call.lead!r}")
        lead = rows[0]
        mins = {r.id: r.min_level for r in call.competences}
        lead["covers"] = {x["competence"]: x["level"] for x in lead.pop("levels")
                          if x["level"] is not None and x["level"] >= mins[x["competence"]]}
        pool[lead["id"]] = lead
    return pool


def _gaps(call: Call, members: list[dict[str, Any]]) -> list[str]:
    """What a group still lacks, one line per unmet requirement."""
    gaps = [f"competence {r.id} at level >= {r.min_level:g}" for r in call.competences
            if not any(r.id in m["covers"] for m in members)]
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
    return {r.id: max((m["covers"].get(r.id, 0.0) for m in members), default=0.0)
            for r in call.competences}


def _problems(call: Call, pool: dict[str, dict[str, Any]]) -> list[str]:
    """Requirements that no consortium can meet, whatever its members."""
    everyone = list(pool.values())
    problems = [f"no organisation offers {g.removeprefix('competence ')}"
                for g in _gaps(call, everyone) if g.startswith("competence ")]
    countries = {m["country"] for m in everyone}
    if len(countries) < call.min_countries:
        problems.append(f"min_countries: the organisations that cover the call come from "
                        f"only {len(countries)} countr(y/ies)")
    for kind, count in call.kinds.items():
        have = sum(m["kind"] == kind.value for m in everyone)
        if have < count:
            problems.append(f"kinds: only {have} {kind.value}(s) cover a required competence, "
                            f"{count} required")
    if call.experienced_coordinator and not any(m["coordinated"] for m in everyone):
        problems.append("experienced_coordinator: no organisation covering the call has "
                        "coordinated a project")
    return problems


def _rank_key(call: Call, members: list[dict[str, Any]]) -> tuple[Any, ...]:
    return (len(_gaps(call, members)), -sum(_coverage(call, members).values()),
            len(members), sorted(m["id"] for m in members))


def build(store: Store, call: Call, weights: Weights | None = None) -> ConsortiumResult:
    """Up to ``call.results`` distinct consortia that satisfy ``call``, best first."""
    discount = (weights or Weights()).narrower_discount
    pool = _pool(store, call, discount)
    problems = _problems(call, pool)
    if problems:
        return ConsortiumResult(call=call, feasible=False, problems=problems, consortia=[])
    start = [pool[call.lead]] if call.lead else []
    beam: list[list[dict[str, Any]]] = [start]
    found: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    candidates = sorted(pool.values(), key=lambda m: m["id"])
    for _ in range(call.max_size - len(start)):
        grown: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for group in beam:
            if not _gaps(call, group):
                continue
            ids = {m["id"] for m in group}
            for cand in candidates:
                if cand["id"] not in ids:
                    new = [*group, cand]
                    grown.setdefault(tuple(sorted(ids | {cand["id"]})), new)
        beam = sorted(grown.values(), key=lambda g: _rank_key(call, g))[:BEAM]
        for group in beam:
            if not _gaps(call, group):
                found.setdefault(tuple(sorted(m["id"] for m in group)), group)
        if len(found) >= call.results * 3 or not beam:
            break
    if not found:
        closest = min(beam or [start], key=lambda g: _rank_key(call, g))
        return ConsortiumResult(
            call=call, feasible=False, consortia=[],
            problems=[f"no consortium of at most {call.max_size} members meets every "
                      f"requirement together; the closest lacks: "
                      + "; ".join(_gaps(call, closest))])
    ranked = sorted(found.values(), key=lambda g: _rank_key(call, g))[: call.results]
    return ConsortiumResult(call=call, feasible=True, problems=[],
                            consortia=[_describe(call, i + 1, g) for i, g in enumerate(ranked)])


def _describe(call: Call, rank: int, group: list[dict[str, Any]]) -> Consortium:
    coverage = _coverage(call, group)
    mins = {r.id: r.min_level for r in call.competences}
    weakest_id = min(coverage, key=lambda c: (coverage[c] - mins[c], c))
    holders = [m["id"] for m in group if weakest_id in m["covers"]]
    weakest = (f"{weakest_id} at level {coverage[weakest_id]:g} (minimum {mins[weakest_id]:g}), "
               f"covered only by {', '.join(holders)}")
    kinds: dict[str, int] = {}
    for m in group:
        kinds[m["kind"]] = kinds.get(m["kind"], 0) + 1
    return Consortium(
        rank=rank, score=sum(coverage.values()),
        members=[Member.model_validate(m) for m in sorted(group, key=lambda m: m["id"])],
        coverage=coverage, countries=sorted({m["country"] for m in group}),
        kinds=dict(sorted(kinds.items())), weakest=weakest)
