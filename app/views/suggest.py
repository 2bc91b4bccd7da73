"""``/api/suggest``: the autocomplete of every field that names a node."""

from __future__ import annotations

from flask import Blueprint
from pydantic import BaseModel, Field
from werkzeug.wrappers import Response

from app.db import get_store
from app.params import parse_args
from app.render import json_response
from app.templating import region_name, term
from graph.explore.suggest import PickKind, suggest

bp = Blueprint("suggest", __name__)


class SuggestQuery(BaseModel):
    """``?type=org|project|competence|region&q=text``."""

    type: PickKind
    q: str = Field("", max_length=200)


@bp.get("/api/suggest")
def api_suggest() -> Response:
    """Up to ten nodes of ``type`` by name, best first (a bad parameter answers 400 naming it)."""
    asked = parse_args(SuggestQuery)
    choices = suggest(get_store(), asked.type, asked.q)
    if asked.type is PickKind.COMPETENCE:  # named in the reader's language, found in any
        choices = [c.model_copy(update={"name": term(c.id)}) for c in choices]
    elif asked.type is PickKind.REGION:  # a country too
        choices = [c.model_copy(update={"name": region_name(c.id)}) for c in choices]
    return json_response({"type": asked.type.value, "q": asked.q, "choices": [c.model_dump() for c in choices]})
