"""A competence: who offers it, who needs it, its hubs and broader/narrower terms."""

from __future__ import annotations

from flask import Blueprint
from werkzeug.wrappers import Response

from app.db import get_store
from app.render import respond
from graph.explore.catalogue import get_competence

bp = Blueprint("competences", __name__)


@bp.get("/api/competences/<competence_id>")
@bp.get("/competences/<competence_id>")
def competence(competence_id: str) -> Response | str:
    data = get_competence(get_store(), competence_id)
    rows = [{"relation": "offers", **o.model_dump(exclude={"priority", "role"})} for o in data.offered_by] + [
        {"relation": "needs", **o.model_dump(exclude={"level", "role"})} for o in data.needed_by
    ]
    return respond("competences/competence.html", data, rows=rows, filename=f"{competence_id}.csv")
