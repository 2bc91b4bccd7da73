"""Running a match: from the in-memory index when it knows the seeker, else in Cypher.

The formula and its two implementations are described in :mod:`graph.matching.model`.
"""

from __future__ import annotations

from graph.errors import NotFound
from graph.matching.index import MatchIndex
from graph.matching.model import MatchFilters, MatchReport, MatchResult, Seeker, Weights
from graph.matching.scoring import rank
from graph.store.driver import Store
from graph.store.queries import query

CANDIDATES = query("match/candidates")
SCORE = query("match/score")
SEEKER = query("match/seeker")


def seeker(store: Store, org_id: str) -> Seeker:
    """The seeker's summary; :class:`NotFound` when there is no such organisation."""
    rows = store.read(SEEKER, id=org_id)
    if not rows:
        raise NotFound(f"no organisation with id {org_id!r}")
    return Seeker.model_validate(rows[0])


def candidates(store: Store, org_id: str) -> list[str]:
    """Ids of every organisation complementary to ``org_id`` (the unpruned list)."""
    return [row["id"] for row in store.read(CANDIDATES, id=org_id)]


def score(
    store: Store,
    org_id: str,
    candidate_ids: list[str],
    filters: MatchFilters,
    weights: Weights,
) -> list[MatchResult]:
    """Score ``candidate_ids`` for ``org_id`` in Cypher: filtered, best first, top k."""
    rows = store.read(
        SCORE,
        id=org_id,
        candidates=candidate_ids,
        w=weights.params(),
        fam_sign=weights.familiarity_mode.sign,
        **filters.params(),
    )
    return [MatchResult.model_validate(row) for row in rows]


def match(
    store: Store,
    org_id: str,
    filters: MatchFilters | None = None,
    weights: Weights | None = None,
    index: MatchIndex | None = None,
) -> MatchReport:
    """Rank organisations complementary to ``org_id``, with each score explained.

    With ``index`` (a :class:`graph.matching.index.MatchIndex`, see its staleness rule) the
    seeker and the ranking come from memory, with no query at all; without it, or for a
    seeker the index does not know (newer than it, or unknown: :class:`NotFound`),
    every complementary organisation is scored in Cypher. Both give the same results.
    """
    filters = filters or MatchFilters()
    weights = weights or Weights()
    refreshing = False
    if index is not None and index.knows(org_id):
        who, (scored, results) = index.seeker(org_id), rank(index, org_id, filters, weights)
        refreshing = index.refreshing
    else:
        who = seeker(store, org_id)
        ids = candidates(store, org_id)
        scored, results = len(ids), score(store, org_id, ids, filters, weights)
    return MatchReport(
        seeker=who, weights=weights, filters=filters, candidates_scored=scored, results=results, refreshing=refreshing
    )
