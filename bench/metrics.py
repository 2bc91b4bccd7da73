"""Benchmark: network metrics and exports on generated data; prints JSON.

For each size (default 5,000 and 50,000 organisations) it generates a dataset once
(``DATA/generated-N-SEED``, reused), loads it once into an embedded server with its own
data directory (``DATA/bench-metrics-N``, reused while it holds N organisations), then
times, on the whole network in the co-participation projection: the selection from
the store, every metric (and the full table, sampled betweenness included), and each
export format. Each size runs in its own process so that its peak memory (maxrss of
the Python process; the graph server is a separate process) is its own. Each run says
the machine's load average (1, 5, 15 minutes) before and after the metrics: the machine
may be shared, so compare runs made under a similar load.

With ``--tables`` the graph is built in memory from the generated tables, by the same
builder as the store's selection (:func:`graph.metrics.subgraph.build_subgraph`),
instead of loading a graph server: for sizes the embedded server takes minutes to load.
``--no-exports`` times the metrics table only.

Targets: the full metrics table < 60 s and < 4 GB at 50,000 organisations, < 5 min and
< 10 GB at 500,000 (issue 16); GraphML and GEXF export < 20 s each at 50,000.

    .venv/bin/python bench/metrics.py [--orgs 5000 --orgs 50000] [--data DIR]
    .venv/bin/python bench/metrics.py --tables --no-exports --orgs 200000 --orgs 500000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.config import Settings  # noqa: E402
from graph.explore.counts import stats  # noqa: E402
from graph.metrics.compute import MetricOptions, MetricsReport, compute_metrics  # noqa: E402
from graph.metrics.subgraph import SubgraphFilter, build_subgraph, load_subgraph  # noqa: E402
from graph.readwrite.dataset import read_dataset  # noqa: E402
from graph.readwrite.exports import GRAPH_FORMATS, METRICS_FORMATS, write_graph, write_metrics  # noqa: E402
from graph.readwrite.generator import generate  # noqa: E402
from graph.readwrite.importer import load_path  # noqa: E402
from graph.store.driver import Store  # noqa: E402

# (seconds, peak MB) the whole metrics table may take, by the largest size each applies to.
TARGETS = {50_000: (60, 4096), 500_000: (300, 10_240)}


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _from_store(orgs: int, data: Path, source: Path, result: dict[str, Any]) -> nx.Graph:
    """Load the generated tables into the embedded server (once) and select the network."""
    settings = Settings.from_env(data_dir=data / f"bench-metrics-{orgs}")
    with Store.open(settings) as store:
        if stats(store).organisations != orgs:
            began = time.perf_counter()
            load_path(store, source)
            result["load_seconds"] = round(time.perf_counter() - began, 1)
        began = time.perf_counter()
        graph = load_subgraph(store, SubgraphFilter())
        result["select_seconds"] = round(time.perf_counter() - began, 2)
    return graph


def _from_tables(source: Path, result: dict[str, Any]) -> nx.Graph:
    """The network the store would select, built from the generated tables in memory."""
    began = time.perf_counter()
    regions = {r.id for r in read_dataset(source / "regions.csv").rows("regions")}
    orgs = read_dataset(source / "organisations.csv", {"regions": regions}).rows("organisations")
    projects = {p.id: p for p in read_dataset(source / "projects.csv").rows("projects")}
    known = {"organisations": {o.id for o in orgs}, "projects": set(projects)}
    ties: dict[str, list[dict[str, Any]]] = {o.id: [] for o in orgs}
    for tie in read_dataset(source / "participations.csv", known).rows("participations"):
        project = projects[tie.project]
        ties[tie.org].append(
            {
                "id": project.id,
                "title": project.title,
                "start": project.start,
                "end": project.end,
                "role": tie.role.value,
            }
        )
    rows = (
        {
            "id": o.id,
            "name": o.name,
            "kind": o.kind.value,
            "country": o.country,
            "region": o.region,
            "projects": ties[o.id],
        }
        for o in orgs
    )
    graph = build_subgraph(SubgraphFilter(), rows)
    result["build_seconds"] = round(time.perf_counter() - began, 2)
    return graph


def run_one(orgs: int, data: Path, seed: int, tables: bool, exports: bool) -> dict[str, Any]:
    """Generate (once), load (once, unless ``tables``) and measure one size."""
    source = data / f"generated-{orgs}-{seed}"
    if not (source / "organisations.csv").exists():
        generate(source, orgs, seed)
    result: dict[str, Any] = {"organisations": orgs, "source": "tables" if tables else "store"}
    graph = _from_tables(source, result) if tables else _from_store(orgs, data, source, result)
    result.update(nodes=graph.number_of_nodes(), edges=graph.number_of_edges())
    result["load_average_before"] = _load_average()
    began = time.perf_counter()
    report = compute_metrics(graph, MetricOptions())
    result["metrics_table_seconds"] = round(time.perf_counter() - began, 2)
    result["load_average_after"] = _load_average()
    result["metrics_seconds"] = report.info.seconds
    result["betweenness"] = {
        "exact": report.info.betweenness_exact,
        "sources": report.info.betweenness_sources,
        "seed": report.info.seed,
    }
    result["peak_mb_after_metrics"] = _peak_mb()
    seconds, mb = next((t for size, t in sorted(TARGETS.items()) if orgs <= size), (0, 0))
    result["targets_met"] = {
        f"metrics_table_under_{seconds}s": result["metrics_table_seconds"] < seconds,
        f"memory_under_{mb}mb": result["peak_mb_after_metrics"] < mb,
    }
    if exports:
        result.update(_exports(data / f"bench-metrics-{orgs}" / "exports", graph, report))
    return result


def _exports(out_dir: Path, graph: nx.Graph, report: MetricsReport) -> dict[str, Any]:
    """Time writing each metrics and graph format."""
    out_dir.mkdir(parents=True, exist_ok=True)
    exports: dict[str, Any] = {}

    def timed_write(name: str, write: Any) -> None:
        path = out_dir / name
        began = time.perf_counter()
        with path.open("wb") as out:
            write(out)
        exports[name.replace(".", "_")] = {
            "seconds": round(time.perf_counter() - began, 2),
            "mb": round(path.stat().st_size / 2**20, 1),
        }

    for fmt in METRICS_FORMATS:
        timed_write(f"metrics.{fmt}", lambda out, fmt=fmt: write_metrics(report, fmt, out))
    for fmt in GRAPH_FORMATS:
        timed_write(f"graph.{fmt}", lambda out, fmt=fmt: write_graph(graph, report, fmt, out))
    return {
        "exports": exports,
        "peak_mb": _peak_mb(),
        "export_targets_met": {
            "graphml_under_20s": exports["graph_graphml"]["seconds"] < 20,
            "gexf_under_20s": exports["graph_gexf"]["seconds"] < 20,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, action="append", help="sizes (repeat)")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data directory")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--tables", action="store_true", help="build the graph from the tables, no graph server")
    parser.add_argument("--no-exports", dest="exports", action="store_false", help="time the metrics table only")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = args.orgs or [5000, 50_000]
    if args.one:
        print(json.dumps(run_one(sizes[0], args.data, args.seed, args.tables, args.exports)))
        return
    runs = []
    for orgs in sizes:
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                "--orgs",
                str(orgs),
                "--data",
                str(args.data),
                "--seed",
                str(args.seed),
                *(["--tables"] if args.tables else []),
                *([] if args.exports else ["--no-exports"]),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(child.stdout.strip().splitlines()[-1]))
    print(json.dumps({"benchmark": "metrics", "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
