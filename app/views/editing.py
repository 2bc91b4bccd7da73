"""Editing an organisation: profile, offers, needs and best practices.

Members edit the organisation their account represents, admins any (the policy table
lets members in; :func:`_editable` checks whose organisation it is). Input is
validated by the graph's models; refused input comes back with the message next to
the field and HTTP 400, and nothing is written.

Optimistic concurrency: the profile form carries the organisation's version (a hidden
field), the JSON API answers it as an ``ETag`` and takes it back in ``If-Match``. A write
made from an older version answers 409 with what changed meanwhile (before/after per
field); the form then keeps what the user typed, so nothing they wrote is lost, and a
second save (now at the current version) applies it knowingly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.access import can_edit_org, current_account
from app.audit_text import field_label
from app.db import get_store
from app.errors import error_response, invalid_body
from app.forms import (
    NeedForm,
    OfferForm,
    OrgForm,
    PracticeForm,
    competence_options,
    data,
    region_options,
    show_errors,
)
from app.render import json_response
from app.templating import term
from graph.explore.organisations import get_profile
from graph.members import editing
from graph.members.editing import Conflict, EditError
from graph.models import Need, Offer
from graph.params import BadParameter
from graph.store.driver import Store

bp = Blueprint("edit", __name__)


def _editable(org_id: str) -> str:
    """The acting user's name, or 403 when they may not edit ``org_id``."""
    me = current_account()
    if me is None or not can_edit_org(org_id):
        abort(403, description="You can edit only the organisation you represent.")
    return me.username


def _page(org_id: str, status: int = 200, conflict: Conflict | None = None, **forms: Any) -> ResponseReturnValue:
    store = get_store()
    org, version = editing.get_org_and_version(store, org_id)
    choices = editing.choices(store)
    org_form = forms.get("org_form") or OrgForm(data={**org.props(), "version": version})
    offer_form = forms.get("offer_form") or OfferForm()
    need_form = forms.get("need_form") or NeedForm()
    org_form.region.choices = region_options(choices["regions"])
    for form in (offer_form, need_form):
        form.competence.choices = competence_options(choices["competences"])
    profile = get_profile(store, org_id, include_contacts=True)
    return render_template(
        "edit/org.html",
        org=org,
        profile=profile,
        org_form=org_form,
        offer_form=offer_form,
        need_form=need_form,
        conflict=conflict,
    ), status


def _version(text: str | None) -> int | None:
    """A version number as forms and ETags carry it (``7`` or ``"7"``), else None."""
    value = (text or "").strip().removeprefix("W/").strip('"')
    return int(value) if value.isdigit() and len(value) < 19 else None


@bp.route("/orgs/<org_id>/edit", methods=["GET", "POST"])
def org(org_id: str) -> ResponseReturnValue:
    actor = _editable(org_id)
    if request.method == "GET":
        return _page(org_id)
    form = OrgForm()
    expected = _version(form.version.data)
    if expected is None:
        form.form_errors.append(_("version: missing; reload the page and make your changes again"))
        return _page(org_id, 400, org_form=form)
    try:
        saved = editing.update_org(get_store(), actor, org_id, data(form, *editing.ORG_FIELDS), expected)
    except EditError as exc:
        show_errors(form, exc.errors)
        return _page(org_id, 400, org_form=form)
    except Conflict as conflict:
        form.version.data = str(conflict.version)  # a second save applies what the user typed, knowingly
        return _page(org_id, 409, conflict=conflict, org_form=form)
    if saved.changes:
        flash(_("Saved: %(fields)s.", fields=", ".join(field_label(c, {}) for c in saved.changes)))
    else:
        flash(_("Nothing changed."))
    return redirect(url_for("edit.org", org_id=org_id))


def _tagged(response: Response, version: int) -> Response:
    response.headers["ETag"] = f'"{version}"'
    return response


@bp.route("/api/orgs/<org_id>/profile", methods=["GET", "PATCH"])
def api_org(org_id: str) -> ResponseReturnValue:
    """JSON twin of the profile form. GET: the editable fields, with the version as
    ``ETag``; PATCH: a JSON object of the fields to change, with ``If-Match``."""
    actor = _editable(org_id)
    store = get_store()
    if request.method == "GET":
        org, version = editing.get_org_and_version(store, org_id)
        fields = org.props()
        return _tagged(
            json_response({"id": org_id, "version": version, **{k: fields[k] for k in editing.ORG_FIELDS}}), version
        )
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadParameter("body", "send a JSON object of fields to change")
    unknown = sorted(set(body) - set(editing.ORG_FIELDS))
    if unknown:
        editable = ", ".join(editing.ORG_FIELDS)
        return invalid_body({k: f"cannot be changed here; editable: {editable}" for k in unknown})
    expected = _version(request.headers.get("If-Match"))
    if expected is None:
        message = f"send the 'If-Match' header with the ETag of GET /api/orgs/{org_id}/profile (the version you edit)"
        return error_response(428, message, "If-Match")
    try:
        saved = editing.update_org(store, actor, org_id, body, expected)
    except EditError as exc:
        return invalid_body(exc.errors)
    except Conflict as conflict:
        message = f"{org_id} changed since version {expected}; it is now at version {conflict.version}"
        extra = {"version": conflict.version, "changed": conflict.changes}
        return _tagged(make_response(error_response(409, message, "If-Match", extra=extra)), conflict.version)
    return _tagged(json_response({"changed": saved.changes, "version": saved.version}), saved.version)


SAVED = {"Offer": _l("Offer saved: %(name)s."), "Need": _l("Need saved: %(name)s.")}
REMOVED = {"offer": _l("Offer removed: %(name)s."), "need": _l("Need removed: %(name)s.")}


@bp.post("/orgs/<org_id>/offers")
def offer(org_id: str) -> ResponseReturnValue:
    return _save_link(org_id, OfferForm(), Offer, editing.set_offer, "offer_form", "Offer")


@bp.post("/orgs/<org_id>/needs")
def need(org_id: str) -> ResponseReturnValue:
    return _save_link(org_id, NeedForm(), Need, editing.set_need, "need_form", "Need")


def _save_link(
    org_id: str,
    form: OfferForm | NeedForm,
    model: type[Offer] | type[Need],
    save: Callable[[Store, str, Any], Any],
    form_name: str,
    label: str,
) -> ResponseReturnValue:
    """Validate an offer or need posted for ``org_id``, save it, or show the form's errors."""
    actor = _editable(org_id)
    try:
        item = editing.validated(model, {"org": org_id, **data(form)})
        save(get_store(), actor, item)
    except EditError as exc:
        show_errors(form, exc.errors)
        return _page(org_id, 400, **{form_name: form})
    flash(str(SAVED[label]) % {"name": term(item.competence)})
    return redirect(url_for("edit.org", org_id=org_id))


@bp.post("/orgs/<org_id>/<any(offer, need):kind>/<competence>/remove")
def remove_link(org_id: str, kind: str, competence: str) -> ResponseReturnValue:
    actor = _editable(org_id)
    if not editing.remove_link(get_store(), actor, kind, org_id, competence):
        abort(404, description=f"{org_id} has no {kind} {competence!r}")
    flash(str(REMOVED[kind]) % {"name": term(competence)})
    return redirect(url_for("edit.org", org_id=org_id))


@bp.route("/orgs/<org_id>/practices/new", methods=["GET", "POST"])
def practice(org_id: str) -> ResponseReturnValue:
    actor = _editable(org_id)
    store = get_store()
    org_model = editing.get_org(store, org_id)
    form = PracticeForm()
    form.competences.choices = competence_options(editing.choices(store)["competences"])
    if request.method == "POST":
        fields = data(form)
        fields["links"] = [line.strip() for line in str(fields["links"] or "").splitlines() if line.strip()]
        try:
            editing.add_practice(store, actor, {"org": org_id, **fields})
        except EditError as exc:
            show_errors(form, exc.errors)
            return render_template("edit/practice.html", org=org_model, form=form), 400
        flash(_("Practice documented."))
        return redirect(url_for("edit.org", org_id=org_id))
    return render_template("edit/practice.html", org=org_model, form=form)
