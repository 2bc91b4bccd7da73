"""Organisations: search and browse, profile, and ego network (pages and /api/ twins), and
the explorer's "save the view as GEXF"."""

from __future__ import annotations

import io

from flask import Blueprint, current_app, request
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from pydantic import ValidationError
from werkzeug.wrappers import Response

from app.access import can_see_contacts, current_role
from app.db import get_store
from app.errors import invalid_body
from app.fragments import fragment
from app.network_view import explorer_data
from app.params import parse_args
from app.picking import abort_unresolved, form_status, pick, unresolved
from app.render import requested_format, respond
from app.templating import by_term, term
from app.views.requests import may_fit, own
from graph.explore.network import EgoFilters, LinkKind, ego_network
from graph.explore.organisations import get_profile
from graph.explore.search import SearchFilters, SearchOptions, search_facets, search_options, search_orgs
from graph.explore.suggest import PickKind
from graph.matching.ties import index_ties
from graph.members.accounts import AccessRole
from graph.members.consortia import list_consortia
from graph.members.introductions import list_introductions
from graph.models import OrgKind
from graph.readwrite.exports import MEDIA_TYPES, DrawnView, drawn_graph, write_graph
from graph.store.driver import Store

bp = Blueprint("orgs", __name__)


@bp.get("/api/orgs")
@bp.get("/orgs")
def search() -> ResponseReturnValue:
    project = pick("project", PickKind.PROJECT, required=False)
    region = pick("region", PickKind.REGION, required=False)
    html = requested_format() == "html"
    if not html:
        abort_unresolved(unresolved(project, region))
    filters = parse_args(SearchFilters, resolved={"project": project.id, "region": region.id})
    store = get_store()
    result = search_orgs(store, filters)
    context: dict[str, object] = {}
    if html:
        options = search_options(store)
        context = {
            "options": options,
            "facets_nav": _facets_nav(store, filters, options) if filters.active() and result.total else None,
            "results_table": fragment(result, "orgs/_results.html", lambda: {"data": result}),
            "offers_options": _options(options, "competences", filters.offers),
            "needs_options": _options(options, "competences", filters.needs),
        }
    page = respond(
        "orgs/search.html",
        result,
        rows=result.items,
        filename="organisations.csv",
        kinds=list(OrgKind),
        project=project,
        region=region,
        **context,
    )
    return page, form_status(unresolved(project, region))


def _facets_nav(store: Store, filters: SearchFilters, options: SearchOptions) -> Markup:
    """The links that narrow a search, rendered once per cached facets, query string (each
    link is this page's address with one parameter changed) and language (app.fragments)."""
    facets = search_facets(store, filters)
    context = {"facets": facets, "options": options}
    return fragment(facets, "orgs/_facets.html", lambda: context, request.query_string)


def _options(options: SearchOptions, field: str, selected: str | None) -> Markup:
    """The ``<option>`` s of ``options``' competences, named and ordered in the interface
    language, ``selected`` marked; rendered once per cached list, selection and language
    (app.fragments). ``field`` is the select's."""

    def context() -> dict[str, object]:
        return {"choices": [(c.id, term(c)) for c in by_term(options.competences)], "selected": selected}

    return fragment(options, "orgs/_options.html", context, field, selected)


@bp.get("/api/orgs/<org_id>")
@bp.get("/orgs/<org_id>")
def profile(org_id: str) -> Response | str:
    store = get_store()
    data = get_profile(store, org_id, include_contacts=can_see_contacts())
    context: dict[str, object] = {}
    if requested_format() == "html":
        ties = index_ties(store)
        net = ego_network(store, org_id, EgoFilters(), current_app.config["NODE_CAP"], ties=ties)
        context = {"network": net, "explorer": explorer_data(net, focus=org_id)}
        if current_role().at_least(AccessRole.MEMBER):  # never for visitors
            introduced = ties is None or ties.introduced(org_id)  # most organisations: none to read
            context["introductions"] = list_introductions(store, org=org_id) if introduced else []
            context["consortia"] = list_consortia(store, org=org_id)
        context["requests"] = own(store, org_id)
        context["may_fit"] = may_fit(store, org_id)
    return respond("orgs/profile.html", data, rows=data.partners, filename=f"{org_id}-partners.csv", **context)


@bp.get("/api/orgs/<org_id>/network")
@bp.get("/orgs/<org_id>/network")
def network(org_id: str) -> Response | str:
    filters = parse_args(EgoFilters)
    store = get_store()
    net = ego_network(store, org_id, filters, current_app.config["NODE_CAP"], ties=index_ties(store))
    context = {}
    if requested_format() == "html":
        context = {
            "org": net.nodes[0],
            "filters": filters,
            "kinds": list(OrgKind),
            "rels": list(LinkKind),
            "explorer": explorer_data(
                net, filters.size, focus=org_id, query={"rels": filters.rels, "kinds": filters.kinds}
            ),
        }
    return respond("orgs/network.html", net, rows=net.nodes, filename=f"{org_id}-network.csv", **context)


@bp.post("/api/network/gexf")
def view_gexf() -> ResponseReturnValue:
    """The explorer's current view (posted as JSON: nodes as drawn, ties) as a GEXF file
    with its colours, sizes and positions. Writes nothing; 400 names a bad field."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return invalid_body({"body": "a JSON object with 'nodes' and 'edges' is required"})
    try:
        view = DrawnView.model_validate(body)
    except ValidationError as exc:
        return invalid_body({".".join(str(p) for p in e["loc"]): e["msg"] for e in exc.errors()})
    out = io.BytesIO()
    write_graph(drawn_graph(view), None, "gexf", out)
    return Response(
        out.getvalue(),
        mimetype=MEDIA_TYPES["gexf"],
        headers={"Content-Disposition": 'attachment; filename="partnernet-view.gexf"'},
    )
