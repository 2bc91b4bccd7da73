"""URL query parameters validated by the graph layer's pydantic models.

Filters live in the URL so views can be bookmarked; a bad value answers 400 with a
message naming the parameter (JSON under ``/api/``), never a 500.
"""

from __future__ import annotations

from typing import TypeVar

from flask import abort, request
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


def parse_args(model: type[M]) -> M:
    """The request's query string as ``model`` (repeated keys become lists); 400 if invalid."""
    data = {key: values if len(values) > 1 else values[0] for key, values in request.args.lists()}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "query"
        abort(400, description=f"invalid parameter {field!r}: {first['msg']}")
