"""The home page: what PartnerNet is, and the network's counts."""

from __future__ import annotations

from flask import Blueprint, render_template
from werkzeug.wrappers import Response

from app.db import get_store
from app.render import respond
from graph.explore.counts import stats

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    return render_template("home.html", stats=stats(get_store()))


@bp.get("/api/stats")
def api_stats() -> Response | str:
    return respond(None, stats(get_store()))
