"""Network metrics of a subgraph: one row per node, plus community and country summaries.

:data:`METRICS` is the one table of what each metric tells a broker; the README, the
API (``/api/metrics`` returns it as ``columns``), the metrics page and the notebooks
all show it from here. :func:`compute_metrics` converts the graph to arrays once
(:mod:`graph.metrics.arrays`), runs every measure with networkx or the fast versions in
:mod:`graph.metrics.centrality` and :mod:`graph.metrics.communities`, summarises
communities and countries (:mod:`graph.metrics.summaries`), and reports how
betweenness and closeness were computed (exactly, or from a seeded sample of sources,
with its size), which library computed the measures that switch to igraph on large
graphs, whether PageRank and eigenvector centrality converged, the Louvain modularity
and the seconds each step took. The :data:`STEPS` it takes are what a progress bar counts.

Distances count steps; strength measures (weighted degree, PageRank, eigenvector,
Burt's measures, communities) use the edge ``weight`` (joint projects).

Example:
    >>> import networkx as nx
    >>> report = compute_metrics(nx.path_graph(["a", "b", "c"]))
    >>> [(row.id, row.degree, row.betweenness) for row in report.nodes]
    [('b', 2, 1.0), ('a', 1, 0.0), ('c', 1, 0.0)]
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from graph.metrics import centrality, communities
from graph.metrics.arrays import GraphArrays, library
from graph.metrics.subgraph import SubgraphFilter, load_subgraph
from graph.metrics.summaries import GroupSummary, by_country, summarise
from graph.store.cache import cached
from graph.store.driver import Store
from graph.text import N_

T = TypeVar("T")


class Metric(NamedTuple):
    """One column of the metrics table and what it tells a broker (in English here, in the
    reader's language on the page: :func:`graph.text.N_`)."""

    name: str
    title: str
    broker: str


METRICS: tuple[Metric, ...] = (
    Metric(
        "degree",
        N_("Degree"),
        N_("How many partners it has worked with directly."),
    ),
    Metric(
        "weighted_degree",
        N_("Weighted degree"),
        N_("How much joint work those ties carry (joint projects; recent ones count more if asked)."),
    ),
    Metric(
        "betweenness",
        N_("Betweenness"),
        N_("How often it lies on the shortest route between two others: a gatekeeper or bridge."),
    ),
    Metric(
        "closeness",
        N_("Closeness"),
        N_("How few steps it needs to reach the others it can reach: news spreads fast from it."),
    ),
    Metric(
        "pagerank",
        N_("PageRank"),
        N_("Ties to partners that are themselves well tied: influence through the network."),
    ),
    Metric(
        "eigenvector",
        N_("Eigenvector"),
        N_("Standing in the network's densest core (empty when it does not converge)."),
    ),
    Metric(
        "clustering",
        N_("Clustering"),
        N_("Whether its partners also work together: a closed circle (high) or open spread (low)."),
    ),
    Metric(
        "constraint",
        N_("Constraint"),
        N_("Burt's constraint: how locked-in its ties are; low means it spans structural holes."),
    ),
    Metric(
        "effective_size",
        N_("Effective size"),
        N_("Non-redundant contacts: how many separate circles it can draw on."),
    ),
    Metric(
        "efficiency",
        N_("Efficiency"),
        N_("Effective size per partner: the share of its ties that open a new circle."),
    ),
    Metric(
        "two_step_reach",
        N_("Two-step reach"),
        N_("Share of the network it reaches via a partner's partner: whom it can be introduced to."),
    ),
    Metric(
        "core_number",
        N_("k-core"),
        N_("How deep in a densely knit core it sits (each core member has at least k ties inside)."),
    ),
    Metric(
        "community",
        N_("Community"),
        N_("Its cluster (Louvain): groups that mostly work among themselves."),
    ),
)


class MetricOptions(BaseModel):
    """How the metrics are computed. The defaults suit up to 500,000 organisations (the
    whole table in about two minutes on two cores: ``bench/metrics.py``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    exact_max: int = Field(
        default=2000, ge=2, le=20_000, description="exact betweenness and closeness up to this many nodes"
    )
    samples: int = Field(default=256, ge=2, le=5000, description="sampled source nodes for betweenness above exact_max")
    seed: int = Field(default=42, ge=0, description="seed of sampling and Louvain")
    resolution: float = Field(
        default=1.0, gt=0, le=10, description="Louvain resolution: above 1 gives smaller communities"
    )


class NodeMetrics(BaseModel):
    """One row of the metrics table (contact fields never appear here)."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    type: str
    kind: str | None = None
    country: str | None = None
    region: str | None = None
    community: int
    degree: int
    weighted_degree: float
    betweenness: float
    closeness: float
    pagerank: float | None
    eigenvector: float | None
    clustering: float
    constraint: float | None
    effective_size: float | None
    efficiency: float | None
    two_step_reach: float
    core_number: int


class MetricsInfo(BaseModel):
    """How the table was computed: sizes, sampling, convergence, modularity, timings."""

    nodes: int
    edges: int
    filter: dict[str, str] = {}
    betweenness_exact: bool
    betweenness_sources: int
    seed: int
    closeness: str
    library: str = Field(
        description="networkx, or igraph on large graphs: which computed PageRank, clustering, "
        "k-core and the Louvain communities (the same measures; communities may differ in detail)"
    )
    pagerank_converged: bool
    eigenvector_converged: bool
    communities: int
    singletons: int
    modularity: float | None
    resolution: float
    seconds: dict[str, float]


class MetricsReport(BaseModel):
    """The metrics table with its summaries; ``nodes`` are sorted by betweenness.

    ``communities`` summarises communities of two or more nodes (``info.singletons``
    counts the rest).
    """

    info: MetricsInfo
    nodes: list[NodeMetrics]
    communities: list[GroupSummary]
    countries: list[GroupSummary]

    def rows(self) -> list[dict[str, Any]]:
        """The table as plain dicts (for CSV, pandas and templates)."""
        return [row.model_dump() for row in self.nodes]


# The steps of compute_metrics, as MetricsInfo.seconds names them: what its progress counts.
STEPS: tuple[str, ...] = (
    "arrays",
    "degree",
    "betweenness_closeness",
    "pagerank",
    "eigenvector",
    "clustering",
    "burt",
    "two_step_reach",
    "core_number",
    "communities",
    "modularity",
)

# Columns a table of NodeMetrics can be sorted by: the node's names, then every metric.
SORT_COLUMNS: tuple[str, ...] = ("label", "kind", "country", *(m.name for m in METRICS))


def sort_rows(rows: list[NodeMetrics], column: str, descending: bool) -> list[NodeMetrics]:
    """``rows`` sorted by ``column`` (one of :data:`SORT_COLUMNS`; text ignores case).

    Rows without a value (no country, a metric that did not converge) come last either
    way; equal values keep their order in ``rows``.

    Example:
        >>> rows = compute_metrics(nx.path_graph(["a", "b", "c"])).nodes
        >>> [row.id for row in sort_rows(rows, "label", descending=True)]
        ['c', 'b', 'a']
    """
    if column not in SORT_COLUMNS:
        raise ValueError(f"cannot sort by {column!r}")

    def value(row: NodeMetrics) -> Any:
        found = (row.kind or row.type) if column == "kind" else getattr(row, column)
        return found.casefold() if isinstance(found, str) else found

    known = [row for row in rows if value(row) not in (None, "")]
    unknown = [row for row in rows if value(row) in (None, "")]
    return sorted(known, key=value, reverse=descending) + unknown


def compute_metrics(
    graph: nx.Graph, options: MetricOptions | None = None, progress: Callable[[int], None] | None = None
) -> MetricsReport:
    """Every metric of :data:`METRICS` for every node of ``graph``, with summaries.

    ``progress(1)`` hears of each of the :data:`STEPS` done (all of them at once for an
    empty graph, which has nothing to compute).
    """
    options = options or MetricOptions()
    seconds: dict[str, float] = {}
    told = progress or (lambda _steps: None)

    def timed(name: str, work: Callable[[], T]) -> T:
        began = time.perf_counter()
        result = work()
        seconds[name] = round(time.perf_counter() - began, 3)
        told(1)
        return result

    n = graph.number_of_nodes()
    if n == 0:
        told(len(STEPS))
        return _empty_report(graph, options)
    sample = None if n <= options.exact_max else min(options.samples, n)
    arrays = timed("arrays", lambda: GraphArrays.of(graph))
    degree, strength = timed("degree", lambda: centrality.degrees(arrays))
    betweenness, closeness, sampling = timed(
        "betweenness_closeness", lambda: centrality.shortest_path_measures(arrays, sample, options.seed)
    )
    pagerank = timed("pagerank", lambda: centrality.pagerank(arrays))
    eigen = timed("eigenvector", lambda: centrality.eigenvector(arrays))
    clustering = timed("clustering", lambda: centrality.clustering(arrays))
    constraint, effective = timed("burt", lambda: centrality.burt(arrays))
    reach = timed("two_step_reach", lambda: centrality.two_step_reach(arrays))
    cores = timed("core_number", lambda: centrality.core_number(arrays))
    groups = timed("communities", lambda: communities.louvain(arrays, options.resolution, options.seed))
    modularity = timed("modularity", lambda: communities.modularity(arrays, groups, options.resolution))
    member = {node: index for index, group in enumerate(groups) for node in group}

    rows = [
        NodeMetrics(
            id=str(node),
            label=str(data.get("label", node)),
            type=data.get("type", "organisation"),
            kind=data.get("kind"),
            country=data.get("country"),
            region=data.get("region"),
            community=member[node],
            degree=degree[node],
            weighted_degree=strength[node],
            betweenness=betweenness[node],
            closeness=closeness[node],
            pagerank=pagerank.get(node) if pagerank else None,
            eigenvector=eigen.get(node) if eigen else None,
            clustering=clustering[node],
            constraint=_number(constraint[node]),
            effective_size=_number(effective[node]),
            efficiency=_number(effective[node] / degree[node]) if degree[node] else None,
            two_step_reach=reach[node],
            core_number=cores[node],
        )
        for node, data in graph.nodes(data=True)
    ]
    rows.sort(key=lambda r: (-r.betweenness, -r.degree, r.id))
    info = MetricsInfo(
        nodes=n,
        edges=graph.number_of_edges(),
        filter={k: str(v) for k, v in graph.graph.items()},
        betweenness_exact=sampling.exact,
        betweenness_sources=sampling.sources,
        seed=options.seed,
        closeness="exact" if sampling.exact else "estimated from sampled sources",
        library=library(arrays),
        pagerank_converged=pagerank is not None,
        eigenvector_converged=eigen is not None,
        communities=len(groups),
        singletons=sum(len(g) == 1 for g in groups),
        modularity=modularity,
        resolution=options.resolution,
        seconds=seconds,
    )
    return MetricsReport(
        info=info,
        nodes=rows,
        communities=summarise(arrays, {str(i): g for i, g in enumerate(groups) if len(g) > 1}),
        countries=summarise(arrays, by_country(graph)),
    )


def _empty_report(graph: nx.Graph, options: MetricOptions) -> MetricsReport:
    """The report of filters that match no organisation: an empty table, not an error
    (networkx refuses an empty graph: "Graph has no nodes or edges")."""
    info = MetricsInfo(
        nodes=0,
        edges=0,
        filter={k: str(v) for k, v in graph.graph.items()},
        betweenness_exact=True,
        betweenness_sources=0,
        seed=options.seed,
        closeness="exact",
        library="networkx",
        pagerank_converged=True,
        eigenvector_converged=True,
        communities=0,
        singletons=0,
        modularity=None,
        resolution=options.resolution,
        seconds={},
    )
    return MetricsReport(info=info, nodes=[], communities=[], countries=[])


def _number(value: float) -> float | None:
    """NaN (undefined, e.g. constraint of an isolated node) becomes None."""
    return None if math.isnan(value) else value


@cached(maxsize=16, depends=lambda flt, options: flt.topics)
def network_metrics(store: Store, flt: SubgraphFilter, options: MetricOptions) -> tuple[nx.Graph, MetricsReport]:
    """The subgraph ``flt`` selects and its metrics, cached (graph.store.cache): the whole
    network takes tens of seconds. The graph is shared between callers: do not change it.
    """
    graph = load_subgraph(store, flt)
    return graph, compute_metrics(graph, options)
