"""Concurrent load on the web app: waitress + the embedded server with N generated organisations.

Starts ``partnernet serve --load DATASET`` in a subprocess on a free loopback port, then
drives a weighted mix of requests from concurrent clients (keep-alive connections)
for a bounded time and count, and prints JSON: requests per second, p50/p95/p99 per
route, errors, and which routes were skipped because they answer 404 on this build.
Edits are small organisation upserts through the import path (``graph.importer``), on
the same embedded server (shared through its state file), until a write route exists.

Usage: .venv/bin/python bench/load_test.py [--orgs 50000] [--clients 16] [--seconds 60]
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from graph.config import Settings
from graph.dataset import parse_tables
from graph.embedded import _free_port
from graph.generator import generate
from graph.importer import load_dataset
from graph.store import Store

# name -> (weight, path template); {id} is a random organisation, {q} a search word.
ROUTES: dict[str, tuple[int, str]] = {
    "home": (10, "/"),
    "stats": (10, "/api/stats"),
    "healthz": (5, "/healthz"),
    "search": (20, "/orgs?q={q}"),
    "profile": (20, "/orgs/{id}"),
    "network": (10, "/orgs/{id}/network"),
    "match": (10, "/api/match/{id}"),
    "metrics": (5, "/api/metrics"),
}
EDIT_SHARE = 0.05
WORDS = ["library", "centre", "association", "bucuresti", "sofia", "thessal", "civic", "youth"]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


class Bench:
    def __init__(self, port: int, orgs: list[dict[str, str]], store: Store, regions: set[str]):
        self.port, self.orgs, self.store, self.regions = port, orgs, store, regions
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.lock = threading.Lock()

    def path(self, template: str, rng: random.Random) -> str:
        return template.format(id=rng.choice(self.orgs)["id"], q=rng.choice(WORDS))

    def probe(self) -> dict[str, str]:
        """Routes this build does not have (404 on a probe), with the reason."""
        skipped = {}
        for name, (_, template) in ROUTES.items():
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            conn.request("GET", self.path(template, random.Random(0)))
            status = conn.getresponse().status
            conn.close()
            if status == 404:
                skipped[name] = "404 on probe: route not in this build"
        return skipped

    def edit(self, rng: random.Random) -> None:
        row = dict(rng.choice(self.orgs))
        row["description"] = f"edited by the load test {rng.random():.6f}"
        buffer = _csv_bytes([row])
        dataset = parse_tables(
            [("organisations.csv", "organisations", buffer)], {"regions": self.regions}
        )
        load_dataset(self.store, dataset)

    def client(
        self, seed: int, routes: list[str], weights: list[int], deadline: float, budget: list[int]
    ) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while time.monotonic() < deadline:
            with self.lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            name = "edit" if rng.random() < EDIT_SHARE else rng.choices(routes, weights)[0]
            started = time.perf_counter()
            try:
                if name == "edit":
                    self.edit(rng)
                    ok = True
                else:
                    conn.request("GET", self.path(ROUTES[name][1], rng))
                    response = conn.getresponse()
                    response.read()
                    ok = response.status == 200
            except Exception:  # noqa: BLE001 - every failure counts as an error
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            elapsed = (time.perf_counter() - started) * 1000
            with self.lock:
                self.latency[name].append(elapsed)
                if not ok:
                    self.errors[name] += 1
        conn.close()


def _csv_bytes(rows: list[dict[str, str]]) -> bytes:
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _wait_ready(port: int, server: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"partnernet serve exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    sys.exit("the app did not become ready in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument(
        "--data", type=Path, default=None, help="data directory (default: temporary)"
    )
    args = parser.parse_args()

    data = args.data or Path(tempfile.mkdtemp(prefix="partnernet-load-"))
    dataset = data / f"generated-{args.orgs}"
    if not dataset.exists():
        generate(dataset, args.orgs, 42)
    with open(dataset / "organisations.csv", encoding="utf-8") as handle:
        orgs = list(csv.DictReader(handle))
    port = _free_port()
    env = {**os.environ, "PARTNERNET_DATA": str(data)}
    env.pop("NEO4J_URI", None)
    serve_cmd = [
        str(Path(sys.executable).parent / "partnernet"),
        "serve",
        "--port",
        str(port),
        "--threads",
        str(args.clients),
        "--load",
        str(dataset),
    ]
    log = open(data / "serve.log", "wb")  # noqa: SIM115 - kept open for the child
    server = subprocess.Popen(serve_cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        load_started = time.perf_counter()
        _wait_ready(port, server, timeout=1800)
        load_seconds = time.perf_counter() - load_started
        store = Store.open(Settings.from_env(env))  # shares serve's embedded server
        with open(dataset / "regions.csv", encoding="utf-8") as handle:
            regions = {row["id"] for row in csv.DictReader(handle)}
        bench = Bench(port, orgs, store, regions)
        skipped = bench.probe()
        routes = [name for name in ROUTES if name not in skipped]
        weights = [ROUTES[name][0] for name in routes]
        budget = [args.max_requests]
        deadline = time.monotonic() + args.seconds
        started = time.perf_counter()
        threads = [
            threading.Thread(target=bench.client, args=(i, routes, weights, deadline, budget))
            for i in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        store.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
    total = sum(len(v) for v in bench.latency.values())
    per_route: dict[str, Any] = {
        name: {
            "count": len(values),
            "errors": bench.errors.get(name, 0),
            "p50_ms": _percentile(values, 0.50),
            "p95_ms": _percentile(values, 0.95),
            "p99_ms": _percentile(values, 0.99),
        }
        for name, values in sorted(bench.latency.items())
    }
    result = {
        "orgs": args.orgs,
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "load_seconds": round(load_seconds, 1),
        "requests": total,
        "requests_per_second": round(total / elapsed, 1),
        "errors": sum(bench.errors.values()),
        "routes": per_route,
        "skipped_routes": skipped,
        "edit": "organisation upsert through graph.importer (no write route in this build)",
        "targets": {
            "zero_errors": sum(bench.errors.values()) == 0,
            "at_least_100_rps": total / elapsed >= 100,
            "p95_below_500_ms": all(r["p95_ms"] < 500 for r in per_route.values()),
        },
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
