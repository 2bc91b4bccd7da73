"""Debian's Chromium as the browser tests start it (headless, no network of its own),
signing in, waiting for the page's state under its Content-Security-Policy, and a
recorder of what a page requested and which JavaScript errors it logged."""

from __future__ import annotations

import time
from urllib.parse import urlparse

from playwright.sync_api import ConsoleMessage, Page

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


class Recorder:
    """Every request URL and every console error or uncaught exception of one page."""

    def __init__(self, page: Page) -> None:
        self.urls: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def check(self) -> None:
        """No request left 127.0.0.1 and no JavaScript error was logged."""
        foreign = [
            u
            for u in self.urls
            if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).hostname != "127.0.0.1"
        ]
        assert not foreign, f"requests outside 127.0.0.1: {foreign}"
        assert not self.errors, f"JavaScript errors: {self.errors}"
