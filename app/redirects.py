"""Where a form may send its user afterwards: only a path on this site.

A ``next`` parameter comes from a link anyone can write, so it must never send a user
who just signed in to another site (an "open redirect" that phishing pages use).
Browsers are lenient: they drop tabs and line breaks inside a URL (``/\\t/evil.test``
becomes ``//evil.test``, another host), read ``\\`` as ``/``, and a line break in a
``Location`` header is refused by the server (a 500). So a target is accepted only if
it is a path that starts with one ``/`` and holds no control character, no whitespace
and no backslash; anything else falls back to the home page.

Example:
    >>> same_site_path("/orgs?q=timi%C8%99oara")
    '/orgs?q=timi%C8%99oara'
    >>> same_site_path("/\\t/evil.test/") is None
    True
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for


def same_site_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site (see the module's rules), else None."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if any(ch <= " " or ch == "\x7f" or ch == "\\" or ch.isspace() for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def next_or_home(target: str | None) -> str:
    """The same-site path ``target``, or the home page when it is not one."""
    return same_site_path(target) or url_for("home.index")
