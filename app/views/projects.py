"""A project: partners with their roles, and the competences it addresses."""

from __future__ import annotations

from flask import Blueprint
from werkzeug.wrappers import Response

from app.db import get_store
from app.render import respond
from graph.explore.catalogue import get_project

bp = Blueprint("projects", __name__)


@bp.get("/api/projects/<project_id>")
@bp.get("/projects/<project_id>")
def project(project_id: str) -> Response | str:
    data = get_project(get_store(), project_id)
    rows = [p.model_dump(exclude={"level", "priority"}) for p in data.partners]
    return respond("projects/project.html", data, rows=rows, filename=f"{project_id}-partners.csv")
