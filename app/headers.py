"""Security headers on every response: a strict Content-Security-Policy and its companions.

``script-src 'self'``: a page runs only the script files the app serves, never inline
script, inline event handlers (``onclick=``) or ``javascript:`` URLs, so text that slips
into a page cannot run even if some template forgot to escape it. Data for scripts
travels in ``<script type="application/json">`` islands, which are not executed.

Styles: ``<style>`` elements and style sheets come only from the app
(``style-src-elem 'self'``); ``style`` attributes are allowed (``style-src-attr
'unsafe-inline'``) because pages set computed widths and colours with them (the score
bars, the network legend) and a style attribute cannot run script. Browsers without the
CSP 3 ``-elem``/``-attr`` directives fall back to ``style-src``, which allows both.

The page may not be framed (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``,
against click-jacking), responses are taken as the type they declare (``nosniff``),
and no address with its query string is sent to another site (``Referrer-Policy``).
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "style-src-elem 'self'",
        "style-src-attr 'unsafe-inline'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def add_headers(response: Response) -> Response:
    """The after_request hook: every header of :data:`HEADERS` on ``response``."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_headers)
