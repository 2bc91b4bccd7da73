"""Index pages: every project (filtered by funder, year and country) and the competence
vocabulary as a tree, so a user can browse to a node instead of knowing its id.

Example:
    >>> page = list_projects(store, ProjectFilters(country="RO"))   # doctest: +SKIP
    >>> page.items[0].partners                                      # doctest: +SKIP
    6
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from graph.models import RegionCode
from graph.outputs import OutModel
from graph.store.cache import cached
from graph.store.changes import Topic
from graph.store.driver import Store
from graph.store.queries import query

LIST_PROJECTS = query("projects/list_projects")
COUNT_PROJECTS = query("projects/count_projects")
LIST_FUNDERS = query("projects/list_funders")
LIST_COMPETENCES = query("competences/list_competences")

PER_PAGE = 50


class ProjectFilters(BaseModel):
    """The project index's filters (all optional), as URL query parameters."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    funder: str | None = Field(default=None, max_length=300)
    year: int | None = Field(default=None, ge=1900, le=2100)
    country: RegionCode | None = None
    page: int = Field(default=1, ge=1, le=100_000)

    @field_validator("funder", "year", "country", mode="before")
    @classmethod
    def _blank_to_none(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    @field_validator("country", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value


class ProjectRow(OutModel):
    id: str
    title: str
    funder: str | None = None
    programme: str | None = None
    start: date | None = None
    end: date | None = None
    partners: int
    countries: list[str] = []


class ProjectPage(OutModel):
    """One page of the project index with the filters that produced it."""

    filters: ProjectFilters
    total: int
    page: int
    pages: int
    items: list[ProjectRow]
    funders: list[str] = []


class CompetenceNode(OutModel):
    """A term of the vocabulary with its counts and its narrower terms."""

    id: str
    name: str
    offers: int
    needs: int
    hubs: int
    narrower: list[CompetenceNode] = []


class CompetenceTree(OutModel):
    """The vocabulary: its top terms, each with the narrower ones below it."""

    total: int
    terms: list[CompetenceNode]


@cached(maxsize=256, depends=frozenset({Topic.ORGS, Topic.TIES}))
def list_projects(store: Store, filters: ProjectFilters) -> ProjectPage:
    """The page of projects matching ``filters``, newest first, with partner counts."""
    params: dict[str, Any] = {
        "funder": filters.funder,
        "country": filters.country,
        "since": date(filters.year, 1, 1) if filters.year else None,
        "until": date(filters.year, 12, 31) if filters.year else None,
    }
    total = store.read(COUNT_PROJECTS, **params)[0]["total"]
    rows = store.read(LIST_PROJECTS, **params, skip=(filters.page - 1) * PER_PAGE, limit=PER_PAGE)
    return ProjectPage(
        filters=filters,
        total=total,
        page=filters.page,
        pages=max(1, -(-total // PER_PAGE)),
        items=[ProjectRow.model_validate(r) for r in rows],
        funders=[r["funder"] for r in store.read(LIST_FUNDERS)],
    )


@cached(maxsize=1, depends=frozenset({Topic.ORGS, Topic.LINKS}))
def competence_tree(store: Store) -> CompetenceTree:
    """Every competence under its broader term (top terms and siblings by name)."""
    rows = store.read(LIST_COMPETENCES)
    children: dict[str | None, list[dict[str, Any]]] = {}
    known = {r["id"] for r in rows}
    for row in rows:
        parent = row["broader"] if row["broader"] in known else None
        children.setdefault(parent, []).append(row)

    def build(row: dict[str, Any], seen: frozenset[str]) -> CompetenceNode:
        below = [build(c, seen | {row["id"]}) for c in children.get(row["id"], []) if c["id"] not in seen]
        return CompetenceNode(**{k: row[k] for k in ("id", "name", "offers", "needs", "hubs")}, narrower=below)

    return CompetenceTree(total=len(rows), terms=[build(r, frozenset()) for r in children.get(None, [])])
