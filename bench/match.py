"""Benchmark matching and consortium building on generated data; prints JSON per size.

For each size: generate a dataset (seed 42), load it into its own embedded server
(reused when ``--work DIR/<size>`` already holds it), build the matching index, then time
``match`` (seeker lookup in Cypher + in-memory ranking and explanations) for random
seekers, the consortium builder for a 6-competence call, and the Cypher path
(``score.cypher``, no index) on the first ``--ref-seekers`` seekers, whose full top 10
(ids, order, scores) must equal the index's. (The plain-Python reference is the tests';
benchmarks and tests do not import each other.) One JSON object is printed (and flushed) as soon as each size is
done, so a timeout still leaves the sizes already measured; progress goes to stderr.

    .venv/bin/python bench/match.py --sizes 5000,50000 --seekers 200 --work /tmp/match-bench
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.config import Settings  # noqa: E402
from graph.explore.counts import stats  # noqa: E402
from graph.matching.consortium import Call, build  # noqa: E402
from graph.matching.index import MatchIndex  # noqa: E402
from graph.matching.match import match  # noqa: E402
from graph.matching.model import MatchFilters, MatchResult, Weights  # noqa: E402
from graph.readwrite.generator import generate  # noqa: E402
from graph.readwrite.importer import load_path  # noqa: E402
from graph.store.driver import Store  # noqa: E402

CALL = Call.model_validate(
    {
        "competences": [
            {"id": c, "min_level": 3}
            for c in (
                "digital-skills-training",
                "reading-promotion",
                "social-services",
                "advocacy-training",
                "eu-project-writing",
                "community-development",
            )
        ],
        "min_countries": 2,
        "kinds": {"library": 2, "ngo": 1, "authority": 1},
        "max_size": 6,
        "experienced_coordinator": True,
        "results": 3,
    }
)


def _percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 2),
        "n": len(ordered),
    }


def _timed(fn: Callable[[str], Any], seekers: list[str]) -> list[float]:
    times = []
    for s in seekers:
        start = time.perf_counter()
        fn(s)
        times.append(time.perf_counter() - start)
    return times


def run(size: int, seekers: int, work: Path, ref_seekers: int) -> dict[str, Any]:
    csv_dir, data_dir = work / str(size) / "csv", work / str(size) / "data"
    if not (csv_dir / "organisations.csv").exists():
        generate(csv_dir, orgs=size, seed=42)
    store = Store.open(Settings.from_env(data_dir=data_dir, heap="2g"))
    try:
        if stats(store).organisations != size:
            load_path(store, csv_dir)
        started = time.perf_counter()
        index = MatchIndex.build(store)
        index_s = time.perf_counter() - started
        started = time.perf_counter()
        index = MatchIndex.build(store)  # again, on a warm server (what a rebuild costs)
        rebuild_s = time.perf_counter() - started
        rng = random.Random(7)
        chosen = [f"org-{rng.randrange(size):06d}" for _ in range(seekers)]
        f, w = MatchFilters(top=10), Weights()
        match(store, chosen[0], f, w, index=index)  # warm the server's query plans
        sizes: list[int] = []

        def one(s: str) -> None:
            sizes.append(match(store, s, f, w, index=index).candidates_scored)

        _progress(f"{size}: index built in {index_s:.1f} s, again in {rebuild_s:.1f} s; timing {seekers} matches")
        m_times = _timed(one, chosen)
        _progress(f"{size}: timing the consortium builder")
        build(store, CALL, index=index)
        c_times = _timed(lambda _: build(store, CALL, index=index), ["call"] * 5)
        _progress(f"{size}: the Cypher path on {ref_seekers} seekers")
        want: dict[str, list[MatchResult]] = {}
        r_times = _timed(lambda s: want.setdefault(s, match(store, s, f, w).results), chosen[:ref_seekers])
        agree = sum(_same(match(store, s, f, w, index=index).results, want[s]) for s in chosen[:ref_seekers])
    finally:
        store.close()
    mp, rp = _percentiles(m_times), _percentiles(r_times)
    return {
        "organisations": size,
        "index_build_s": round(index_s, 2),
        "index_rebuild_warm_s": round(rebuild_s, 2),
        "match": {**mp, "candidates_scored_mean": round(statistics.mean(sizes), 1)},
        "consortium_6_competences": _percentiles(c_times),
        "cypher_match": rp,
        "ratio_p50": round(mp["p50_ms"] / rp["p50_ms"], 4),
        "ratio_p95": round(mp["p95_ms"] / rp["p95_ms"], 4),
        "top10_equal_to_cypher": f"{agree}/{ref_seekers}",
    }


def _same(got: list[MatchResult], want: list[MatchResult]) -> bool:
    """Same ids in the same order with the same scores (to 1e-9)."""
    return [r.id for r in got] == [r.id for r in want] and all(
        abs(r.score - x.score) < 1e-9 for r, x in zip(got, want, strict=True)
    )


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="5000,50000")
    parser.add_argument("--seekers", type=int, default=200)
    parser.add_argument("--ref-seekers", type=int, default=20, help="seekers timed on the Cypher path (no index)")
    parser.add_argument(
        "--work", type=Path, default=None, help="keep data here and reuse it (default: a temporary directory)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        for n in args.sizes.split(","):
            print(json.dumps(run(int(n), args.seekers, work, args.ref_seekers)), flush=True)


if __name__ == "__main__":
    main()
