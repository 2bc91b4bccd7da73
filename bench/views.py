"""Benchmark the explorer's pages on a generated network (default 50,000 organisations).

Server side: time to produce an organisation profile page (with its 1-step network) and
an ego-network page (2 steps, capped at NODE_CAP = 300 nodes), p50/p95 over a seeded
random sample of organisations plus the busiest ones (whose networks reach the cap),
through the real Flask app and graph server.
Browser side: headless Chromium loads the largest sampled ego network and the time until
vis-network has stabilised and physics is off is read from the page (``stabilizedAt``,
milliseconds since navigation started) at the node cap of 300; then networks of about
1,000 and 2,000 nodes (region views, drawn with the node cap raised to their size: 2-step
ego networks of generated data stay near 250 nodes), each settled (laid out, labels
placed, interactive) within TARGET_BROWSER_MS. Prints JSON.

    .venv/bin/python bench/views.py [--orgs 50000] [--samples 40] [--data bench/out/views]

The dataset and graph are kept under ``--data`` so a second run skips generation and load.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from app import create_app  # noqa: E402
from app.local_server import serving  # noqa: E402
from bench.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.explore.counts import stats  # noqa: E402
from graph.readwrite.generator import generate  # noqa: E402
from graph.readwrite.importer import load_path  # noqa: E402
from graph.store.driver import Store  # noqa: E402

TARGET_SERVER_P95_MS = 300
TARGET_BROWSER_MS = 3000
SETTLE_SIZES = (1000, 2000)  # and 300: the largest sampled ego network, capped at 300


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(ordered[-1], 1),
        "n": len(ordered),
    }


def _prepare(store: Store, data: Path, orgs: int) -> dict[str, Any]:
    """Generate and load the dataset unless the graph already holds it."""
    if stats(store).organisations >= orgs:
        return {"loaded": False}
    dataset = data / "dataset"
    generate(dataset, orgs, seed=7)
    started = time.perf_counter()
    load_path(store, dataset)
    return {"loaded": True, "load_s": round(time.perf_counter() - started, 1)}


def _busiest(dataset: Path, count: int) -> list[str]:
    """The organisations with the most project participations: their 2-step networks
    reach the node cap, the case a browser must still draw in time."""
    with (dataset / "participations.csv").open(encoding="utf-8") as handle:
        counts = Counter(row["org"] for row in csv.DictReader(handle))
    return [org for org, _ in counts.most_common(count)]


def _time_pages(client: Any, ids: list[str]) -> dict[str, Any]:
    profile: list[float] = []
    network: list[float] = []
    sizes: dict[str, int] = {}
    for org_id in ids:
        for url, bucket in ((f"/orgs/{org_id}", profile), (f"/orgs/{org_id}/network?depth=2", network)):
            started = time.perf_counter()
            response = client.get(url)
            bucket.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        api = client.get(f"/api/orgs/{org_id}/network?depth=2").get_json()
        sizes[org_id] = len(api["nodes"])
    return {"profile": _percentiles(profile), "ego_network_depth2": _percentiles(network), "nodes": sizes}


def _settle(page: Any, url: str) -> tuple[float, int, int, float]:
    """Load ``url``; milliseconds from navigation until the explorer settled, nodes,
    edges, and milliseconds until its physics finished (the layout's share)."""
    page.goto(url, timeout=120_000)
    page.wait_for_function("window.partnernet && window.partnernet.stabilized", timeout=120_000)
    return (
        page.evaluate("window.partnernet.stabilizedAt"),
        page.evaluate("window.partnernet.nodes.length"),
        page.evaluate("window.partnernet.edges.length"),
        page.evaluate("window.partnernet.physicsDoneAt || 0"),
    )


def _time_browser(base_url: str, org_id: str, runs: int = 3) -> dict[str, Any]:
    times, nodes = [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
            settled, nodes, _, _ = _settle(page, f"{base_url}/orgs/{org_id}/network?depth=2")
            times.append(settled)
            page.close()
        browser.close()
    return {
        "org": org_id,
        "nodes": nodes,
        "stabilized_ms": [round(t) for t in times],
        "p50_ms": round(statistics.median(times)),
        "target_ms": TARGET_BROWSER_MS,
        "ok": max(times) < TARGET_BROWSER_MS,
    }


def _regions_by_size(app: Any, client: Any, sizes: tuple[int, ...]) -> dict[int, str]:
    """For each size, a region whose network has at most that many organisations (all
    drawn, none grouped) and at least 80% of it: countries first, then subdivisions,
    until every size has one."""
    app.config["NODE_CAP"] = max(sizes)
    found: dict[str, int] = {}
    pending = [c["id"] for c in client.get("/api/regions").get_json()["countries"] if c["organisations"]]
    best: dict[int, str] = {}

    def done() -> bool:
        return len(best) == len(sizes) and all(found[best[n]] >= 0.8 * n for n in sizes)

    while pending and not done():
        code = pending.pop(0)
        view = client.get(f"/api/regions/{code}").get_json()
        pending += [sub["id"] for sub in view["subdivisions"]]
        found[code] = view["network"]["found"]
        for size in sizes:
            if found[code] <= size and (size not in best or found[code] > found[best[size]]):
                best[size] = code
    app.config["NODE_CAP"] = 300
    return best


def _time_settle(app: Any, base_url: str, regions: dict[int, str], runs: int = 3) -> list[dict[str, Any]]:
    """Settle times of each size's region network, drawn with the node cap at that size."""
    out = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size, code in sorted(regions.items()):
            app.config["NODE_CAP"] = size
            times, physics, nodes, edges = [], [], 0, 0
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
                settled, nodes, edges, laid_out = _settle(page, f"{base_url}/regions/{code}")
                times.append(settled)
                physics.append(laid_out)
                page.close()
            out.append(
                {
                    "size": size,
                    "region": code,
                    "nodes": nodes,
                    "edges": edges,
                    "settled_ms": [round(t) for t in times],
                    "physics_done_ms": [round(t) for t in physics],
                    "p50_ms": round(statistics.median(times)),
                    "ok": max(times) < TARGET_BROWSER_MS,
                }
            )
        browser.close()
    app.config["NODE_CAP"] = 300
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=50_000)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "out" / "views")
    args = parser.parse_args()
    settings = Settings.from_env(data_dir=args.data, node_cap=300)
    with Store.open(settings) as store:
        prepared = _prepare(store, args.data, args.orgs)
        counts = stats(store)
        app = create_app(settings, store=store)
        rng = random.Random(11)
        ids = [f"org-{rng.randrange(args.orgs):06d}" for _ in range(args.samples)]
        ids += _busiest(args.data / "dataset", max(1, args.samples // 4))
        client = app.test_client()
        client.get(f"/orgs/{ids[0]}")  # warm the driver's pool and the query plans
        server = _time_pages(client, ids)
        largest = max(server["nodes"], key=lambda i: server["nodes"][i])
        regions = _regions_by_size(app, client, SETTLE_SIZES)
        with serving(app) as base_url:
            browser = _time_browser(base_url, largest)
            browser["settle_by_size"] = _time_settle(app, base_url, regions)
    sizes = list(server.pop("nodes").values())
    print(
        json.dumps(
            {
                "data": {
                    "organisations": counts.organisations,
                    "projects": counts.projects,
                    "introductions": counts.introductions,
                    **prepared,
                },
                "node_cap": 300,
                "load_average_1m": round(os.getloadavg()[0], 1),
                "server": {
                    **server,
                    "ego_nodes": {"min": min(sizes), "median": statistics.median(sizes), "max": max(sizes)},
                    "target_p95_ms": TARGET_SERVER_P95_MS,
                    "ok": max(server["profile"]["p95_ms"], server["ego_network_depth2"]["p95_ms"])
                    < TARGET_SERVER_P95_MS,
                },
                "browser": browser,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
