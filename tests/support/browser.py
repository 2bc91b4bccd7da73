"""Debian's Chromium as the browser tests start it (headless, no network of its own), and
a recorder of what a page requested and which JavaScript errors it logged."""

from __future__ import annotations

from urllib.parse import urlparse

from playwright.sync_api import ConsoleMessage, Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


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
