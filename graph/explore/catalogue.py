"""Competence and project pages: who offers, needs and hosts a competence; who ran a project.

Example:
    >>> view = get_competence(store, "advocacy-training")       # doctest: +SKIP
    >>> [o.id for o in view.offered_by][:1]                     # doctest: +SKIP
    ['agenda-21']
"""

from __future__ import annotations

from datetime import date

from graph.errors import NotFound
from graph.models import Role
from graph.outputs import OutModel, Ref
from graph.store.driver import Store
from graph.store.queries import query

GET_COMPETENCE = query("competences/get_competence")
GET_PROJECT = query("projects/get_project")

ROW_LIMIT = 1000


class OrgLevel(OutModel):
    """An organisation with how strongly it offers (level) or needs (priority) something."""

    id: str
    name: str
    kind: str
    country: str
    level: int | None = None
    priority: int | None = None
    role: Role | None = None


class HubRef(OutModel):
    id: str
    org: str
    org_name: str
    country: str
    description: str | None = None
    since: int | None = None


class ProjectRef(OutModel):
    id: str
    title: str
    start: date | None = None
    end: date | None = None


class CompetenceView(OutModel):
    id: str
    name: str
    description: str | None = None
    broader: Ref | None = None
    narrower: list[Ref] = []
    offered_by: list[OrgLevel] = []
    needed_by: list[OrgLevel] = []
    hubs: list[HubRef] = []
    projects: list[ProjectRef] = []


class ProjectView(OutModel):
    id: str
    title: str
    programme: str | None = None
    funder: str | None = None
    start: date | None = None
    end: date | None = None
    budget: float | None = None
    currency: str | None = None
    summary: str | None = None
    partners: list[OrgLevel] = []
    competences: list[Ref] = []


def get_competence(store: Store, competence_id: str) -> CompetenceView:
    """The competence page's data (first 1000 offering/needing organisations each).

    Raises :class:`NotFound` for an unknown competence.
    """
    rows = store.read(GET_COMPETENCE, id=competence_id, limit=ROW_LIMIT)
    if not rows:
        raise NotFound(f"no competence with id {competence_id!r}")
    row = rows[0]
    return CompetenceView.model_validate({**row.pop("competence"), **row})


def get_project(store: Store, project_id: str) -> ProjectView:
    """The project page's data: partners with roles, competences addressed.

    Raises :class:`NotFound` for an unknown project.
    """
    rows = store.read(GET_PROJECT, id=project_id)
    if not rows:
        raise NotFound(f"no project with id {project_id!r}")
    row = rows[0]
    return ProjectView.model_validate({**row.pop("project"), **row})
