"""Projects: the index (filter by funder, year, country) and one project's partners and competences."""

from __future__ import annotations

from flask import Blueprint
from werkzeug.wrappers import Response

from app.db import get_store
from app.params import parse_args
from app.render import requested_format, respond
from graph.explore.catalogue import get_project
from graph.explore.indexes import ProjectFilters, list_projects
from graph.explore.search import search_options

bp = Blueprint("projects", __name__)


@bp.get("/api/projects")
@bp.get("/projects")
def index() -> Response | str:
    """Every project, newest first, with its partner count; ``?funder=&year=&country=``."""
    store = get_store()
    data = list_projects(store, parse_args(ProjectFilters))
    countries = search_options(store).countries if requested_format() == "html" else []
    return respond("projects/index.html", data, rows=data.items, filename="projects.csv", countries=countries)


@bp.get("/api/projects/<project_id>")
@bp.get("/projects/<project_id>")
def project(project_id: str) -> Response | str:
    data = get_project(get_store(), project_id)
    rows = [p.model_dump(exclude={"level", "priority"}) for p in data.partners]
    return respond("projects/project.html", data, rows=rows, filename=f"{project_id}-partners.csv")
