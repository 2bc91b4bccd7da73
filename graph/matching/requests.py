"""Who may fit a partner request: the matching score with the request's competences as needs.

The requester is the seeker and every competence the request seeks counts as one of its
needs at priority :data:`PRIORITY`, in place of the needs on its profile; everything
else (reciprocity, cross-sector, geography, familiarity, reachability, the filters) is
:func:`graph.matching.scoring.rank` unchanged. The requester's row of the need table is
lent to the request for the ranking, under the index's lock (which every reader of the
table holds), and given back: a copy of the table was 20 MB at 500,000 organisations,
paid by every profile that may fit an open request.
"""

from __future__ import annotations

import numpy as np

from graph.matching.index import MatchIndex
from graph.matching.model import MatchFilters, MatchResult, Weights
from graph.matching.scoring import rank

PRIORITY = 3  # a need of middling priority: 1..5


def rank_for_request(
    ix: MatchIndex,
    org_id: str,
    competences: list[str],
    filters: MatchFilters,
    weights: Weights | None = None,
) -> list[MatchResult]:
    """The best organisations for a request by ``org_id`` seeking ``competences``."""
    if org_id not in ix.pos:
        return []
    with ix.lock:
        a = ix.pos[org_id]
        sought = np.zeros(ix.need.shape[1], dtype=ix.need.dtype)
        sought[[ix.comp[c] for c in competences if c in ix.comp]] = PRIORITY
        own = ix.need[a].copy()
        ix.need[a] = sought
        try:
            return rank(ix, org_id, filters, weights or Weights())[1]
        finally:
            ix.need[a] = own
