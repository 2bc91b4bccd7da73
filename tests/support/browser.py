"""Debian's Chromium as the browser tests start it (headless, no network of its own), and signing in."""

from __future__ import annotations

from tests.support.accounts import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def login(page, base_url: str, username: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Sign ``page`` in through the login form."""
    page.goto(f"{base_url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("form.stacked button[type=submit]")
