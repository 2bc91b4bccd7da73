"""Query parameters into pydantic models: ONE rule set for every route and the CLI.

Filters live in URLs (and CLI options), so each page can be bookmarked; this module
turns such parameters into the model that validates them, the same way everywhere:

- the input is a plain mapping of each name to its values in the order given
  (``request.args.to_dict(flat=False)``, click's options), so ``graph`` needs no web
  framework;
- a list field takes repeated names and comma-separated values alike:
  ``kinds=library&kinds=ngo`` is ``kinds=library,ngo``;
- a blank value means the default, so a submitted form with empty fields is the bare URL;
- any other field takes one value; the same value repeated is one value, two different
  ones are refused (which one was meant?);
- a field with an alias is named by it (``?from=``); ``prefix`` selects a second model's
  parameters in the same query (``w.need=2`` for the match weights);
- parameters that are no field of ``model`` are left alone (other models may use them);
  :func:`reject_unknown` refuses those no model knows, where a route wants that.

A refused value raises :class:`BadParameter` naming the parameter as the URL spells it.

Example:
    >>> from pydantic import BaseModel
    >>> class Filters(BaseModel):
    ...     kinds: list[str] = []
    ...     top: int = 10
    >>> parse_params(Filters, {"kinds": ["library,ngo", "museum"], "top": [" "]})
    Filters(kinds=['library', 'ngo', 'museum'], top=10)
    >>> parse_params(Filters, {"top": ["5", "50"]})
    Traceback (most recent call last):
    ...
    graph.params.BadParameter: invalid parameter 'top': given more than once ('5', '50'); give one value
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

QueryParams = Mapping[str, Sequence[str]]
M = TypeVar("M", bound=BaseModel)


class BadParameter(ValueError):
    """A parameter that is refused; ``parameter`` names it as the URL (or CLI) spells it."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"invalid parameter {parameter!r}: {message}")
        self.parameter, self.message = parameter, message


def param_names(model: type[BaseModel], prefix: str = "") -> set[str]:
    """The parameter names ``model`` reads (aliases where it has them), with ``prefix``."""
    return {prefix + (field.alias or name) for name, field in model.model_fields.items()}


def parse_params(model: type[M], params: QueryParams, prefix: str = "") -> M:
    """The parameters that are ``model``'s fields, validated; :class:`BadParameter` if refused."""
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        key = field.alias or name
        given = [value.strip() for value in params.get(prefix + key, ()) if value.strip()]
        if not given:
            continue
        if _is_list(field.annotation):
            values[key] = [part.strip() for value in given for part in value.split(",") if part.strip()]
        elif len(set(given)) > 1:
            raise BadParameter(prefix + key, f"given more than once ({', '.join(map(repr, given))}); give one value")
        else:
            values[key] = given[0]
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        error = exc.errors()[0]
        # A list item's index is dropped ("kinds", not "kinds.0"); an error of the whole
        # model (two fields that disagree) is named by the prefix, or "query".
        field_name = next((part for part in error["loc"] if isinstance(part, str)), None)
        parameter = prefix + field_name if field_name else prefix.rstrip(".") or "query"
        raise BadParameter(parameter, str(error["msg"]).removeprefix("Value error, ")) from None


def reject_unknown(params: Iterable[str], known: Iterable[str]) -> None:
    """Raise :class:`BadParameter` for the first of ``params`` not in ``known``."""
    allowed = set(known)
    for name in params:
        if name not in allowed:
            raise BadParameter(name, "unknown parameter")


def _is_list(annotation: Any) -> bool:
    """Whether a field holds a list (also ``list[X] | None``)."""
    if get_origin(annotation) is list:
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is_list(arg) for arg in get_args(annotation))
    return False
