"""Benchmark: network metrics and exports on generated data; prints JSON.

For each size (default 5,000 and 50,000 organisations) it generates a dataset once
(``DATA/generated-N-SEED``, reused), loads it once into an embedded server with its own
data directory (``DATA/bench-metrics-N``, reused while it holds N organisations), then
times, on the whole network in the co-participation projection: the selection from
the store, every metric (and the full table, sampled betweenness included), and each
export format. Each size runs in its own process so that its peak memory (maxrss of
the Python process; the graph server is a separate process) is its own.

Targets at 50,000 organisations: the full metrics table < 60 s and < 4 GB; GraphML
and GEXF export < 20 s each.

    .venv/bin/python bench/metrics.py [--orgs 5000 --orgs 50000] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.config import Settings  # noqa: E402
from graph.explore.organisations import stats  # noqa: E402
from graph.metrics.compute import MetricOptions, compute_metrics  # noqa: E402
from graph.metrics.subgraph import SubgraphFilter, load_subgraph  # noqa: E402
from graph.readwrite.exports import GRAPH_FORMATS, METRICS_FORMATS, write_graph, write_metrics  # noqa: E402
from graph.readwrite.generator import generate  # noqa: E402
from graph.readwrite.importer import load_path  # noqa: E402
from graph.store.driver import Store  # noqa: E402


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_one(orgs: int, data: Path, seed: int) -> dict[str, Any]:
    """Generate (once), load (once) and measure one size."""
    source = data / f"generated-{orgs}-{seed}"
    if not (source / "organisations.csv").exists():
        generate(source, orgs, seed)
    settings = Settings.from_env(data_dir=data / f"bench-metrics-{orgs}")
    out_dir = data / f"bench-metrics-{orgs}" / "exports"
    out_dir.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"organisations": orgs}
    with Store.open(settings) as store:
        if stats(store).organisations != orgs:
            began = time.perf_counter()
            load_path(store, source)
            result["load_seconds"] = round(time.perf_counter() - began, 1)
        began = time.perf_counter()
        graph = load_subgraph(store, SubgraphFilter())
        result["select_seconds"] = round(time.perf_counter() - began, 2)
    result.update(nodes=graph.number_of_nodes(), edges=graph.number_of_edges())
    began = time.perf_counter()
    report = compute_metrics(graph, MetricOptions())
    result["metrics_table_seconds"] = round(time.perf_counter() - began, 2)
    result["metrics_seconds"] = report.info.seconds
    result["betweenness"] = {
        "exact": report.info.betweenness_exact,
        "sources": report.info.betweenness_sources,
        "seed": report.info.seed,
    }
    result["peak_mb_after_metrics"] = _peak_mb()
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
    result["exports"] = exports
    result["peak_mb"] = _peak_mb()
    result["targets_met"] = {
        "metrics_table_under_60s": result["metrics_table_seconds"] < 60,
        "memory_under_4gb": result["peak_mb"] < 4096,
        "graphml_under_20s": exports["graph_graphml"]["seconds"] < 20,
        "gexf_under_20s": exports["graph_gexf"]["seconds"] < 20,
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, action="append", help="sizes (repeat)")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data directory")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = args.orgs or [5000, 50_000]
    if args.one:
        print(json.dumps(run_one(sizes[0], args.data, args.seed)))
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
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(child.stdout.strip().splitlines()[-1]))
    print(json.dumps({"benchmark": "metrics", "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
