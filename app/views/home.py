"""The home page: what PartnerNet is, and the network's counts."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template

from app.db import get_store
from graph.explore.organisations import stats

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    return render_template("home.html", stats=stats(get_store()))


@bp.get("/api/stats")
def api_stats():  # type: ignore[no-untyped-def]
    return jsonify(stats(get_store()).model_dump())
