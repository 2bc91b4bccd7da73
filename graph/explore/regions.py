"""Regions: organisations of a country or county, their cross-border ties, and the
country-to-country matrix coordinators read.

A cross-border tie joins an organisation of the region to one in another country with
which it shares projects. The "Balkan only" switch keeps partners (and, in the matrix,
both countries) among the countries tagged ``balkan``.

Example:
    >>> view = region_view(store, "RO", balkan_only=True, cap=300)   # doctest: +SKIP
    >>> sorted({link.target_country for link in view.links})         # doctest: +SKIP
    ['BG', 'GR']
"""

from __future__ import annotations

from functools import cached_property

from graph.errors import NotFound
from graph.explore.network import NetEdge, NetNode, Network, fit, with_metrics
from graph.explore.organisations import OrgSummary
from graph.outputs import OutModel, Ref
from graph.store.cache import cached
from graph.store.changes import Topic
from graph.store.driver import Store
from graph.store.queries import query

GET_REGION = query("regions/get_region")
REGION_ORGS = query("regions/region_orgs")
# Keyed by the region's level: a country starts from its indexed property, a county
# from its LOCATED_IN relationships.
CROSS_BORDER_LINKS = {
    "country": query("regions/cross_border_links_country"),
    "subdivision": query("regions/cross_border_links_subdivision"),
}
COUNTRY_MATRIX = query("regions/country_matrix")
LIST_COUNTRIES = query("regions/list_countries")

ORG_LIMIT = 200
LINK_LIMIT = 2000
BALKAN = "balkan"


class Country(OutModel):
    id: str
    name: str
    tags: list[str] = []
    organisations: int


class CrossBorderLink(OutModel):
    """An organisation of the region, a partner abroad, and their joint projects."""

    source: str
    source_name: str
    source_kind: str
    source_country: str
    source_region: str | None = None
    target: str
    target_name: str
    target_kind: str
    target_country: str
    target_region: str | None = None
    weight: int


class RegionView(OutModel):
    """A region's page: ``links`` are its strongest cross-border ties (at most LINK_LIMIT),
    ``orgs`` the first ORG_LIMIT of its ``organisations`` by name."""

    id: str
    name: str
    level: str
    country: str
    tags: list[str] = []
    parent: Ref | None = None
    subdivisions: list[Ref] = []
    organisations: int
    orgs: list[OrgSummary]
    balkan_only: bool
    links: list[CrossBorderLink]
    partner_countries: dict[str, int]
    network: Network


class MatrixCell(OutModel):
    a: str
    b: str
    projects: int
    ties: int


class CountryMatrix(OutModel):
    """Ties between every pair of countries (symmetric; ``cells`` lists each pair once)."""

    balkan_only: bool
    countries: list[Country]
    cells: list[MatrixCell]

    @cached_property
    def _projects(self) -> dict[tuple[str, str], int]:
        return {(cell.a, cell.b): cell.projects for cell in self.cells}

    def value(self, a: str, b: str) -> int:
        """Joint projects between countries ``a`` and ``b`` (0 when none)."""
        return self._projects.get((min(a, b), max(a, b)), 0)


@cached(maxsize=1, depends=frozenset({Topic.ORGS}))
def list_countries(store: Store) -> list[Country]:
    """Every country with its tags and number of organisations, by name."""
    return [Country.model_validate(r) for r in store.read(LIST_COUNTRIES)]


def _balkan_ids(store: Store) -> list[str]:
    return [c.id for c in list_countries(store) if BALKAN in c.tags]


@cached(maxsize=256, depends=frozenset({Topic.ORGS, Topic.TIES}))
def region_view(store: Store, code: str, balkan_only: bool, cap: int) -> RegionView:
    """A country or subdivision: its organisations and their ties abroad, as table and
    network (aggregated by region, then country, above ``cap`` nodes). Cached
    (graph.store.cache): a whole country takes seconds.

    Raises :class:`NotFound` for an unknown region code.
    """
    rows = store.read(GET_REGION, code=code)
    if not rows:
        raise NotFound(f"no region with code {code!r}")
    region = rows[0]
    countries = _balkan_ids(store) if balkan_only else None
    links = [
        CrossBorderLink.model_validate(r)
        for r in store.read(CROSS_BORDER_LINKS[region["level"]], code=code, countries=countries, limit=LINK_LIMIT)
    ]
    partner_countries: dict[str, int] = {}
    for link in links:
        partner_countries[link.target_country] = partner_countries.get(link.target_country, 0) + 1
    nodes: dict[str, NetNode] = {}
    for link in links:
        for side in ("source", "target"):
            nid = getattr(link, side)
            nodes.setdefault(
                nid,
                NetNode(
                    id=nid,
                    name=getattr(link, f"{side}_name"),
                    kind=getattr(link, f"{side}_kind"),
                    country=getattr(link, f"{side}_country"),
                    region=getattr(link, f"{side}_region"),
                    depth=0 if side == "source" else 1,
                ),
            )
    network = with_metrics(
        Network(
            nodes=list(nodes.values()),
            edges=[NetEdge(source=lk.source, target=lk.target, rel="partner", weight=lk.weight) for lk in links],
            found=len(nodes),
            truncated=len(links) >= LINK_LIMIT,
            cap=cap,
        )
    )
    return RegionView(
        **{k: region[k] for k in ("id", "name", "level", "country", "parent", "subdivisions", "organisations")},
        tags=region["tags"] or [],
        orgs=[OrgSummary.model_validate(r) for r in store.read(REGION_ORGS, code=code, limit=ORG_LIMIT)],
        balkan_only=balkan_only,
        links=links,
        partner_countries=dict(sorted(partner_countries.items(), key=lambda kv: -kv[1])),
        network=fit(network, home=region["country"]),
    )


@cached(maxsize=2, depends=frozenset({Topic.ORGS, Topic.TIES}))
def country_matrix(store: Store, balkan_only: bool) -> CountryMatrix:
    """Joint projects and ties between each pair of countries (Balkan pairs only if asked)."""
    countries = [c for c in list_countries(store) if c.organisations and (not balkan_only or BALKAN in c.tags)]
    cells = [
        MatrixCell.model_validate(r)
        for r in store.read(COUNTRY_MATRIX, countries=[c.id for c in countries] if balkan_only else None)
    ]
    return CountryMatrix(balkan_only=balkan_only, countries=countries, cells=cells)
