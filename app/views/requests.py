"""Partner requests: an organisation looking for partners, and who may fit.

``/requests`` lists open requests (``?competence=&country=&until=``; JSON and CSV
twins); visitors see only public ones and never the requester's contact fields.
``/requests/new`` lets a member publish for their own organisation and a broker for any
(picked by name). ``/requests/<id>`` shows a request with the organisations that fit
it best, ranked by the matching score with the request's competences as needs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.access import can_see_contacts, current_account, current_role
from app.db import get_store
from app.forms import PartnerRequestForm, options, show_errors
from app.params import parse_args
from app.render import respond
from app.templating import label
from graph.explore.search import search_options
from graph.matching.index import MatchIndex
from graph.matching.model import MatchFilters, Weights
from graph.matching.requests import rank_for_request
from graph.members.accounts import AccessRole
from graph.members.consortia import org_by_name
from graph.members.editing import EditError
from graph.members.requests import (
    LIST_LIMIT,
    PartnerRequest,
    RequestFilters,
    list_requests,
    open_requests,
    publish,
)
from graph.models import OrgKind
from graph.outputs import OutModel
from graph.store.driver import Store

bp = Blueprint("requests", __name__)
TOP = 10


class RequestList(OutModel):
    filters: RequestFilters
    items: list[PartnerRequest]


def visible(store: Store, filters: RequestFilters | None = None, **kwargs: Any) -> list[PartnerRequest]:
    """Open requests as this user may see them (public ones without contacts for visitors)."""
    member = current_role().at_least(AccessRole.MEMBER)
    return list_requests(store, filters, public_only=not member, contacts=can_see_contacts(), **kwargs)


def _open_now(store: Store) -> tuple[PartnerRequest, ...]:
    """Every open request this user may see, without contacts (kept per process)."""
    return open_requests(store, public_only=not current_role().at_least(AccessRole.MEMBER), today=date.today())


def own(store: Store, org_id: str) -> list[PartnerRequest]:
    """The open requests ``org_id`` published, for its profile: from the kept list, or read
    when that list is full (so it may not hold them all)."""
    every = _open_now(store)
    if len(every) < LIST_LIMIT:
        return [r for r in every if r.org.id == org_id]
    return visible(store, org=org_id)


def _rows(items: list[PartnerRequest]) -> list[dict[str, Any]]:
    return [
        {
            "title": r.title,
            "organisation": r.org.name,
            "country": r.org.country,
            "competences": [c.name for c in r.competences],
            "countries": r.countries,
            "kinds": [k.value for k in r.kinds],
            "deadline": r.deadline,
            "id": r.id,
        }
        for r in items
    ]


@bp.get("/api/requests")
@bp.get("/requests")
def index() -> ResponseReturnValue:
    store = get_store()
    filters = parse_args(RequestFilters)
    items = visible(store, filters)
    return respond(
        "requests/list.html",
        RequestList(filters=filters, items=items),
        rows=_rows(items),
        filename="partner-requests.csv",
        options=search_options(store),
    )


class RequestPage(OutModel):
    request: PartnerRequest
    fits: list[dict[str, Any]]


def fitting(store: Store, r: PartnerRequest, top: int = TOP) -> list[dict[str, Any]]:
    """The organisations that fit request ``r`` best: id, name, kind, country, score."""
    found = rank_for_request(
        MatchIndex.current(store),
        r.org.id,
        [c.id for c in r.competences],
        MatchFilters(countries=r.countries, kinds=r.kinds, top=top),
    )
    return [{"id": m.id, "name": m.name, "kind": m.kind, "country": m.country, "score": m.score} for m in found]


@bp.get("/api/requests/<request_id>")
@bp.get("/requests/<request_id>")
def one(request_id: str) -> ResponseReturnValue:
    store = get_store()
    found = visible(store, ids=[request_id])
    if not found:
        abort(404, description=f"no open partner request with id {request_id!r}")
    page = RequestPage(request=found[0], fits=fitting(store, found[0]))
    return respond("requests/request.html", page, rows=page.fits, filename=f"{request_id}-fits.csv")


@bp.route("/requests/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    me = current_account()
    assert me is not None
    store = get_store()
    form = PartnerRequestForm()
    form.competences.choices = options([(c.id, c.name) for c in search_options(store).competences])
    form.kinds.choices = options([(k.value, label(k.value)) for k in OrgKind])
    if request.method == "GET":
        form.org.data = me.org_name or ""
        return render_template("requests/new.html", form=form)
    try:
        org = org_by_name(store, form.org.data or "", "org")
        if not (me.role.at_least(AccessRole.BROKER) or me.org == org.id):
            raise EditError({"org": "a member publishes requests for their own organisation only"})
        fields = {
            "org": org.id,
            "title": form.title.data,
            "competences": form.competences.data or [],
            "countries": form.countries.data or "",
            "kinds": form.kinds.data or [],
            "deadline": form.deadline.data or None,
            "text": form.text.data or "",
            "public": bool(form.public.data),
        }
        made = publish(store, me.username, fields)
    except EditError as exc:
        show_errors(form, exc.errors)
        return render_template("requests/new.html", form=form), 400
    flash(_("Partner request published."))
    return redirect(url_for("requests.one", request_id=made.id))


def may_fit(store: Store, org_id: str) -> list[PartnerRequest]:
    """Open requests by others that ``org_id`` answers (it offers a competence sought, also
    through a narrower one) and among whose best :data:`TOP` fits it ranks: for its profile."""
    others = [r for r in _open_now(store) if r.org.id != org_id]
    if not others:
        return []  # no index needed (its first build takes seconds at 50,000 organisations)
    ix = MatchIndex.current(store)
    if org_id not in ix.pos:
        return []
    me, discount = ix.pos[org_id], Weights().narrower_discount
    out = []
    for r in others:
        sought = [ix.comp[c.id] for c in r.competences if c.id in ix.comp]
        if not any(ix.levels(me, c, discount)[0] for c in sought):
            continue  # ranking only those that offer something sought keeps profiles fast
        if any(f["id"] == org_id for f in fitting(store, r)):
            out.append(r)
    return out
