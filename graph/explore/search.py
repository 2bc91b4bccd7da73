"""Searching organisations: text (diacritics-insensitive), kind, region, competence, project.

The text query is normalised like ``Organisation.name_norm`` (lower-case, diacritics
removed), so "timisoara" finds "Timișoara", in names and in cities (``city_norm`` is
stored normalised at import and on edit, and searched in Cypher).

Example:
    >>> page = search_orgs(store, SearchFilters(q="timisoara"))   # doctest: +SKIP
    >>> page.total                                               # doctest: +SKIP
    4
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from graph.explore.names import NameIndex
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
SEARCH_AMONG = query("search/search_orgs_among")
COUNT_AMONG = query("search/count_orgs_among")
# Above this many organisations found by name, the other filters scan instead.
MAX_AMONG = 20_000

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


@cached(maxsize=512, depends=frozenset({Topic.ORGS, Topic.LINKS, Topic.TIES}))
def search_orgs(store: Store, filters: SearchFilters) -> SearchPage:
    """The page of organisations matching ``filters``, in name order, with the total.

    A text of three bytes or more is looked up in the name index (graph.explore.names)
    instead of scanning every organisation's name; the other filters then read only the
    organisations it found, unless they are very many (then the server's scan is as
    good). Cached (graph.store.cache).
    """
    key = normalise(filters.q) if filters.q else None
    params = {
        "kind": filters.kind.value if filters.kind else None,
        "region": filters.region,
        "offers": filters.offers,
        "needs": filters.needs,
        "project": filters.project,
    }
    skip = (filters.page - 1) * filters.per_page
    ids = NameIndex.current(store).matching(key) if key else None
    if ids is not None and len(ids) <= MAX_AMONG:
        total = store.read(COUNT_AMONG, ids=ids, **params)[0]["total"]
        rows = store.read(SEARCH_AMONG, ids=ids, **params, skip=skip, limit=filters.per_page)
    else:
        total = store.read(COUNT_ORGS, text=key, **params)[0]["total"]
        rows = store.read(SEARCH_ORGS, text=key, **params, skip=skip, limit=filters.per_page)
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
