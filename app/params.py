"""URL query parameters validated by the graph layer's pydantic models.

Filters live in the URL so views can be bookmarked; a bad value answers 400 with a
message naming the parameter (JSON under ``/api/``), never a 500.
"""

from __future__ import annotations

from typing import TypeVar

from flask import abort, request
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


def parse_args(model: type[M], resolved: dict[str, str | None] | None = None) -> M:
    """The request's query string as ``model`` (repeated keys become lists); 400 if invalid.

    ``resolved`` replaces parameters the view has already turned into ids (names picked
    through app.picking).
    """
    data: dict[str, object] = {k: v if len(v) > 1 else v[0] for k, v in request.args.lists()}
    data.update(resolved or {})
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "query"
        abort(400, description=f"invalid parameter {field!r}: {first['msg']}")
