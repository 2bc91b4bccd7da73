"""Competences: the vocabulary as a tree with counts, and one competence's offers, needs and hubs."""

from __future__ import annotations

from flask import Blueprint
from werkzeug.wrappers import Response

from app.db import get_store
from app.render import respond
from graph.explore.catalogue import get_competence
from graph.explore.indexes import CompetenceNode, competence_tree

bp = Blueprint("competences", __name__)


def _flat(terms: list[CompetenceNode], broader: str | None = None) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for t in terms:
        rows.append({**t.model_dump(exclude={"narrower"}), "broader": broader})
        rows.extend(_flat(t.narrower, t.id))
    return rows


@bp.get("/api/competences")
@bp.get("/competences")
def index() -> Response | str:
    """The vocabulary as a tree: each term with how many offer and need it and its hubs."""
    data = competence_tree(get_store())
    return respond("competences/index.html", data, rows=_flat(data.terms), filename="competences.csv")


@bp.get("/api/competences/<competence_id>")
@bp.get("/competences/<competence_id>")
def competence(competence_id: str) -> Response | str:
    data = get_competence(get_store(), competence_id)
    rows = [{"relation": "offers", **o.model_dump(exclude={"priority", "role"})} for o in data.offered_by] + [
        {"relation": "needs", **o.model_dump(exclude={"level", "role"})} for o in data.needed_by
    ]
    return respond("competences/competence.html", data, rows=rows, filename=f"{competence_id}.csv")
