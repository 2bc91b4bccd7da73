"""What the page's network explorer (``static/network.js``) needs to draw a ``Network``.

The page carries one JSON island: the network exactly as its ``/api/`` twin gives it,
the vis-network options (pyvis supplies the physics, which stabilises and is then
switched off), the palette, the interface words in the page's language and the address
patterns of the JSON API the explorer calls to expand a node, fill its side panel,
overlay potential ties (brokers only) and save the view. Styling every node in the
browser, from the same fields the API gives, means a node added by expanding another
looks exactly like one drawn with the page. Only local assets are loaded: the page uses
its own template, not pyvis's HTML (which links CDNs).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pyvis
from flask import url_for
from flask_babel import gettext
from flask_wtf.csrf import generate_csrf
from pyvis.network import Network as PyvisNetwork

from app.access import current_role
from app.templating import label
from graph.explore.network import LinkKind, Network, SizeMetric
from graph.members.accounts import AccessRole
from graph.models import OrgKind
from graph.palette import COUNTRY_COLOURS, KIND_COLOURS, OTHER_COLOUR

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
VIS_FILES = ("vis-network.min.js", "vis-network.css")

# Ties drawn differently (vis-network ``dashes``): solid partners, dotted members,
# dashed introductions; potential ties (the match overlay) long dashes in vermilion.
TIE_DASHES: dict[str, bool | list[int]] = {
    LinkKind.PARTNER.value: False,
    LinkKind.MEMBER.value: [2, 5],
    LinkKind.INTRODUCED.value: [10, 6],
    "path": False,
    "aggregate": False,
    "potential": [14, 8],
}
# Placeholder in address patterns, replaced by a node id in the browser.
ID = "__id__"


@cache
def vis_options() -> dict[str, Any]:
    """vis-network options: barnesHut physics with a bounded stabilisation run (the
    explorer fits the drawing itself once settled)."""
    net = PyvisNetwork()
    net.barnes_hut(
        gravity=-3000, central_gravity=0.3, spring_length=120, spring_strength=0.04, damping=0.3, overlap=0.3
    )
    options: dict[str, Any] = json.loads(net.options.to_json())
    options["physics"]["stabilization"] = {"enabled": True, "iterations": 150, "updateInterval": 50, "fit": False}
    options["physics"]["minVelocity"] = 1
    # vis's "improved layout" clusters large graphs before physics: slow beyond ~100 nodes.
    options["layout"] = {"improvedLayout": False, "randomSeed": 7}
    options["interaction"] = {
        "hover": True,
        "tooltipDelay": 150,
        "navigationButtons": False,
        "keyboard": {"enabled": True, "bindToWindow": False},
        "hideEdgesOnDrag": True,
    }
    options["nodes"] = {
        "shape": "dot",
        "scaling": {"min": 8, "max": 36, "label": {"enabled": False}},
        "font": {"size": 13, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
    }
    options["edges"] = {
        "smooth": False,
        "color": {"color": "#9aa5b1", "highlight": "#1d2733", "hover": "#1d2733"},
        "scaling": {"min": 1, "max": 8, "label": {"enabled": False}},
        "font": {"size": 12, "strokeWidth": 3, "align": "middle"},
    }
    return options


def _text() -> dict[str, Any]:
    """The explorer's words in the page's language."""
    return {
        "kinds": {k.value: label(k.value) for k in OrgKind} | {"project": label("project"), "group": label("group")},
        "rels": {r: label(r) for r in TIE_DASHES},
        "organisations": gettext("%(n)d organisations"),
        "offers": gettext("Offers"),
        "needs": gettext("Needs"),
        "profile": gettext("Open the profile"),
        "page": gettext("Open its page"),
        "expand": gettext("Show its partners"),
        "collapse": gettext("Hide its partners"),
        "pin": gettext("Pin in place"),
        "unpin": gettext("Unpin"),
        "none": gettext("none recorded"),
        "not_found": gettext("No organisation in this view matches “%(q)s”."),
        "clustered": gettext("More than %(cap)d nodes: organisations are grouped by %(by)s. Click a group to open it."),
        "country": gettext("country"),
        "score": gettext("Potential partner, score %(score)s: open the explanation"),
        "introducer": gettext("Can introduce"),
        "other": gettext("Other countries"),
        "load_error": gettext("Could not load the partners of this organisation; try again."),
    }


def _urls(can_match: bool) -> dict[str, str]:
    """Address patterns of the pages and JSON API the explorer uses (``__id__`` = a node);
    the match API and page only for those who may use them."""
    matching = {
        "match": url_for("match_api.api_match", org_id=ID, top=5),
        "explain": url_for("match_pages.match_page", org_id=ID),
    }
    return (matching if can_match else {}) | {
        "network": url_for("orgs.network", org_id=ID, format="json"),
        "profile": url_for("orgs.profile", org_id=ID, format="json"),
        "org": url_for("orgs.profile", org_id=ID),
        "project": url_for("projects.project", project_id=ID),
        "region": url_for("regions.region", code=ID),
        "gexf": url_for("orgs.view_gexf"),
    }


def explorer_data(
    net: Network,
    size: SizeMetric = "degree",
    focus: str | None = None,
    query: dict[str, Any] | None = None,
    colour: Literal["kind", "country"] = "kind",
) -> dict[str, Any]:
    """The JSON island of a network view: ``net`` as its API twin gives it, with what
    the explorer needs to style, expand and save it. ``query`` holds the filters an
    expansion passes on to the API (tie kinds and organisation kinds); ``colour`` is
    the first colouring (a region's page colours by country: home and abroad differ)."""
    # Potential ties are a broker's tool: the match API refuses everyone else.
    can_match = focus is not None and current_role().at_least(AccessRole.BROKER)
    return {
        "network": net.model_dump(mode="json"),
        "focus": focus,
        "size": size,
        "colour": colour,
        "query": query or {},
        "options": vis_options(),
        "palette": {"kind": KIND_COLOURS, "country": COUNTRY_COLOURS, "other": OTHER_COLOUR},
        "dashes": TIE_DASHES,
        "text": _text(),
        "urls": _urls(can_match),
        "csrf": generate_csrf(),
        "can_match": can_match,
    }
