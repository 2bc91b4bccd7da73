"""Searching organisations: text (diacritics-insensitive), kind, region, competence, project.

The text query is normalised like ``Organisation.name_norm`` (lower-case, diacritics
removed), so "timisoara" finds "Timișoara", in names and in cities (``city_norm`` is
stored normalised at import and on edit, and searched in Cypher); it also finds
organisations by the names of the competences they offer or need ("digital") and by
their description (lower-cased: a query without diacritics finds words written without
them). :func:`search_facets` counts the matches by kind, country and competence.

Example:
    >>> page = search_orgs(store, SearchFilters(q="timisoara"))   # doctest: +SKIP
    >>> page.total                                               # doctest: +SKIP
    4
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from graph.explore.organisations import OrgSummary
from graph.models import OrgKind, RegionCode, Slug
from graph.outputs import OutModel, Ref
from graph.store.cache import cached
from graph.store.changes import Topic
from graph.store.driver import Store
from graph.store.queries import query
from graph.text import clean_text, normalise

SEARCH_ORGS = query("search/search_orgs")
COUNT_ORGS = query("search/count_orgs")
LIST_OPTIONS = query("search/list_options")
FACETS = query("search/facets")
FACET_TOP = 12

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


def _params(filters: SearchFilters) -> dict[str, Any]:
    return {
        "text": normalise(filters.q) if filters.q else None,
        "kind": filters.kind.value if filters.kind else None,
        "region": filters.region,
        "offers": filters.offers,
        "needs": filters.needs,
        "project": filters.project,
    }


def _top(counter: Counter[str], limit: int | None = None) -> list[Facet]:
    return [Facet(value=v, count=n) for v, n in sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:limit]]


@cached(maxsize=256, depends=frozenset({Topic.ORGS, Topic.LINKS, Topic.TIES}))
def search_facets(store: Store, filters: SearchFilters) -> SearchFacets:
    """Counts of the organisations matching ``filters`` (all pages) by kind, country and
    competence offered or needed (the :data:`FACET_TOP` most frequent)."""
    kinds: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    competences: Counter[str] = Counter()
    for row in store.read(FACETS, **_params(filters.model_copy(update={"page": 1}))):
        kinds[row["kind"]] += 1
        if row["country"]:
            countries[row["country"]] += 1
        competences.update(row["competences"])
    return SearchFacets(kinds=_top(kinds), countries=_top(countries), competences=_top(competences, FACET_TOP))


@cached(maxsize=512, depends=frozenset({Topic.ORGS, Topic.LINKS, Topic.TIES}))
def search_orgs(store: Store, filters: SearchFilters) -> SearchPage:
    """The page of organisations matching ``filters``, in name order, with the total.

    Cached (graph.store.cache): a text search scans every organisation.
    """
    params = _params(filters)
    total = store.read(COUNT_ORGS, **params)[0]["total"]
    rows = store.read(SEARCH_ORGS, **params, skip=(filters.page - 1) * filters.per_page, limit=filters.per_page)
    return SearchPage(
        filters=filters,
        total=total,
        page=filters.page,
        pages=max(1, -(-total // filters.per_page)),
        items=[OrgSummary.model_validate(r) for r in rows],
    )


@cached(maxsize=1, depends=frozenset({Topic.ORGS}))
def search_options(store: Store) -> SearchOptions:
    """Countries that have organisations, and the competence vocabulary, by name."""
    return SearchOptions.model_validate(store.read(LIST_OPTIONS)[0])
