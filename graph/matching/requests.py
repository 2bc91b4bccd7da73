"""Who may fit a partner request: the matching score with the request's competences as needs.

The requester is the seeker and every competence the request seeks counts as one of its
needs at priority :data:`PRIORITY`, in place of the needs on its profile; everything
else (reciprocity, cross-sector, geography, familiarity, reachability, the filters) is
:func:`graph.matching.scoring.rank` unchanged, on a shallow copy of the index whose
need table differs in the requester's row only.
"""

from __future__ import annotations

import copy

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
    view = copy.copy(ix)
    view.need = ix.need.copy()
    a = ix.pos[org_id]
    view.need[a] = 0
    for c in competences:
        if c in ix.comp:
            view.need[a, ix.comp[c]] = PRIORITY
    return rank(view, org_id, filters, weights or Weights())[1]
