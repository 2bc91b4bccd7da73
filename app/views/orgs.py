"""Organisations: search and browse, profile, and ego network (pages and /api/ twins)."""

from __future__ import annotations

from flask import Blueprint, current_app
from werkzeug.wrappers import Response

from app.access import can_see_contacts, current_role
from app.db import get_store
from app.network_view import legend, vis_data
from app.params import parse_args
from app.render import requested_format, respond
from app.views.requests import may_fit
from app.views.requests import visible as visible_requests
from graph.explore.network import EgoFilters, LinkKind, ego_network
from graph.explore.organisations import get_profile
from graph.explore.search import SearchFilters, search_options, search_orgs
from graph.members.accounts import AccessRole
from graph.members.consortia import list_consortia
from graph.members.introductions import list_introductions
from graph.models import OrgKind

bp = Blueprint("orgs", __name__)


@bp.get("/api/orgs")
@bp.get("/orgs")
def search() -> Response | str:
    filters = parse_args(SearchFilters)
    store = get_store()
    result = search_orgs(store, filters)
    options = search_options(store) if requested_format() == "html" else None
    return respond(
        "orgs/search.html",
        result,
        rows=result.items,
        filename="organisations.csv",
        options=options,
        kinds=list(OrgKind),
    )


@bp.get("/api/orgs/<org_id>")
@bp.get("/orgs/<org_id>")
def profile(org_id: str) -> Response | str:
    store = get_store()
    data = get_profile(store, org_id, include_contacts=can_see_contacts())
    context: dict[str, object] = {}
    if requested_format() == "html":
        net = ego_network(store, org_id, EgoFilters(), current_app.config["NODE_CAP"])
        context = {"network": net, "vis": vis_data(net, focus=org_id), "legend": legend(net)}
        if current_role().at_least(AccessRole.MEMBER):  # never for visitors
            context["introductions"] = list_introductions(store, org=org_id)
            context["consortia"] = list_consortia(store, org=org_id)
        context["requests"] = visible_requests(store, org=org_id)
        context["may_fit"] = may_fit(store, org_id)
    return respond("orgs/profile.html", data, rows=data.partners, filename=f"{org_id}-partners.csv", **context)


@bp.get("/api/orgs/<org_id>/network")
@bp.get("/orgs/<org_id>/network")
def network(org_id: str) -> Response | str:
    filters = parse_args(EgoFilters)
    store = get_store()
    net = ego_network(store, org_id, filters, current_app.config["NODE_CAP"])
    context = {}
    if requested_format() == "html":
        context = {
            "org": net.nodes[0],
            "filters": filters,
            "kinds": list(OrgKind),
            "rels": list(LinkKind),
            "vis": vis_data(net, filters.size, focus=org_id),
            "legend": legend(net),
        }
    return respond("orgs/network.html", net, rows=net.nodes, filename=f"{org_id}-network.csv", **context)
