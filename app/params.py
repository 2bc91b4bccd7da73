"""The request's query string read by the one parser, :mod:`graph.params`.

Filters live in the URL so views can be bookmarked; a refused value raises
:class:`graph.params.BadParameter`, which :mod:`app.errors` answers with 400 naming the
parameter (JSON for programs), never a 500. ``format`` and ``lang`` belong to the page,
not to a model.
"""

from __future__ import annotations

from typing import TypeVar

from flask import request
from pydantic import BaseModel

from graph.matching.model import MatchFilters, Weights
from graph.params import param_names, parse_params, reject_unknown

M = TypeVar("M", bound=BaseModel)
PAGE_PARAMS = frozenset({"format", "lang"})
WEIGHT_PREFIX = "w."


Resolved = dict[str, str | list[str] | None]


def query_params(resolved: Resolved | None = None) -> dict[str, list[str]]:
    """The query string: each name with its values in the order given. ``resolved``
    replaces parameters the view has already turned into ids (names picked through
    app.picking; a list for a field naming several; None for a blank field)."""
    params = request.args.to_dict(flat=False)
    for name, value in (resolved or {}).items():
        params[name] = value if isinstance(value, list) else [value] if value else []
    return params


def parse_args(model: type[M], prefix: str = "", resolved: Resolved | None = None) -> M:
    """The query string's parameters for ``model``; other parameters are left alone."""
    return parse_params(model, query_params(resolved), prefix)


def match_args() -> tuple[MatchFilters, Weights]:
    """The match filters and weights (``w.need=2``) asked for; any other parameter is refused."""
    reject_unknown(query_params(), param_names(MatchFilters) | param_names(Weights, WEIGHT_PREFIX) | PAGE_PARAMS)
    return parse_args(MatchFilters), parse_args(Weights, WEIGHT_PREFIX)
