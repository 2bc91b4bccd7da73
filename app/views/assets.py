"""vis-network's JavaScript and CSS, served from the pyvis package (no CDN, no copy step)."""

from __future__ import annotations

from flask import Blueprint, abort, send_from_directory
from werkzeug.wrappers import Response

from app.network_view import VIS_DIR, VIS_FILES

bp = Blueprint("assets", __name__)


@bp.get("/vendor/vis/<name>")
def vis(name: str) -> Response:
    if name not in VIS_FILES:
        abort(404)
    return send_from_directory(VIS_DIR, name, max_age=86400)
