"""Template helpers: interface names of the data's vocabularies, numbers and region names
in the interface language, links to twins, and the one way a stored address becomes a link.

The data keeps its own language; enum values (kinds, roles, tie kinds) are part of the
interface, so templates show them through the ``label`` filter, translated. Numbers go
through ``number`` (Babel: "1,234.5" in English, "1.234,5" in Romanian) and region codes
through ``region_name`` (Babel's territory name for a country, the graph's name for a
subdivision). A competence shows through ``term`` (``{{ c|term }}`` for a row with ``id``
and ``name``, ``{{ competence_id|term }}`` for an id): its name in the interface language
when the vocabulary has one, its English name otherwise.

Every link to an address users wrote goes through the ``safe_url`` filter
(``href="{{ data.website|safe_url }}"``, ``href="{{ ('mailto:' ~ email)|safe_url }}"``):
the models accept only ``http(s)`` and ``mailto`` addresses, and the filter checks again
with the same rules at output, so a value stored before (or by another tool) can never
become a ``javascript:`` or ``data:`` link. A refused address gives ``about:blank``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request, url_for
from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l

from app.db import get_store
from graph.explore.labels import competence_name
from graph.explore.suggest import region_names
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
    # accounts
    "visitor": _l("visitor"),
    "admin": _l("admin"),
    "broker": _l("broker"),
    "individual": _l("individual"),
    "institutional": _l("institutional"),
    "pending": _l("pending"),
    "active": _l("active"),
    "disabled": _l("disabled"),
    # stages of an introduction
    "proposed": _l("proposed"),
    "contacted": _l("contacted"),
    "accepted": _l("accepted"),
    "declined": _l("declined"),
    "partnership": _l("partnership"),
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


def number(value: object, digits: int = 1) -> str:
    """``value`` for the interface language with at most ``digits`` decimals ("" for None).

    Whole numbers show no decimals: a score of 48.0 reads "48", 12.25 reads "12.3".
    """
    if value is None or value == "":
        return ""
    if not isinstance(value, int | float):
        return str(value)
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return str(format_decimal(value, format=pattern))


def region_name(code: object) -> str:
    """The name of a region code: a country in the interface language, a subdivision as the graph names it."""
    text = "" if code is None else str(code)
    if not text:
        return ""
    if len(text) == 2:
        territory = get_locale().territories.get(text) if get_locale() else None
        if territory:
            return str(territory)
    return region_names(get_store()).get(text, text)


def term(value: object) -> str:
    """A competence's name in the interface language (see module docstring)."""
    if isinstance(value, str):
        return competence_name(get_store(), value, str(get_locale()))
    found = value.get if isinstance(value, dict) else lambda key: getattr(value, key, None)
    return competence_name(get_store(), str(found("id") or ""), str(get_locale()), found("name"))


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
    app.jinja_env.filters.update(label=label, number=number, region_name=region_name, safe_url=safe_url, term=term)
    app.jinja_env.globals["page_url"] = page_url
