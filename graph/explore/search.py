"""Searching organisations: text (diacritics-insensitive), kind, region, competence, project.

The text query is normalised like ``Organisation.name_norm`` (lower-case, diacritics
removed, the cedilla ş ţ as the comma-below ș ț), so "timisoara" finds "Timișoara" in
names, cities and descriptions alike; it also finds organisations by the names of the
competences they offer or need ("digital"). The search runs on the in-memory search index
(:mod:`graph.explore.finder`), which costs in proportion to the hits; only a project
filter asks the graph (for the project's partners). :func:`search_facets` counts the
matches by kind, country and competence.

Example:
    >>> page = search_orgs(store, SearchFilters(q="timisoara"))   # doctest: +SKIP
    >>> page.total                                               # doctest: +SKIP
    4
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from graph.explore.finder import SearchIndex
from graph.explore.organisations import OrgSummary
from graph.models import OrgKind, RegionCode, Slug
from graph.outputs import OutModel, Ref
from graph.store.cache import cached
from graph.store.changes import Topic
from graph.store.driver import Store
from graph.store.queries import query
from graph.text import clean_text, normalise

PROJECT_ORGS = query("search/project_orgs")
LIST_OPTIONS = query("search/list_options")
FACET_TOP = 12
# What a search shows: names, kinds, places (ORGS), offers and needs (LINKS), projects
# (TIES, for the project filter) and descriptions (TEXT).
DEPENDS = frozenset({Topic.ORGS, Topic.LINKS, Topic.TIES, Topic.TEXT})

PER_PAGE = 25


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


class SearchFilters(BaseModel):
    """The search form's filters (all optional); URL query parameters map onto them."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    q: str | None = Field(default=None, max_length=200)
    kind: OrgKind | None = None
    region: RegionCode | None = None
    offers: Slug | None = None
    needs: Slug | None = None
    project: Slug | None = None
    page: int = Field(default=1, ge=1, le=100_000)
    per_page: int = Field(default=PER_PAGE, ge=1, le=500)

    _blank = field_validator("q", "kind", "region", "offers", "needs", "project", mode="before")(_blank_to_none)

    @field_validator("q", mode="before")
    @classmethod
    def _clean(cls, value: Any) -> Any:
        return clean_text(value) if isinstance(value, str) else value

    @field_validator("region", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    def active(self) -> dict[str, str]:
        """The filters that are set, as URL parameters (for links and pagination)."""
        return {
            k: str(v)
            for k, v in self.model_dump(mode="json").items()
            if v is not None and k not in ("page", "per_page")
        }


class SearchPage(OutModel):
    """One page of search results with the filters that produced it."""

    filters: SearchFilters
    total: int
    page: int
    pages: int
    items: list[OrgSummary]


class SearchOptions(OutModel):
    """Choices offered by the search form."""

    countries: list[Ref]
    competences: list[Ref]


class Facet(OutModel):
    """One value of a facet with how many matching organisations have it."""

    value: str
    count: int


class SearchFacets(OutModel):
    """How the matches split by kind, country and competence (most frequent first)."""

    kinds: list[Facet]
    countries: list[Facet]
    competences: list[Facet]


def _found(store: Store, filters: SearchFilters) -> tuple[SearchIndex, np.ndarray]:
    """The search index and the rows of the organisations matching ``filters``, in order."""
    among = None
    if filters.project:
        among = set(store.read(PROJECT_ORGS, project=filters.project)[0]["ids"])
    index = SearchIndex.current(store)
    rows = index.find(
        normalise(filters.q) if filters.q else None,
        kind=filters.kind.value if filters.kind else None,
        region=filters.region,
        offers=filters.offers,
        needs=filters.needs,
        among=among,
    )
    return index, rows


def _top(counter: Counter[str], limit: int | None = None) -> list[Facet]:
    return [Facet(value=v, count=n) for v, n in sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:limit]]


@cached(maxsize=256, depends=DEPENDS)
def search_facets(store: Store, filters: SearchFilters) -> SearchFacets:
    """Counts of the organisations matching ``filters`` (all pages) by kind, country and
    competence offered or needed (the :data:`FACET_TOP` most frequent)."""
    index, rows = _found(store, filters)
    kinds, countries, competences = index.facets(rows)
    return SearchFacets(kinds=_top(kinds), countries=_top(countries), competences=_top(competences, FACET_TOP))


@cached(maxsize=512, depends=DEPENDS)
def search_orgs(store: Store, filters: SearchFilters) -> SearchPage:
    """The page of organisations matching ``filters``, in name order, with the total."""
    index, rows = _found(store, filters)
    start = (filters.page - 1) * filters.per_page
    total = len(rows)
    return SearchPage(
        filters=filters,
        total=total,
        page=filters.page,
        pages=max(1, -(-total // filters.per_page)),
        items=[OrgSummary.model_validate(r) for r in index.summaries(rows[start : start + filters.per_page])],
    )


@cached(maxsize=1, depends=frozenset({Topic.ORGS}))
def search_options(store: Store) -> SearchOptions:
    """Countries that have organisations, and the competence vocabulary, by name."""
    return SearchOptions.model_validate(store.read(LIST_OPTIONS)[0])
