"""A plain-Python reference of the matching formula, to check the Cypher against.

It reads the same :class:`graph.readwrite.dataset.Dataset` the loader writes, and follows the
formula in :mod:`graph.matching.model` literally, with no pruning and no cleverness, so that
a disagreement points at the query (or at this file's reading of the formula).
The benchmark times it too, as the in-memory baseline.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph.matching.model import MatchFilters, Weights
from graph.readwrite.dataset import Dataset


@dataclass
class Graph:
    """The dataset indexed for the formula."""

    orgs: dict[str, Any] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    broader: dict[str, str] = field(default_factory=dict)
    offers: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    needs: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    projects: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    org_projects: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    member_of: set[tuple[str, str]] = field(default_factory=set)
    networks: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    members: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    intros: dict[frozenset[str], int] = field(default_factory=lambda: defaultdict(int))
    balkan: set[str] = field(default_factory=set)
    offerers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    needers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def build(dataset: Dataset) -> Graph:
    g = Graph()
    for r in dataset.rows("regions"):
        if r.parent is None and "balkan" in r.tags:
            g.balkan.add(r.id)
    for c in dataset.rows("competences"):
        g.names[c.id] = c.name
        if c.broader:
            g.broader[c.id] = c.broader
    for o in dataset.rows("organisations"):
        g.orgs[o.id] = o
    for x in dataset.rows("offers"):
        g.offers[x.org][x.competence] = x.level
        g.offerers[x.competence].add(x.org)
    for x in dataset.rows("needs"):
        g.needs[x.org][x.competence] = x.priority
        g.needers[x.competence].add(x.org)
    for p in dataset.rows("participations"):
        g.projects[p.project].add(p.org)
        g.org_projects[p.org].add(p.project)
    for m in dataset.rows("memberships"):
        g.member_of.add((m.org, m.network))
        g.networks[m.org].add(m.network)
        g.members[m.network].add(m.org)
    for i in dataset.rows("introductions"):
        g.intros[frozenset((i.source, i.target))] += 1
    return g


def items(g: Graph, needs: dict[str, int], offers: dict[str, int], discount: float) -> list[dict]:
    """Competences in ``needs`` met by ``offers`` (directly, or through a narrower one)."""
    out = []
    for c in sorted(needs):
        p = needs[c]
        if c in offers:
            out.append(
                {
                    "competence": c,
                    "priority": p,
                    "level": offers[c],
                    "through": None,
                    "factor": 1.0,
                    "value": p * offers[c] * 1.0,
                }
            )
            continue
        narrow = [(x, lvl) for x, lvl in offers.items() if g.broader.get(x) == c]
        if narrow:
            best = min(narrow, key=lambda t: (-t[1], t[0]))
            out.append(
                {
                    "competence": c,
                    "priority": p,
                    "level": best[1],
                    "through": best[0],
                    "factor": discount,
                    "value": p * best[1] * discount,
                }
            )
    return out


def ties(g: Graph, a: str) -> list[tuple[str, str, str]]:
    """(other org, via, ref) for a's joint projects then memberships, in path order."""
    out = sorted((x, "project", p) for p in g.org_projects[a] for x in g.projects[p] if x != a)
    members = sorted({(n, "membership", n) for n in g.networks[a]} | {(o, "membership", a) for o in g.members[a]})
    return out + members


def joint(g: Graph, a: str, b: str) -> int:
    return len(g.org_projects[a] & g.org_projects[b])


def score_pair(g: Graph, a: str, b: str, w: Weights) -> dict[str, Any] | None:
    """The full result for candidate b, or None when b is not complementary to a."""
    oa, ob = g.orgs[a], g.orgs[b]
    nitems = items(g, g.needs[a], g.offers[b], w.narrower_discount)
    ritems = items(g, g.needs[b], g.offers[a], w.narrower_discount)
    if not nitems and not ritems:
        return None
    s = 0.0
    for i in nitems:
        s += i["value"]
    r = 0.0
    for i in ritems:
        r += i["value"]
    if ob.region == oa.region:
        geo, t_geo = "same_region", w.same_region
    elif ob.country == oa.country:
        geo, t_geo = "same_country", w.same_country
    else:
        geo, t_geo = "cross_border", w.cross_border
    jp = joint(g, a, b)
    intros = g.intros.get(frozenset((a, b)), 0)
    fam = w.familiarity_mode.sign * w.familiarity * min(jp + intros, w.familiarity_cap)
    ta, tb = ties(g, a), ties(g, b)
    bset = {x for x, _, _ in tb}
    common: list[str] = []
    for x, _, _ in ta:
        if x not in common and x != b and x in bset:
            common.append(x)
    introducers = [
        {"id": x, "path": [next(t for t in ta if t[0] == x)[1:], next(t for t in tb if t[0] == x)[1:]]}
        for x in common[:3]
    ]
    terms = {
        "need_coverage": w.need * s,
        "reciprocity": w.reciprocity * r,
        "cross_sector": w.cross_sector if ob.kind != oa.kind else 0.0,
        "geography": t_geo,
        "familiarity": fam,
        "reachability": w.reachability if common else 0.0,
    }
    total = 0.0
    for v in terms.values():
        total += v
    partner = jp > 0 or (a, b) in g.member_of or (b, a) in g.member_of
    return {
        "id": b,
        "score": total,
        "terms": terms,
        "need_coverage": nitems,
        "reciprocity": ritems,
        "geography": geo,
        "introducers": introducers,
        "partner": partner,
    }


def passes(g: Graph, a: str, res: dict[str, Any], f: MatchFilters) -> bool:
    oa, ob = g.orgs[a], g.orgs[res["id"]]
    return (
        (not f.kinds or ob.kind in f.kinds)
        and (not f.countries or ob.country in f.countries)
        and (not f.regions or ob.region in f.regions or ob.country in f.regions)
        and (not f.cross_border or ob.country != oa.country)
        and (not f.balkan or ob.country in g.balkan)
        and (not f.exclude_partners or not res["partner"])
        and (f.min_score is None or res["score"] >= f.min_score)
    )


def complementary(g: Graph, a: str) -> set[str]:
    """Every organisation sharing a competence pair with a (the candidate set)."""
    out: set[str] = set()
    for c in g.needs[a]:
        out |= g.offerers[c]
        for x, up in g.broader.items():
            if up == c:
                out |= g.offerers[x]
    for c in g.offers[a]:
        out |= g.needers[c]
        if c in g.broader:
            out |= g.needers[g.broader[c]]
    out.discard(a)
    return out


def match(g: Graph, a: str, f: MatchFilters, w: Weights) -> list[dict[str, Any]]:
    """Top-k results for seeker a, best first, ties by id."""
    results = []
    for b in complementary(g, a):
        res = score_pair(g, a, b, w)
        if res is not None and passes(g, a, res, f):
            results.append(res)
    results.sort(key=lambda r: (-r["score"], r["id"]))
    return results[: f.top]
