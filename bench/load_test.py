"""Concurrent load on the web app: gunicorn + the embedded server with N generated organisations.

Generates the dataset and loads it into ``--data`` unless that graph already holds it
(so a data directory is reused between runs), starts ``partnernet serve`` (``--workers``
processes of ``--threads`` threads) on a free loopback port sharing that graph server,
and drives a weighted mix of the app's real routes from concurrent clients (keep-alive
connections, signed in as a broker so the broker-only matching route is in the mix) for
a bounded time and count. 5% of the requests (``--edit-share``) are edits through the
app's write routes, spread evenly over what a user changes: a description
(``PATCH /api/orgs/<id>/profile``), an offer and a need (the profile's offer and need
forms, as an administrator) and an introduction (the broker's form); the last three change
what matching and cached views read. The clock starts once every cached view answers fast
in every worker (the warm-up's seconds and passes are reported: the cold start). Prints
JSON: requests per second, p50/p95/p99 per route (each kind of edit is a route:
``edit_description``, ``edit_offer``, ``edit_need``, ``edit_introduction``), errors, and
which routes were skipped because they answer 404 on this build.

Usage: .venv/bin/python bench/load_test.py [--orgs 50000] [--clients 16] [--seconds 60]
       [--workers 2] [--threads 8] [--edit-share 0.05] [--data DIR]
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from graph.config import Settings
from graph.explore.counts import stats
from graph.members import accounts
from graph.members.accounts import AccessRole
from graph.readwrite.generator import generate
from graph.readwrite.importer import load_path
from graph.store.driver import Store
from graph.store.embedded import _free_port

# name -> (weight, path template); {id} is a random organisation, {q} a search word,
# {country} a country code.
ROUTES: dict[str, tuple[int, str]] = {
    "home": (8, "/"),
    "stats": (5, "/api/stats"),
    "healthz": (2, "/healthz"),
    "search": (20, "/orgs?q={q}"),
    "profile": (20, "/orgs/{id}"),
    "network": (12, "/orgs/{id}/network"),
    "match": (10, "/api/match/{id}"),
    "metrics": (5, "/metrics?regions={country}&kinds=library"),
    "region": (5, "/regions/{country}"),
    "matrix": (3, "/regions?balkan=1"),
}
# The warm-up's passes end when no request of a pass took WARM_SECONDS or more.
WARM_PASSES, WARM_SECONDS = 10, 0.3
EDITS = ("edit_description", "edit_offer", "edit_need", "edit_introduction")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
WORDS = ["library", "centre", "association", "bucuresti", "sofia", "thessal", "civic", "youth", "timisoara", "skopje"]
COUNTRIES = ["RO", "BG", "GR", "RS", "MK", "AL"]
PASSWORD = "load test password"
USERS = {AccessRole.BROKER: "load-broker", AccessRole.ADMIN: "load-admin"}
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


class Session:
    """A signed-in browser: its session cookie and CSRF token."""

    def __init__(self, port: int, username: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""
        token = self._token(conn, "/login")
        body = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrf_token": token})
        conn.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded", **self.headers()})
        response = conn.getresponse()
        response.read()
        if response.status != 302:
            sys.exit(f"login as {username} failed: HTTP {response.status}")
        self._remember(response)
        self.csrf = self._token(conn, "/account")
        conn.close()

    def headers(self) -> dict[str, str]:
        return {"Cookie": self.cookie} if self.cookie else {}

    def _remember(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            if header.startswith("session="):
                self.cookie = header.split(";", 1)[0]

    def _token(self, conn: http.client.HTTPConnection, path: str) -> str:
        conn.request("GET", path, headers=self.headers())
        response = conn.getresponse()
        html = response.read().decode()
        self._remember(response)
        found = CSRF_RE.search(html)
        if found is None:
            sys.exit(f"no CSRF token on {path}")
        return found.group(1)


def ensure_users(store: Store, org: str) -> None:
    """A broker (representing ``org``) and an administrator for the load test."""
    for role, username in USERS.items():
        represents = org if role is AccessRole.BROKER else None
        accounts.ensure_account(
            store, username, username.replace("-", " ").title(), role, PASSWORD, represents, "load-test"
        )


class Bench:
    def __init__(self, port: int, orgs: list[str], competences: list[str], reader: Session, editor: Session) -> None:
        self.port, self.orgs, self.competences, self.reader, self.editor = port, orgs, competences, reader, editor
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.lock = threading.Lock()

    def path(self, template: str, rng: random.Random) -> str:
        return template.format(id=rng.choice(self.orgs), q=rng.choice(WORDS), country=rng.choice(COUNTRIES))

    def probe(self) -> dict[str, str]:
        """Routes this build does not have (404 on a probe), with the reason."""
        skipped = {}
        for name, (_, template) in ROUTES.items():
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
            conn.request("GET", self.path(template, random.Random(0)), headers=self.reader.headers())
            status = conn.getresponse().status
            conn.close()
            if status == 404:
                skipped[name] = "404 on probe: route not in this build"
        return skipped

    def warm(self) -> tuple[float, int]:
        """Request every cached view of the mix (4 at a time) before the clock starts, pass
        after pass until a whole pass is fast (or :data:`WARM_PASSES` passes), so that each
        worker process has built its own copy and the run measures the steady state. The
        seconds it took and the passes (the cold start, reported beside the run)."""
        paths = sorted(
            {
                template.format(id=self.orgs[0], q=q, country=c)
                for _, template in ROUTES.values()
                for q in WORDS
                for c in COUNTRIES
                if "{id}" not in template
            }
        )

        def get(path: str) -> float:
            started = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
            conn.request("GET", path, headers=self.reader.headers())
            conn.getresponse().read()
            conn.close()
            return time.perf_counter() - started

        started, passes = time.perf_counter(), 0
        with ThreadPoolExecutor(4) as pool:
            while passes < WARM_PASSES:
                passes += 1
                if max(pool.map(get, paths)) < WARM_SECONDS:
                    break
        return time.perf_counter() - started, passes

    def request(self, conn: http.client.HTTPConnection, name: str, rng: random.Random) -> int:
        """Send one request of route ``name`` (or an edit); its HTTP status (a form's
        redirect to the page it saved counts as 200, and so does a 409: a description edit
        reads the version (ETag) and sends it back (If-Match), and another client's edit of
        the same organisation in between is a detected conflict, a correct answer)."""
        org, level = rng.choice(self.orgs), str(rng.randint(1, 5))
        if name == "edit_description":
            path = f"/api/orgs/{org}/profile"
            conn.request("GET", path, headers=self.editor.headers())
            read = conn.getresponse()
            read.read()
            body = json.dumps({"description": f"edited by the load test {rng.random():.6f}"})
            conn.request(
                "PATCH",
                path,
                body,
                {
                    "Content-Type": "application/json",
                    "X-CSRFToken": self.editor.csrf,
                    "If-Match": read.getheader("ETag") or "",
                    **self.editor.headers(),
                },
            )
        elif name in ("edit_offer", "edit_need"):
            kind, field = ("offers", "level") if name == "edit_offer" else ("needs", "priority")
            form = {"competence": rng.choice(self.competences), field: level, "csrf_token": self.editor.csrf}
            conn.request("POST", f"/orgs/{org}/{kind}", urllib.parse.urlencode(form), {**FORM, **self.editor.headers()})
        elif name == "edit_introduction":
            form = {"source": org, "target": rng.choice(self.orgs), "note": "load test", "csrf_token": self.reader.csrf}
            conn.request("POST", "/introductions/new", urllib.parse.urlencode(form), {**FORM, **self.reader.headers()})
        else:
            conn.request("GET", self.path(ROUTES[name][1], rng), headers=self.reader.headers())
        response = conn.getresponse()
        response.read()
        return 200 if name in EDITS and response.status in (302, 409) else response.status

    def client(
        self, seed: int, routes: list[str], weights: list[int], deadline: float, budget: list[int], edit_share: float
    ) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while time.monotonic() < deadline:
            with self.lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            name = rng.choice(EDITS) if rng.random() < edit_share else rng.choices(routes, weights)[0]
            started = time.perf_counter()
            try:
                status = self.request(conn, name, rng)
            except Exception:  # noqa: BLE001 - every failure counts as an error
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            elapsed = (time.perf_counter() - started) * 1000
            with self.lock:
                self.latency[name].append(elapsed)
                if status != 200:
                    self.errors[name] += 1
                    self.statuses[name][status] += 1
        conn.close()


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


def prepare(store: Store, data: Path, orgs: int) -> tuple[Path, float | None]:
    """Generate and load ``orgs`` organisations unless the graph already holds them;
    the dataset's path and the load's seconds (None when reused)."""
    dataset = data / f"generated-{orgs}"
    if not dataset.exists():
        generate(dataset, orgs, 42)
    have = stats(store).organisations
    if have >= orgs:
        return dataset, None
    started = time.perf_counter()
    load_path(store, dataset)
    return dataset, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--edit-share", type=float, default=0.05, help="the share of requests that are edits")
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2, help="serve's worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument(
        "--data", type=Path, default=None, help="data directory, reused between runs (default: temporary)"
    )
    args = parser.parse_args()

    data = args.data or Path(tempfile.mkdtemp(prefix="partnernet-load-"))
    env = {**os.environ, "PARTNERNET_DATA": str(data)}
    env.pop("NEO4J_URI", None)
    # This store starts the embedded server; serve shares it, and it stops at the end.
    store = Store.open(Settings.from_env(env))
    server: subprocess.Popen[bytes] | None = None
    log = open(data / "serve.log", "wb")  # noqa: SIM115 - kept open for the child
    try:
        dataset, load_seconds = prepare(store, data, args.orgs)
        with open(dataset / "organisations.csv", encoding="utf-8") as handle:
            orgs = [row["id"] for row in csv.DictReader(handle)]
        with open(dataset / "competences.csv", encoding="utf-8") as handle:
            competences = [row["id"] for row in csv.DictReader(handle)]
        ensure_users(store, orgs[0])
        port = _free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "partnernet"),
                "serve",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        _wait_ready(port, server, timeout=300)
        bench = Bench(
            port, orgs, competences, Session(port, USERS[AccessRole.BROKER]), Session(port, USERS[AccessRole.ADMIN])
        )
        skipped = bench.probe()
        warm_seconds, warm_passes = bench.warm()
        routes = [name for name in ROUTES if name not in skipped]
        weights = [ROUTES[name][0] for name in routes]
        budget = [args.max_requests]
        deadline = time.monotonic() + args.seconds
        started = time.perf_counter()
        threads = [
            threading.Thread(target=bench.client, args=(i, routes, weights, deadline, budget, args.edit_share))
            for i in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        log.close()
        store.close()
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
        "workers": args.workers,
        "threads_per_worker": args.threads,
        "seconds": round(elapsed, 1),
        "load_seconds": round(load_seconds, 1) if load_seconds is not None else "reused",
        "warm_up_seconds": round(warm_seconds, 1),
        "warm_up_passes": warm_passes,
        "requests": total,
        "requests_per_second": round(total / elapsed, 1),
        "errors": sum(bench.errors.values()),
        "error_statuses": {k: dict(v) for k, v in bench.statuses.items()},
        "routes": per_route,
        "mix": {name: f"{weight} {ROUTES[name][1]}" for name, weight in zip(routes, weights, strict=True)},
        "skipped_routes": skipped,
        "edits": f"{args.edit_share:.0%} of requests, evenly: {', '.join(EDITS)} (see the module doc)",
        "edit_counts": {name: len(bench.latency.get(name, [])) for name in EDITS},
        "targets": {
            "zero_errors": sum(bench.errors.values()) == 0,
            "at_least_300_rps": total / elapsed >= 300,
            "p95_at_most_300_ms": all(r["p95_ms"] <= 300 for r in per_route.values()),
        },
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
