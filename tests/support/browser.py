"""Debian's Chromium as the browser tests start it (headless, no network of its own),
signing in, and waiting for the page's state under its Content-Security-Policy."""

from __future__ import annotations

import time

from playwright.sync_api import Page

from tests.support.accounts import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def wait_until(page: Page, expression: str, timeout: float = 10_000) -> None:
    """Wait until the JavaScript ``expression`` is truthy in ``page`` (polled every 50 ms).

    Playwright's ``wait_for_function`` evaluates its predicate with ``eval`` inside the
    page, which the app's Content-Security-Policy forbids (no 'unsafe-eval');
    ``page.evaluate`` runs through the debugging protocol instead.
    """
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout:.0f} ms: {expression}")
        page.wait_for_timeout(50)


def login(page, base_url: str, username: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Sign ``page`` in through the login form."""
    page.goto(f"{base_url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("form.stacked button[type=submit]")
