"""Match filters and weights from a query string: one parser for the page and the API.

``kinds``, ``countries`` and ``regions`` take comma- or ';'-separated values and may be
repeated (``kinds=library&kinds=ngo``, as a form's checkboxes send them); weights are
prefixed with ``w.`` (``w.need=2``). A blank value means the default, so a submitted
form with empty fields is the same as the bare URL. ``format`` and ``lang`` belong to
the page, not to the match.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from graph.matching.model import MatchFilters, Weights

LIST_PARAMS = frozenset({"kinds", "countries", "regions"})
PAGE_PARAMS = frozenset({"format", "lang"})
WEIGHT_PREFIX = "w."
M = TypeVar("M", MatchFilters, Weights)


class BadParameter(ValueError):
    """A query parameter the models refuse; ``parameter`` names it as the URL spells it."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter, self.message = parameter, message


def _values(args: MultiDict[str, str]) -> dict[str, str]:
    """One string per parameter: list parameters joined with ';', others their first value."""
    flat: dict[str, str] = {}
    for key, values in args.lists():
        given = [v for v in values if v.strip()]
        if key in PAGE_PARAMS or not given:
            continue
        flat[key] = ";".join(v.replace(",", ";") for v in given) if key in LIST_PARAMS else given[0]
    return flat


def _validated(model: type[M], data: dict[str, str], prefix: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        # a list item's index is dropped: "kinds", not "kinds.0", names the parameter
        field = ".".join(p for p in err["loc"] if isinstance(p, str))
        name = prefix + field if field else prefix.rstrip(".")
        raise BadParameter(name or "query", err["msg"]) from exc


def match_args(args: MultiDict[str, str]) -> tuple[MatchFilters, Weights]:
    """The filters and weights asked for; :class:`BadParameter` names the first bad one."""
    flat = _values(args)
    filters = {k: v for k, v in flat.items() if not k.startswith(WEIGHT_PREFIX)}
    weights = {k.removeprefix(WEIGHT_PREFIX): v for k, v in flat.items() if k.startswith(WEIGHT_PREFIX)}
    return (_validated(MatchFilters, filters, ""), _validated(Weights, weights, WEIGHT_PREFIX))
