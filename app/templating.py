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

from collections.abc import Iterable
from typing import Any, TypeVar

from flask import Flask, current_app, request, url_for
from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.access import current_role
from app.db import get_store
from app.fragments import fragment
from app.i18n import request_translations
from graph.explore.labels import competence_name
from graph.explore.suggest import region_names
from graph.members.accounts import AccessRole
from graph.models import link_url
from graph.text import N_, normalise

T = TypeVar("T")


# The interface names of vocabulary values, by value.
LABEL_MSGIDS = {
    "library": N_("library"),
    "ngo": N_("NGO"),
    "authority": N_("authority"),
    "business": N_("business"),
    "university": N_("university"),
    "network": N_("network"),
    "other": N_("other"),
    "project": N_("project"),
    "group": N_("group of organisations"),
    "coordinator": N_("coordinator"),
    "partner": N_("partner"),
    "stakeholder": N_("stakeholder"),
    "member": N_("member"),
    "introduced": N_("introduced"),
    "potential": N_("potential (match score)"),
    "degree": N_("ties (degree)"),
    "strength": N_("joint projects (weighted degree)"),
    "betweenness": N_("brokerage (betweenness)"),
    # accounts
    "visitor": N_("visitor"),
    "admin": N_("admin"),
    "broker": N_("broker"),
    "individual": N_("individual"),
    "institutional": N_("institutional"),
    "pending": N_("pending"),
    "active": N_("active"),
    "disabled": N_("disabled"),
    # stages of an introduction
    "proposed": N_("proposed"),
    "contacted": N_("contacted"),
    "accepted": N_("accepted"),
    "declined": N_("declined"),
    "partnership": N_("partnership"),
}
# The same, lazily translated, for forms (their choices are built once, shown in each language).
LABELS = {value: _l(msgid) for value, msgid in LABEL_MSGIDS.items()}


def label(value: object) -> str:
    """The interface name of a vocabulary value (the value itself when unknown), translated
    through the request's catalogue (a table of hundreds of rows shows one per row)."""
    text = "" if value is None else str(value)
    msgid = LABEL_MSGIDS.get(text)
    return text if msgid is None else request_translations().ugettext(msgid)


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


def by_region_name(regions: Iterable[T]) -> list[T]:
    """Regions (codes, or nodes with an id) in the alphabetical order of their names in the
    interface language, as :func:`region_name` shows them."""
    return sorted(regions, key=lambda region: normalise(region_name(getattr(region, "id", region))))


def by_term(competences: Iterable[T]) -> list[T]:
    """Competences (ids, or nodes with an id and a name) in the alphabetical order of their
    names in the interface language, as :func:`term` shows them."""
    return sorted(competences, key=lambda competence: normalise(term(competence)))


def page_url(**changes: object) -> str:
    """This page's address with some query parameters changed (``None`` removes one)."""
    args: dict[str, Any] = {k: v for k, v in request.args.lists()}
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint or "home.index", **(request.view_args or {}), **args)


# The main menu's sections: the one whose path begins this page's is marked current.
SECTIONS = ("orgs", "projects", "competences", "path", "regions", "metrics", "requests", "consortium")


def site_menu() -> Markup:
    """The main menu and the language switch of every page, rendered once per language,
    role and section (:mod:`app.fragments`, kept with the app): their twenty-odd
    translations and links were a tenth of a small page's CPU."""
    here = next((s for s in SECTIONS if request.path.startswith("/" + s)), None)
    broker = current_role().at_least(AccessRole.BROKER)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return fragment(app, "_nav.html", lambda: {"here": here, "broker": broker}, here, broker)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        by_region_name=by_region_name,
        by_term=by_term,
        label=label,
        number=number,
        region_name=region_name,
        safe_url=safe_url,
        term=term,
    )
    app.jinja_env.globals.update(page_url=page_url, site_menu=site_menu)
