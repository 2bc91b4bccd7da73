"""How PartnerNet scales: one JSON line per network size (default 5,000, 50,000 and 200,000).

For each size (in its own process, so that its peak memory is its own) the generated
network is made and loaded into a data directory under ``--data`` unless it is already
there (a second run reuses it), then measured:

- ``load_s``: loading the generated dataset (``"reused"`` when it was already loaded);
- ``index_build_s``: building the matching index from the graph;
- ``search_index_build_s``: building the search index (graph.explore.finder);
- ``match_ms``: p50/p95 of a match (top 10, from the index) over a seeded sample of seekers;
- ``first_match_after_edit_ms``: an offer is set (to another level) through the editing
  functions, then the next match is timed (index freshness included): answered by the same process
  (``same_worker``), and by a second store on the same data directory with its own
  index, as another worker of ``partnernet serve`` is (``other_worker``); p50 and max of
  ``--edits`` edits;
- ``search_ms``, ``profile_ms``, ``ego_ms``: p95 of the search, profile and 2-step ego
  network pages through the Flask app (server side, no browser; ``--pages`` of each);
- ``metrics_table_s``: the metrics of the whole network (skipped above ``--metrics-max``);
- ``peak_mb``: peak resident memory of this process (the app side) and of the graph server.

Every line also says the machine's load average when it was measured: the machine may be
shared, so compare ratios within one run.

    .venv/bin/python bench/scale.py [--sizes 5000,50000,200000] [--data bench/out/scale]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.explore.counts import stats  # noqa: E402
from graph.explore.finder import SearchIndex  # noqa: E402
from graph.matching.index import MatchIndex  # noqa: E402
from graph.matching.match import match  # noqa: E402
from graph.members.editing import set_offer  # noqa: E402
from graph.metrics.compute import MetricOptions, compute_metrics  # noqa: E402
from graph.metrics.subgraph import SubgraphFilter, load_subgraph  # noqa: E402
from graph.models import Offer  # noqa: E402
from graph.readwrite.generator import generate  # noqa: E402
from graph.readwrite.importer import load_path  # noqa: E402
from graph.store.driver import Store  # noqa: E402

WORDS = ["library", "centre", "association", "bucuresti", "sofia", "thessal", "civic", "youth", "timisoara", "skopje"]
SEED = 11


def _ms(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50": round(statistics.median(ordered) * 1000, 2),
        "p95": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000, 2),
        "max": round(ordered[-1] * 1000, 2),
    }


def _timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _match_fresh(store: Store, seeker: str) -> None:
    """A match from the store's index as it is now (following the change log first)."""
    match(store, seeker, index=MatchIndex.current(store))


def _graph_server_peak_mb(store: Store) -> float | None:
    info = store.server.status() if store.server is not None else None
    if info is None:
        return None
    for line in Path(f"/proc/{info.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def _edits(store: Store, other: Store, index: MatchIndex, count: int, rng: random.Random) -> dict[str, Any]:
    """Time the first match after each of ``count`` offer edits, in this store and another.

    Each edit gives the offer a level it does not have: a run on a reused data directory
    draws the same edits as the last one, which would otherwise change nothing."""
    same, elsewhere = [], []
    for _ in range(count):
        seeker = rng.choice(index.ids)
        org, competence = rng.choice(index.ids), rng.choice(index.comps)
        level, now = rng.randint(1, 5), int(index.direct[index.pos[org], index.comp[competence]])
        set_offer(store, "bench", Offer(org=org, competence=competence, level=level if level != now else level % 5 + 1))
        same.append(_timed(functools.partial(_match_fresh, store, seeker)))
        elsewhere.append(_timed(functools.partial(_match_fresh, other, seeker)))
    return {"same_worker": _ms(same), "other_worker": _ms(elsewhere), "edits": count}


def _pages(settings: Settings, store: Store, ids: list[str], count: int, rng: random.Random) -> dict[str, Any]:
    client = create_app(settings, store=store, config={"TESTING": True}).test_client()
    times: dict[str, list[float]] = {"search_ms": [], "profile_ms": [], "ego_ms": []}
    for word in WORDS:
        client.get(f"/orgs?q={word}")  # the first of each is uncached
    for _ in range(count):
        org = rng.choice(ids)
        for name, url in (
            ("search_ms", f"/orgs?q={rng.choice(WORDS)}{rng.choice('aeiou')}"),
            ("profile_ms", f"/orgs/{org}"),
            ("ego_ms", f"/orgs/{org}/network?depth=2"),
        ):
            started = time.perf_counter()
            response = client.get(url)
            times[name].append(time.perf_counter() - started)
            assert response.status_code == 200, url
    return {name: _ms(values) for name, values in times.items()}


def run_one(orgs: int, data: Path, samples: int, pages: int, edits: int, metrics_max: int) -> dict[str, Any]:
    """Generate (once), load (once) and measure one size."""
    home = data / f"s{orgs}"
    dataset = home / "dataset"
    if not (dataset / "organisations.csv").exists():
        generate(dataset, orgs, SEED)
    settings = Settings.from_env(data_dir=home / "graph-data")
    rng = random.Random(SEED)
    result: dict[str, Any] = {"organisations": orgs, "load_s": "reused"}
    with Store.open(settings) as store, Store.open(settings) as other:
        if stats(store).organisations < orgs:
            result["load_s"] = round(_timed(lambda: load_path(store, dataset)), 1)
        started = time.perf_counter()
        index = MatchIndex.current(store)
        result["index_build_s"] = round(time.perf_counter() - started, 2)
        result["search_index_build_s"] = round(_timed(lambda: SearchIndex.current(store)), 2)
        MatchIndex.current(other)
        seekers = [rng.choice(index.ids) for _ in range(samples)]
        match(store, seekers[0], index=index)
        result["match_ms"] = _ms([_timed(functools.partial(match, store, s, index=index)) for s in seekers])
        result["candidates_scored_p50"] = statistics.median(
            match(store, s, index=index).candidates_scored for s in seekers[:20]
        )
        result["first_match_after_edit_ms"] = _edits(store, other, index, edits, rng)
        if pages:
            result.update(_pages(settings, store, index.ids, pages, rng))
        if orgs <= metrics_max:
            started = time.perf_counter()
            report = compute_metrics(load_subgraph(store, SubgraphFilter()), MetricOptions())
            result["metrics_table_s"] = round(time.perf_counter() - started, 1)
            result["metrics_sampled"] = not report.info.betweenness_exact
        result["peak_mb"] = {
            "app": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "graph_server": _graph_server_peak_mb(store),
        }
    result["load_average"] = [round(x, 1) for x in os.getloadavg()]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,50000,200000", help="comma-separated organisation counts")
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "out" / "scale")
    parser.add_argument("--samples", type=int, default=100, help="seekers timed per size")
    parser.add_argument("--pages", type=int, default=100, help="pages of each kind timed per size (0: none)")
    parser.add_argument("--edits", type=int, default=10, help="offer edits timed per size")
    parser.add_argument("--metrics-max", type=int, default=200_000, help="largest size whose metrics are computed")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child measuring one size
    args = parser.parse_args()
    if args.one:
        result = run_one(args.one, args.data, args.samples, args.pages, args.edits, args.metrics_max)
        print(json.dumps(result), flush=True)
        return
    for size in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, __file__, "--one", str(size), "--data", str(args.data)]
        command += ["--samples", str(args.samples), "--pages", str(args.pages), "--edits", str(args.edits)]
        command += ["--metrics-max", str(args.metrics_max)]
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
