"""Turn a graph ``Network`` into what the page's vis-network draws.

pyvis supplies the vis-network options (physics that stabilises, then the page turns it
off); nodes and edges are built here: coloured by kind, sized by the chosen metric,
edges as wide as their weight, plain-text tooltips (vis-network shows strings as text,
not HTML) and each node's page address for click-through. Only local assets are loaded:
the page uses its own template, not pyvis's HTML (which links CDNs).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pyvis
from flask import url_for
from flask_babel import gettext
from pyvis.network import Network as PyvisNetwork

from app.templating import label
from graph.explore.network import NetNode, Network, SizeMetric

# Colour-blind-friendly palette (Okabe-Ito and Tableau tones), by organisation kind.
KIND_COLOURS: dict[str, str] = {
    "library": "#0072b2",
    "ngo": "#009e73",
    "authority": "#d55e00",
    "university": "#cc79a7",
    "business": "#e69f00",
    "network": "#56b4e9",
    "other": "#7f7f7f",
    "project": "#b8b8b8",
    "group": "#6b5b95",
}

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
VIS_FILES = ("vis-network.min.js", "vis-network.css")


@cache
def vis_options() -> dict[str, Any]:
    """vis-network options: barnesHut physics with a bounded stabilisation run."""
    net = PyvisNetwork()
    net.barnes_hut(
        gravity=-3000, central_gravity=0.3, spring_length=120, spring_strength=0.04, damping=0.3, overlap=0.3
    )
    options: dict[str, Any] = json.loads(net.options.to_json())
    options["physics"]["stabilization"] = {"enabled": True, "iterations": 150, "updateInterval": 50, "fit": True}
    options["physics"]["minVelocity"] = 1
    # vis's "improved layout" clusters large graphs before physics: slow beyond ~100 nodes.
    options["layout"] = {"improvedLayout": False, "randomSeed": 7}
    options["interaction"] = {
        "hover": True,
        "tooltipDelay": 150,
        "navigationButtons": False,
        "keyboard": {"enabled": True, "bindToWindow": False},
    }
    options["nodes"] = {
        "shape": "dot",
        "scaling": {"min": 8, "max": 36},
        "font": {"size": 13, "face": "system-ui, sans-serif"},
    }
    options["edges"] = {
        "smooth": False,
        "color": {"color": "#9aa5b1", "highlight": "#1d2733"},
        "scaling": {"min": 1, "max": 8},
    }
    return options


def _node_url(node: NetNode) -> str | None:
    if node.type == "organisation":
        return url_for("orgs.profile", org_id=node.id)
    if node.type == "project":
        return url_for("projects.project", project_id=node.id.removeprefix("project:"))
    if node.type == "group" and node.region and "-" in node.region:
        return url_for("regions.region", code=node.region)
    if node.type == "group" and node.country:
        return url_for("regions.region", code=node.country)
    return None


def _tooltip(node: NetNode) -> str:
    if node.type == "group":
        return f"{node.name}\n{gettext('%(n)d organisations', n=node.members)}"
    details = " · ".join(part for part in (label(node.kind), node.country, node.region) if part)
    return f"{node.name}\n{details}" if details else node.name


def _label(name: str, limit: int = 28) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


# Above this many nodes only groups, depth-0 nodes (the ego, or a region's own
# organisations) and an ego's direct partners carry a label; the rest show theirs on
# hover: hundreds of labels would cover the drawing.
LABEL_LIMIT = 60


def vis_data(net: Network, size: SizeMetric = "degree", focus: str | None = None) -> dict[str, Any]:
    """Nodes, edges and options for vis-network; ``focus`` marks the ego node."""
    nodes = []
    crowded = len(net.nodes) > LABEL_LIMIT
    for n in net.nodes:
        labelled = not crowded or n.type == "group" or n.depth == 0 or (n.depth == 1 and focus is not None)
        colour = KIND_COLOURS.get(n.type if n.type != "organisation" else (n.kind or "other"), KIND_COLOURS["other"])
        value = n.members if n.type == "group" else (getattr(n, size) or 0)
        node: dict[str, Any] = {
            "id": n.id,
            "label": _label(n.name) if labelled else "",
            "title": _tooltip(n),
            "color": {"background": colour, "border": "#1d2733" if n.id == focus else colour},
            "borderWidth": 4 if n.id == focus else 1,
            "value": float(value) + 1,
            "kind": n.kind,
            "type": n.type,
            "url": _node_url(n),
        }
        if n.type == "project":
            node["shape"] = "square"
        nodes.append(node)
    edges = [
        {
            "id": f"{e.source}|{e.target}|{e.rel}",
            "from": e.source,
            "to": e.target,
            "value": e.weight,
            "title": f"{e.rel} · {e.weight:g}",
        }
        for e in net.edges
    ]
    return {"nodes": nodes, "edges": edges, "options": vis_options()}


def legend(net: Network) -> list[tuple[str, str]]:
    """(kind, colour) for each kind present in ``net``, in palette order."""
    present = {n.type if n.type != "organisation" else (n.kind or "other") for n in net.nodes}
    return [(kind, colour) for kind, colour in KIND_COLOURS.items() if kind in present]
