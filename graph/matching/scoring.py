"""The matching score of every candidate at once, and the top k explained, from the index.

Same formula as ``cypher/match/score.cypher`` (see :mod:`graph.matching.model`), computed with
numpy over the organisations that share a competence with the seeker (the candidates, from
the inverted index of a :class:`graph.matching.index.MatchIndex`). The arithmetic
follows the query's order of operations term by term (``priority × level × factor``
summed over competences in id order, then the six terms left to right), so the floats
are identical to the query's and to the reference's, and ties are broken by id exactly
as there. Familiarity and reachability come from the index's sparse ties: joint
projects and introductions are counted with ``bincount``; a candidate is reachable when
an organisation tied to the seeker (other than the candidate) is tied to it.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from graph.matching.index import MatchIndex
from graph.matching.model import Introducer, Item, MatchFilters, MatchResult, Step, Via, Weights

GEO: tuple[Literal["same_region", "same_country", "cross_border"], ...] = (
    "same_region",
    "same_country",
    "cross_border",
)


def candidates(ix: MatchIndex, a: int) -> np.ndarray:
    """The organisations complementary to ``a``, in row order: those offering (directly
    or through a narrower competence) what ``a`` needs, or needing what ``a`` offers.
    Read from the inverted index, so a match costs in proportion to these, not to all."""
    wanted = np.flatnonzero(ix.need[a])
    offered = np.flatnonzero((ix.direct[a] > 0) | (ix.narrow[a] > 0))
    kids = [k for c in wanted.tolist() for k in ix.children.get(c, [])]
    # Marked in a mask rather than np.unique'd: tens of thousands of rows with repeats,
    # which numpy 2's hashing unique took 8 ms of a 20 ms match to sort out.
    found = np.zeros(len(ix.ids), dtype=bool)
    for rows in [ix.offerers[c] for c in wanted.tolist() + kids] + [ix.needers[c] for c in offered.tolist()]:
        found[rows] = True
    found[a] = False
    return np.flatnonzero(found)


def _complementarity(ix: MatchIndex, a: int, cand: np.ndarray, w: Weights) -> tuple[np.ndarray, np.ndarray]:
    """(need sum, reciprocity sum) of each candidate ``cand``."""
    disc = w.narrower_discount
    need_sum, rec_sum = np.zeros(len(cand)), np.zeros(len(cand))
    for c in np.nonzero(ix.need[a])[0]:  # a's needs in competence id order
        has, level, factor = ix.levels(cand, c, disc)
        need_sum = need_sum + np.where(has, (float(ix.need[a, c]) * level) * factor, 0.0)
    has_a, level_a, factor_a = ix.levels(a, slice(None), disc)
    for c in np.nonzero(has_a)[0]:  # competences a offers, in id order
        wanted = ix.need[cand, c].astype(np.float64)
        rec_sum = rec_sum + np.where(wanted > 0, (wanted * level_a[c]) * factor_a[c], 0.0)
    return need_sum, rec_sum


def _count(values: np.ndarray, cand: np.ndarray) -> np.ndarray:
    """How many times each of ``cand`` occurs in ``values``."""
    ordered = np.sort(values)
    return np.searchsorted(ordered, cand, side="right") - np.searchsorted(ordered, cand, side="left")


def _ties(ix: MatchIndex, a: int, cand: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(joint projects, introductions, partner?, reachable?) of each candidate with a."""
    joint = _count(ix.proj_org.gather(ix.org_proj.row(a)), cand)
    intros = _count(ix.intros.row(a), cand)
    partner = (joint > 0) | np.isin(cand, ix.member_of.row(a)) | np.isin(cand, ix.members.row(a))
    near = ix.tied(a)
    # b is reachable when some x tied to a, x != b, is tied to b. Through projects:
    # count (x, project) hits on b and drop b's own, present when b itself is tied to a.
    hits = _count(ix.proj_org.gather(ix.org_proj.gather(near)), cand)
    reach = (hits - np.where(np.isin(cand, near), ix.org_proj.lengths(cand), 0)) > 0
    reach |= np.isin(cand, ix.member_of.gather(near)) | np.isin(cand, ix.members.gather(near))
    return joint, intros, partner, reach


def _filter_mask(ix: MatchIndex, a: int, cand: np.ndarray, f: MatchFilters) -> np.ndarray:
    mask = np.ones(len(cand), dtype=bool)
    if f.kinds:
        mask &= np.isin(ix.kind[cand], [i for i, k in enumerate(ix.kinds) if k in f.kinds])
    if f.countries:
        mask &= np.isin(ix.country[cand], [i for i, c in enumerate(ix.countries) if c in f.countries])
    if f.regions:
        mask &= np.isin(ix.region[cand], [i for i, r in enumerate(ix.regions) if r in f.regions]) | np.isin(
            ix.country[cand], [i for i, c in enumerate(ix.countries) if c in f.regions]
        )
    if f.cross_border:
        mask &= ix.country[cand] != ix.country[a]
    if f.balkan:
        mask &= ix.balkan[cand]
    return mask


def rank(ix: MatchIndex, org_id: str, f: MatchFilters, w: Weights) -> tuple[int, list[MatchResult]]:
    """(candidates scored, the top ``f.top`` explained) for seeker ``org_id``."""
    with ix.lock:  # not while the index is updated in place
        return _rank(ix, ix.pos[org_id], f, w)


def _rank(ix: MatchIndex, a: int, f: MatchFilters, w: Weights) -> tuple[int, list[MatchResult]]:
    cand = candidates(ix, a)
    need_sum, rec_sum = _complementarity(ix, a, cand, w)
    joint, intros, partner, reach = _ties(ix, a, cand)
    keep = _filter_mask(ix, a, cand, f)
    if f.exclude_partners:
        keep &= ~partner
    region, country = ix.region[cand], ix.country[cand]
    geo = np.where(region == ix.region[a], 0, np.where(country == ix.country[a], 1, 2))
    terms = {
        "need_coverage": w.need * need_sum,
        "reciprocity": w.reciprocity * rec_sum,
        "cross_sector": np.where(ix.kind[cand] != ix.kind[a], w.cross_sector, 0.0),
        "geography": np.array([w.same_region, w.same_country, w.cross_border])[geo],
        "familiarity": (w.familiarity_mode.sign * w.familiarity) * np.minimum(joint + intros, w.familiarity_cap),
        "reachability": np.where(reach, w.reachability, 0.0),
    }
    score = np.zeros(len(cand))
    for values in terms.values():
        score = score + values
    if f.min_score is not None:
        keep &= score >= f.min_score
    pool = np.nonzero(keep)[0]  # positions in cand
    if len(pool) > f.top:  # everything scoring at least the k-th best, then exact order
        kth = np.partition(score[pool], len(pool) - f.top)[len(pool) - f.top]
        pool = pool[score[pool] >= kth]
    top = pool[np.lexsort((ix.id_array[cand[pool]], -score[pool]))][: f.top]  # ties by id
    a_ties = ix.ties(a)
    results = []
    for k in top.tolist():
        b = int(cand[k])
        common, introducers = _introducers(ix, a, b, a_ties)
        results.append(
            MatchResult(
                id=ix.ids[b],
                name=ix.names[b],
                kind=ix.kinds[ix.kind[b]],
                country=ix.countries[ix.country[b]],
                region=ix.regions[ix.region[b]],
                score=float(score[k]),
                terms={name: float(v[k]) for name, v in terms.items()},
                via=Via(
                    need_coverage=_items(ix, a, b, w),
                    reciprocity=_items(ix, b, a, w),
                    geography=GEO[geo[k]],
                    joint_projects=int(joint[k]),
                    introductions=int(intros[k]),
                    common_partners=common,
                ),
                introducers=introducers,
            )
        )
    return int(keep.sum()), results


def _items(ix: MatchIndex, needer: int, offerer: int, w: Weights) -> list[Item]:
    """The competences ``needer`` needs that ``offerer`` offers, and their values."""
    out = []
    for c in np.nonzero(ix.need[needer])[0].tolist():
        p = int(ix.need[needer, c])
        has, offered, scale = ix.levels(offerer, c, w.narrower_discount)
        if not has:
            continue
        level, factor = int(offered), float(scale)
        through = None if ix.direct[offerer, c] > 0 else ix.comps[ix.through[offerer, c]]
        out.append(
            Item(
                competence=ix.comps[c],
                name=ix.comp_names[c],
                priority=p,
                level=level,
                through=through,
                factor=factor,
                value=p * level * factor,
            )
        )
    return out


def _introducers(ix: MatchIndex, a: int, b: int, a_ties: list[tuple[str, str, str]]) -> tuple[int, list[Introducer]]:
    """How many organisations can introduce a and b, and the first three with paths."""
    first_b: dict[str, tuple[str, str, str]] = {}
    for t in ix.ties(b):
        first_b.setdefault(t[0], t)
    first_a: dict[str, tuple[str, str, str]] = {}
    for t in a_ties:
        if t[0] != ix.ids[b] and t[0] in first_b:
            first_a.setdefault(t[0], t)
    introducers = [
        Introducer(
            id=x,
            name=ix.names[ix.pos[x]],
            path=[
                Step.model_validate({"from": ix.ids[a], "to": x, "via": via_a, "ref": ref_a}),
                Step.model_validate({"from": x, "to": ix.ids[b], "via": first_b[x][1], "ref": first_b[x][2]}),
            ],
        )
        for x, (_, via_a, ref_a) in list(first_a.items())[:3]
    ]
    return len(first_a), introducers
