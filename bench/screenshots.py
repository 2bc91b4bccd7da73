"""Screenshots of the main pages on the demo network, in headless Chromium.

Starts an embedded graph server in a temporary data directory, loads seeds/demo, serves
the app on a loopback port and saves one PNG per page (and a phone-width profile) into
the output folder (default ``screenshots/``); the broker's pages (match results, the
consortium builder) are taken signed in as a broker account made for the purpose.
Prints a JSON list of the files written.

    .venv/bin/python bench/screenshots.py [--out screenshots] [--docs docs/screenshot.png]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from app import create_app  # noqa: E402
from app.local_server import serving  # noqa: E402
from bench.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.members import accounts  # noqa: E402
from graph.readwrite.importer import load_path  # noqa: E402
from graph.store.driver import Store  # noqa: E402

PAGES = {
    "home": "/",
    "search": "/orgs?q=timisoara",
    "profile": "/orgs/anbpr",
    "network": "/orgs/anbpr/network?depth=2",
    "path": "/path?from=bj-satu-mare&to=blia",
    "region": "/regions/RO?balkan=1",
    "matrix": "/regions",
    "competence": "/competences/advocacy-training",
    "project": "/projects/partnering-starter",
    "profile-ro": "/orgs/anbpr?lang=ro",
}
BROKER_PAGES = {
    "match": "/orgs/blia/match?top=5",
    "consortium": "/consortium?example=ro-bg-libraries",
    "match-ro": "/orgs/blia/match?top=3&lang=ro",
}
BROKER = accounts.Registration(
    username="screenshot-broker", name="Screenshot Broker", email="broker@example.org", password="screenshots only 1"
)


def broker_shots(browser, base_url: str, out: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """Sign in as the broker, screenshot BROKER_PAGES and the consortia the example yields."""
    context = browser.new_context(viewport={"width": 1280, "height": 844}, bypass_csp=True)
    page = context.new_page()
    page.goto(base_url + "/login")
    page.fill("#username", BROKER.username)
    page.fill("#password", BROKER.password)
    page.click("form.stacked button[type=submit]")
    written = []
    for name, path in BROKER_PAGES.items():
        page.goto(base_url + path)
        page.screenshot(path=str(out / f"{name}.png"), full_page=True)
        written.append(str(out / f"{name}.png"))
    page.goto(base_url + "/consortium?example=ro-bg-libraries&lang=en")
    page.click("form.call button[type=submit]")
    page.wait_for_selector("section.consortia")
    page.screenshot(path=str(out / "consortium-results.png"), full_page=True)
    written.append(str(out / "consortium-results.png"))
    context.close()
    return written


def take(base_url: str, out: Path) -> list[str]:
    """Screenshot every page of PAGES (full page, 1280 wide) and three at phone width."""
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        phone = {
            "profile-phone": "/orgs/anbpr",
            "network-phone": "/orgs/anbpr/network",
            "search-phone": "/orgs?q=timisoara",
        }
        for width, pages in ((1280, PAGES), (390, phone)):
            context = browser.new_context(viewport={"width": width, "height": 844}, bypass_csp=True)
            page = context.new_page()
            for name, path in pages.items():
                page.goto(base_url + path)
                if page.locator("#network").count():
                    page.wait_for_function("window.partnernet && window.partnernet.stabilized", timeout=30_000)
                target = out / f"{name}.png"
                # Phone shots show the first screen, as a person sees it.
                page.screenshot(path=str(target), full_page=width > 390)
                written.append(str(target))
            context.close()
        written += broker_shots(browser, base_url, out)
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument(
        "--docs", type=Path, default=None, help="also copy the network screenshot here (e.g. docs/screenshot.png)"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        settings = Settings.from_env(data_dir=Path(data), heap="1g")
        with Store.open(settings) as store:
            load_path(store, ROOT / "seeds" / "demo")
            accounts.register(store, BROKER, role=accounts.AccessRole.BROKER, actor="screenshots")
            app = create_app(settings, store=store)
            with serving(app) as base_url:
                written = take(base_url, args.out)
    if args.docs:
        args.docs.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(args.out / "network.png", args.docs)
    print(json.dumps({"screenshots": written}, indent=2))


if __name__ == "__main__":
    main()
