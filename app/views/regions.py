"""Regions: a country's or county's organisations and cross-border ties; the country matrix."""

from __future__ import annotations

from flask import Blueprint, current_app
from pydantic import BaseModel, ConfigDict
from werkzeug.wrappers import Response

from app.db import get_store
from app.fragments import fragment
from app.map_view import map_data
from app.network_view import explorer_data
from app.params import parse_args
from app.render import requested_format, respond
from graph.explore.regions import BALKAN, CountryMatrix, country_matrix, region_view
from graph.models import REGION_RE
from graph.params import BadParameter

bp = Blueprint("regions", __name__)


class BalkanSwitch(BaseModel):
    """``?balkan=1`` keeps only Balkan countries."""

    model_config = ConfigDict(extra="ignore")

    balkan: bool = False


def _heat_map(data: CountryMatrix) -> dict[str, object]:
    """The matrix fragment's context: Balkan countries first, and the largest cell."""
    countries = sorted(data.countries, key=lambda c: (BALKAN not in c.tags, c.name))
    return {"data": data, "countries": countries, "top": max((c.projects for c in data.cells), default=1)}


@bp.get("/api/regions")
@bp.get("/regions")
def matrix() -> Response | str:
    switch = parse_args(BalkanSwitch)
    data = country_matrix(get_store(), switch.balkan)
    context: dict[str, object] = {}
    if requested_format() == "html":  # the table is rendered once per cached matrix
        context["matrix_table"] = fragment(data, "regions/_matrix.html", lambda: _heat_map(data))
        context["map"] = map_data(data)
    return respond("regions/matrix.html", data, rows=data.cells, filename="country-matrix.csv", **context)


@bp.get("/api/regions/<code>")
@bp.get("/regions/<code>")
def region(code: str) -> Response | str:
    code = code.upper()
    if not REGION_RE.match(code):
        raise BadParameter("code", f"{code!r} is no region code: use ISO 3166 such as RO or RO-TM")
    switch = parse_args(BalkanSwitch)
    data = region_view(get_store(), code, switch.balkan, current_app.config["NODE_CAP"])
    context = {}
    if requested_format() == "html":
        # The tables are rendered once per cached view: hundreds of rows of links.
        context = {
            "explorer": explorer_data(data.network, colour="country"),
            "links_table": fragment(data, "regions/_links.html", lambda: {"data": data}),
            "orgs_table": fragment(data, "regions/_orgs.html", lambda: {"data": data}),
        }
    return respond("regions/region.html", data, rows=data.links, filename=f"{code}-cross-border.csv", **context)
