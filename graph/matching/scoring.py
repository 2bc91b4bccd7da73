"""The top k matches of a seeker, scored and explained from the index.

Same formula as ``cypher/match/score.cypher`` (see :mod:`graph.matching.model`), computed with
numpy from the inverted index of a :class:`graph.matching.index.MatchIndex`. The need and
reciprocity sums of every complementary organisation are added up over the index's lists
(who offers what the seeker needs, who needs what it offers); the other four terms
together add between two bounds set by the weights, so only the organisations whose
complementarity comes within that spread of the k-th best can place, and only those are
scored in full and ranked (:func:`_contenders`). The arithmetic follows the query's order
of operations term by term (``priority × level × factor`` summed over competences in id
order, then the six terms left to right), so the floats are identical to the query's and
to the reference's, and ties are broken by id exactly as there. Familiarity and
reachability come from the index's sparse ties, looked up for the contenders only; a
candidate is reachable when an organisation tied to the seeker (other than the
candidate) is tied to it.
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
SAMPLE = 16  # every SAMPLE-th row gives the first, cheap cut-off of the contenders
MARGIN = 1e-6  # scores are sums of a few products below 10^6: their rounding is far smaller


def candidates(ix: MatchIndex, a: int) -> np.ndarray:
    """Which organisations (a mask over rows) are complementary to ``a``: those offering
    (directly or through a narrower competence) what ``a`` needs, or needing what ``a``
    offers. Read from the inverted index, so its cost follows these, not all."""
    wanted = np.flatnonzero(ix.need[a])
    offered = np.flatnonzero((ix.direct[a] > 0) | (ix.narrow[a] > 0))
    kids = [k for c in wanted.tolist() for k in ix.children.get(c, [])]
    # Marked in a mask rather than np.unique'd: tens of thousands of rows with repeats,
    # which numpy 2's hashing unique took 8 ms of a 20 ms match to sort out.
    found = np.zeros(len(ix.ids), dtype=bool)
    for rows in [ix.offerers[c] for c in wanted.tolist() + kids] + [ix.needers[c] for c in offered.tolist()]:
        found[rows] = True
    found[a] = False
    return found


def _complementarity(ix: MatchIndex, a: int, w: Weights) -> tuple[np.ndarray, np.ndarray]:
    """(need sum, reciprocity sum) of every row (0 for those not complementary).

    Each sum runs over the inverted index only (who offers what ``a`` needs, who needs
    what ``a`` offers), its terms laid end to end in competence id order and added up by
    ``bincount``, which adds each row's terms in that order: the floats of a term-by-term
    sum, for a cost in proportion to the terms rather than to rows × competences."""
    disc, n = w.narrower_discount, len(ix.ids)
    need_rows, need_terms = [], []
    for c in np.flatnonzero(ix.need[a]).tolist():  # a's needs in competence id order
        rows = ix.providers(c)
        _, level, factor = ix.levels(rows, c, disc)
        need_rows.append(rows)
        need_terms.append((float(ix.need[a, c]) * level) * factor)
    rec_rows, rec_terms = [], []
    has_a, level_a, factor_a = ix.levels(a, slice(None), disc)
    for c in np.flatnonzero(has_a).tolist():  # competences a offers, in id order
        rows = ix.needers[c]
        rec_rows.append(rows)
        rec_terms.append((ix.need[rows, c].astype(np.float64) * level_a[c]) * factor_a[c])
    return _sum_by_row(need_rows, need_terms, n), _sum_by_row(rec_rows, rec_terms, n)


def _sum_by_row(rows: list[np.ndarray], terms: list[np.ndarray], n: int) -> np.ndarray:
    """The sum of the ``terms`` of each of ``n`` rows, added in list order."""
    if not rows:
        return np.zeros(n)
    return np.bincount(np.concatenate(rows), weights=np.concatenate(terms), minlength=n)


def _other_terms(w: Weights) -> tuple[float, float]:
    """The least and the most that the four terms after complementarity (cross-sector,
    geography, familiarity, reachability) can add together under ``w``."""
    geography = (w.same_region, w.same_country, w.cross_border)
    familiarity = w.familiarity_mode.sign * w.familiarity * w.familiarity_cap
    low = min(geography) + min(familiarity, 0.0)
    return low, w.cross_sector + max(geography) + max(familiarity, 0.0) + w.reachability


def _kth_largest(values: np.ndarray, k: int) -> float:
    return float(np.partition(values, len(values) - k)[len(values) - k])


def _contenders(bound: np.ndarray, keep: np.ndarray, f: MatchFilters, w: Weights) -> np.ndarray:
    """The kept rows whose score could place them among the top ``f.top`` (and pass
    ``f.min_score``), in row order; every other row provably cannot.

    ``bound`` is each row's complementarity (its need and reciprocity terms); the other
    four terms add between ``low`` and ``high`` (:func:`_other_terms`). When ``top`` kept
    rows have a bound of at least t, a row whose bound is below t - (high - low) scores
    below every one of them, so it is out whether or not they pass ``min_score``. t is
    taken first from every ``SAMPLE``-th row (cheap, and no higher than the true value),
    then from the rows left.
    """
    low, high = _other_terms(w)
    floor = -np.inf if f.min_score is None else f.min_score - high - MARGIN
    sample = bound[::SAMPLE][keep[::SAMPLE]]
    if len(sample) >= f.top:
        floor = max(floor, _kth_largest(sample, f.top) - (high - low) - MARGIN)
    rows = np.flatnonzero(keep & (bound >= floor))
    if len(rows) > f.top:
        rows = rows[bound[rows] >= _kth_largest(bound[rows], f.top) - (high - low) - MARGIN]
    return rows


def _positions(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The positions in ``rows`` (sorted) of those ``values`` that are among them."""
    if not len(rows):
        return np.zeros(0, dtype=np.int64)
    at = np.searchsorted(rows, values).clip(0, len(rows) - 1)
    return at[rows[at] == values]


def _count(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """How many times each of ``rows`` (sorted) occurs in ``values``."""
    return np.bincount(_positions(values, rows), minlength=len(rows))


def _ties(ix: MatchIndex, a: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(joint projects, introductions, reachable?) of each of ``rows`` (sorted) with a."""
    joint = _count(ix.proj_org.gather(ix.org_proj.row(a)), rows)
    intros = _count(ix.intros.row(a), rows)
    near = ix.tied(a)
    # b is reachable when some x tied to a, x != b, is tied to b. Through projects:
    # count (x, project) hits on b and drop b's own, present when b itself is tied to a.
    hits = _count(ix.proj_org.gather(ix.org_proj.gather(near)), rows)
    own = np.zeros(len(rows), dtype=np.int64)
    tied = near[np.isin(near, rows)]  # both sorted: each lands on its own position
    own[np.searchsorted(rows, tied)] = ix.org_proj.lengths(tied)
    reach = (hits - own) > 0
    reach |= _count(np.concatenate([ix.member_of.gather(near), ix.members.gather(near)]), rows) > 0
    return joint, intros, reach


def _filter_mask(ix: MatchIndex, a: int, f: MatchFilters) -> np.ndarray:
    """Which rows pass the filters on kind and place (all when there are none)."""
    mask = np.ones(len(ix.ids), dtype=bool)
    if f.kinds:
        mask &= np.isin(ix.kind, [i for i, k in enumerate(ix.kinds) if k in f.kinds])
    if f.countries:
        mask &= np.isin(ix.country, [i for i, c in enumerate(ix.countries) if c in f.countries])
    if f.regions:
        mask &= np.isin(ix.region, [i for i, r in enumerate(ix.regions) if r in f.regions]) | np.isin(
            ix.country, [i for i, c in enumerate(ix.countries) if c in f.regions]
        )
    if f.cross_border:
        mask &= ix.country != ix.country[a]
    if f.balkan:
        mask &= ix.balkan
    return mask


def rank(ix: MatchIndex, org_id: str, f: MatchFilters, w: Weights) -> tuple[int, list[MatchResult]]:
    """(candidates within the filters, the top ``f.top`` explained) for seeker ``org_id``."""
    with ix.lock:  # not while the index is updated in place
        return _rank(ix, ix.pos[org_id], f, w)


def _rank(ix: MatchIndex, a: int, f: MatchFilters, w: Weights) -> tuple[int, list[MatchResult]]:
    keep = candidates(ix, a) & _filter_mask(ix, a, f)
    if f.exclude_partners:
        keep[ix.tied(a)] = False
    need_sum, rec_sum = _complementarity(ix, a, w)
    rows = _contenders(w.need * need_sum + w.reciprocity * rec_sum, keep, f, w)
    joint, intros, reach = _ties(ix, a, rows)
    geo = np.where(ix.region[rows] == ix.region[a], 0, np.where(ix.country[rows] == ix.country[a], 1, 2))
    terms = {
        "need_coverage": w.need * need_sum[rows],
        "reciprocity": w.reciprocity * rec_sum[rows],
        "cross_sector": np.where(ix.kind[rows] != ix.kind[a], w.cross_sector, 0.0),
        "geography": np.array([w.same_region, w.same_country, w.cross_border])[geo],
        "familiarity": (w.familiarity_mode.sign * w.familiarity) * np.minimum(joint + intros, w.familiarity_cap),
        "reachability": np.where(reach, w.reachability, 0.0),
    }
    score = np.zeros(len(rows))
    for values in terms.values():
        score = score + values
    pool = np.flatnonzero(score >= f.min_score) if f.min_score is not None else np.arange(len(rows))
    order = pool[np.lexsort((ix.id_array[rows[pool]], -score[pool]))][: f.top]  # ties by id
    a_ties = ix.ties(a)
    results = []
    for k in order.tolist():
        b = int(rows[k])
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
