"""Saved consortia for brokers: keep a proposal from the builder, edit its members by
name, see the ties among them, and propose introductions for the missing ones.

``POST /consortia`` saves a proposal (the builder's results carry the call and member
ids in hidden fields; the call is validated again by :class:`graph.matching.consortium.Call`);
``/consortia`` lists the saved ones and ``/consortia/<id>`` shows one (``?format=json``,
``?format=csv`` with one row per member; ``/api/consortia`` and ``/api/consortia/<id>``).
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from pydantic import ValidationError

from app.access import current_account
from app.db import get_store
from app.forms import ConsortiumMemberForm, EmptyForm, SaveConsortiumForm, show_errors
from app.render import respond
from graph.matching.consortium import Call
from graph.members import consortia
from graph.members.editing import EditError
from graph.models import Role
from graph.outputs import OutModel

bp = Blueprint("consortia", __name__)


class ConsortiumList(OutModel):
    items: list[consortia.SavedConsortium]


def _member_rows(saved: consortia.SavedConsortium) -> list[dict[str, Any]]:
    return [
        {"name": m.name, "kind": m.kind, "country": m.country, "role": m.role.value, "id": m.id} for m in saved.members
    ]


def _show(
    saved: consortia.SavedConsortium, form: ConsortiumMemberForm | None = None, status: int = 200
) -> ResponseReturnValue:
    page = respond(
        "consortia/consortium.html",
        saved,
        rows=_member_rows(saved),
        filename=f"{saved.id}.csv",
        form=form or ConsortiumMemberForm(),
        roles=list(Role),
        action=EmptyForm(),
    )
    return page, status


@bp.get("/consortia")
def index() -> ResponseReturnValue:
    items = consortia.list_consortia(get_store())
    rows = [
        {"title": c.title, "call": c.call.title, "members": len(c.members), "updated_at": c.updated_at, "id": c.id}
        for c in items
    ]
    return respond("consortia/list.html", ConsortiumList(items=items), rows=rows, filename="consortia.csv")


@bp.get("/api/consortia")
def api_index() -> ResponseReturnValue:
    return respond(None, ConsortiumList(items=consortia.list_consortia(get_store())))


@bp.post("/consortia")
def save() -> ResponseReturnValue:
    me = current_account()
    assert me is not None
    form = SaveConsortiumForm()
    try:
        call = Call.model_validate(json.loads(form.call.data or ""))
    except (ValueError, ValidationError):
        abort(400, description="call: the proposal's call is missing or invalid; build the proposal again")
    ids = [i for i in request.form.getlist("members") if i]
    coordinator = form.coordinator.data or (ids[0] if ids else "")
    members = [(i, Role.COORDINATOR if i == coordinator else Role.PARTNER) for i in ids]
    try:
        saved = consortia.save(
            get_store(),
            me.username,
            me.person,
            form.title.data or call.title,
            call.title,
            call.model_dump(mode="json"),
            members,
        )
    except EditError as exc:
        field, message = next(iter(exc.errors.items()))
        abort(400, description=f"{field}: {message}")
    flash(_("Consortium saved."))
    return redirect(url_for("consortia.consortium", consortium_id=saved.id))


@bp.get("/consortia/<consortium_id>")
def consortium(consortium_id: str) -> ResponseReturnValue:
    return _show(consortia.get_consortium(get_store(), consortium_id))


@bp.get("/api/consortia/<consortium_id>")
def api_consortium(consortium_id: str) -> ResponseReturnValue:
    return respond(None, consortia.get_consortium(get_store(), consortium_id))


@bp.post("/consortia/<consortium_id>/members")
def member(consortium_id: str) -> ResponseReturnValue:
    me = current_account()
    assert me is not None
    form = ConsortiumMemberForm()
    store = get_store()
    try:
        role = Role(str(form.role.data))
    except ValueError:
        show_errors(form, {"role": f"must be one of {', '.join(Role)}"})
        return _show(consortia.get_consortium(store, consortium_id), form, 400)
    try:
        consortia.set_member(store, me.username, consortium_id, form.name.data or "", role)
    except EditError as exc:
        show_errors(form, exc.errors)
        return _show(consortia.get_consortium(store, consortium_id), form, 400)
    return redirect(url_for("consortia.consortium", consortium_id=consortium_id))


@bp.post("/consortia/<consortium_id>/members/<org_id>/remove")
def remove(consortium_id: str, org_id: str) -> ResponseReturnValue:
    me = current_account()
    assert me is not None
    try:
        consortia.remove_member(get_store(), me.username, consortium_id, org_id)
    except EditError as exc:
        abort(400, description=next(iter(exc.errors.values())))
    return redirect(url_for("consortia.consortium", consortium_id=consortium_id))


@bp.post("/consortia/<consortium_id>/introductions")
def introductions(consortium_id: str) -> ResponseReturnValue:
    me = current_account()
    assert me is not None
    if not me.person:
        abort(400, description="broker: your account has no person to propose introductions as")
    made = consortia.propose_missing(get_store(), me.username, me.person, consortium_id)
    flash(ngettext("%(num)d introduction proposed.", "%(num)d introductions proposed.", len(made)))
    return redirect(url_for("consortia.consortium", consortium_id=consortium_id))
