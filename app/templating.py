"""Template helpers: interface names of the data's vocabularies, links to twins, and
the one way a stored address becomes a link.

The data keeps its own language; enum values (kinds, roles, tie kinds) are part of the
interface, so templates show them through the ``label`` filter, translated.

Every link to an address users wrote goes through the ``safe_url`` filter
(``href="{{ data.website|safe_url }}"``, ``href="{{ ('mailto:' ~ email)|safe_url }}"``):
the models accept only ``http(s)`` and ``mailto`` addresses, and the filter checks again
with the same rules at output, so a value stored before (or by another tool) can never
become a ``javascript:`` or ``data:`` link. A refused address gives ``about:blank``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request, url_for
from flask_babel import lazy_gettext as _l

from graph.models import link_url

LABELS = {
    "library": _l("library"),
    "ngo": _l("NGO"),
    "authority": _l("authority"),
    "business": _l("business"),
    "university": _l("university"),
    "network": _l("network"),
    "other": _l("other"),
    "project": _l("project"),
    "group": _l("group of organisations"),
    "coordinator": _l("coordinator"),
    "partner": _l("partner"),
    "stakeholder": _l("stakeholder"),
    "member": _l("member"),
    "introduced": _l("introduced"),
    "potential": _l("potential (match score)"),
    "degree": _l("ties (degree)"),
    "strength": _l("joint projects (weighted degree)"),
    "betweenness": _l("brokerage (betweenness)"),
}


def label(value: object) -> str:
    """The interface name of a vocabulary value (the value itself when unknown)."""
    text = "" if value is None else str(value)
    return str(LABELS.get(text, text))


def safe_url(value: object) -> str:
    """``value`` as a link target if it is an http(s) or mailto address, else about:blank."""
    try:
        return link_url(str(value or ""))
    except ValueError:
        return "about:blank"


def page_url(**changes: object) -> str:
    """This page's address with some query parameters changed (``None`` removes one)."""
    args: dict[str, Any] = {k: v for k, v in request.args.lists()}
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint or "home.index", **(request.view_args or {}), **args)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["safe_url"] = safe_url
    app.jinja_env.globals["page_url"] = page_url
