"""Benchmark: generate N organisations and load them into a fresh embedded server.

Prints JSON: generation and load seconds, rows per second, node and relationship
counts, and how long the embedded server took to answer Bolt from a cold start.

    .venv/bin/python bench/load.py --orgs 50000
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.config import Settings  # noqa: E402
from graph.readwrite.generator import generate  # noqa: E402
from graph.readwrite.importer import load_path  # noqa: E402
from graph.store.driver import Store  # noqa: E402
from graph.store.embedded import EmbeddedServer  # noqa: E402
from graph.store.queries import query  # noqa: E402

COUNT_GRAPH = query("backup/count_all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--batch-size", type=int, default=5000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="pn-bench-load-") as tmp:
        data = Path(tmp)
        began = time.perf_counter()
        counts = generate(data / "dataset", args.orgs, args.seed)
        generate_s = time.perf_counter() - began

        settings = Settings.from_env(environ={}, data_dir=data / "data", heap="4g")
        server = EmbeddedServer(settings.graph_dir, settings.heap)
        began = time.perf_counter()
        server.start()
        ready_s = time.perf_counter() - began
        try:
            with Store.open(settings) as store:
                began = time.perf_counter()
                report = load_path(store, data / "dataset", args.batch_size)
                load_s = time.perf_counter() - began
                graph = store.read(COUNT_GRAPH)[0]
        finally:
            server.stop()

    print(
        json.dumps(
            {
                "benchmark": "load",
                "orgs": args.orgs,
                "rows_in_files": sum(counts.values()),
                "nodes": graph["nodes"],
                "relationships": graph["relationships"],
                "server_ready_s": round(ready_s, 2),
                "generate_s": round(generate_s, 2),
                "load_s": round(load_s, 2),
                "validate_and_write_rows_per_s": round(report.total_rows / load_s),
                "relationships_per_s": round(graph["relationships"] / load_s),
                "batches": report.batches,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
