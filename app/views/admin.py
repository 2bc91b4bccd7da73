"""Administration: users and roles, institutional members' confirmation, the audit
trail and service hubs. Imports live in :mod:`app.views.imports`."""

from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from pydantic import BaseModel

from app.access import current_account
from app.audit_text import describe
from app.db import get_store
from app.forms import (
    AccountStatusForm,
    EmptyForm,
    HubForm,
    RoleForm,
    competence_options,
    data,
    show_errors,
)
from app.params import parse_args
from app.picking import form_status, pick
from app.render import respond
from app.templating import label, term
from graph.explore.labels import competence_names, names_of
from graph.explore.suggest import PickKind
from graph.members import accounts, editing
from graph.members import audit as audit_trail
from graph.members.accounts import AccessRole, AccountError, AccountStatus
from graph.members.editing import EditError

bp = Blueprint("admin", __name__)


def _actor() -> str:
    me = current_account()
    assert me is not None  # the policy lets admins only
    return me.username


@bp.get("/admin/users")
def users() -> ResponseReturnValue:
    return _users_page()


def _users_page(error: str | None = None) -> str:
    """The accounts with their roles and statuses, and ``error`` when a change was refused."""
    return render_template(
        "admin/users.html",
        accounts=accounts.list_accounts(get_store()),
        roles=[r for r in AccessRole if r is not AccessRole.VISITOR],
        statuses=list(AccountStatus),
        form=EmptyForm(),
        error=error,
    )


def _back_with(message: str, status: int = 200) -> ResponseReturnValue:
    """The users page again: with ``message`` as the refusal (``status`` 4xx), or after a
    change, redirected with it flashed."""
    if status >= 400:
        return _users_page(message), status
    flash(message)
    return redirect(url_for("admin.users"))


@bp.post("/admin/users/<username>/confirm")
def confirm(username: str) -> ResponseReturnValue:
    try:
        account = accounts.confirm(get_store(), username, _actor())
    except AccountError as exc:
        return _back_with(str(exc), 400)
    return _back_with(_("%(person)s now represents %(org)s.", person=account.name, org=account.org_name))


@bp.post("/admin/users/<username>/role")
def role(username: str) -> ResponseReturnValue:
    form = RoleForm()
    try:
        new_role = AccessRole(str(form.role.data))
    except ValueError:
        new_role = AccessRole.VISITOR  # refused below, with the list of roles
    if username == _actor() and new_role is not AccessRole.ADMIN:
        return _back_with(_("You cannot take the admin role from yourself."), 400)
    try:
        accounts.set_role(get_store(), username, new_role, _actor())
    except AccountError as exc:
        return _back_with(str(exc), 400)
    return _back_with(_("%(user)s is now %(role)s.", user=username, role=label(new_role.value)))


@bp.post("/admin/users/<username>/status")
def status(username: str) -> ResponseReturnValue:
    form = AccountStatusForm()
    try:
        new_status = AccountStatus(str(form.status.data))
    except ValueError:
        return _back_with(f"status must be one of {', '.join(AccountStatus)}", 400)
    if username == _actor():
        return _back_with(_("You cannot change the status of your own account."), 400)
    try:
        accounts.set_status(get_store(), username, new_status, _actor())
    except AccountError as exc:
        return _back_with(str(exc), 400)
    return _back_with(_("%(user)s is now %(status)s.", user=username, status=label(new_status.value)))


class AuditFilter(BaseModel):
    """``?actor=&target=``: the events of one user (by user name), or about one node (the
    API takes its id; the page an organisation's name)."""

    actor: str | None = None
    target: str | None = None


def _events(limit: int, target: str | None) -> list[audit_trail.AuditEvent]:
    asked = parse_args(AuditFilter)
    return audit_trail.list_events(get_store(), actor=asked.actor, target_id=target, limit=limit)


@bp.get("/admin/audit")
def audit() -> ResponseReturnValue:
    """The latest events in sentences, of one user or about one organisation named as
    people know it (several or none so named: the field asks again, and no events show)."""
    about = pick("target", PickKind.ORG, required=False)
    if about.problem is not None:
        return render_template("admin/audit.html", events=[], about=about), form_status([about])
    events = _events(200, about.id)
    # the names of the ids the events mention: "Raluca Stoica changed the description of ANBPR"
    names = names_of(get_store(), set().union(*(audit_trail.mentioned_ids(e) for e in events)))
    names |= {i: term(i) for i in names if i in competence_names(get_store())}  # in the reader's language
    return render_template("admin/audit.html", events=[describe(e, names) for e in events], about=about)


@bp.get("/api/admin/audit")
def api_audit() -> ResponseReturnValue:
    return respond(None, _events(500, parse_args(AuditFilter).target))


@bp.route("/admin/orgs/<org_id>/hub", methods=["GET", "POST"])
def hub(org_id: str) -> ResponseReturnValue:
    store = get_store()
    org = editing.get_org(store, org_id)
    form = HubForm()
    form.competence.choices = competence_options(editing.choices(store)["competences"])
    if request.method == "POST":
        try:
            editing.designate_hub(store, _actor(), {"org": org_id, **data(form)})
        except EditError as exc:
            show_errors(form, exc.errors)
            return render_template("admin/hub.html", org=org, form=form), 400
        flash(_("%(org)s is now a service hub.", org=org.name))
        return redirect(url_for("edit.org", org_id=org_id))
    return render_template("admin/hub.html", org=org, form=form)


@bp.post("/admin/orgs/<org_id>/hubs/<hub_id>/remove")
def remove_hub(org_id: str, hub_id: str) -> ResponseReturnValue:
    editing.remove_hub(get_store(), _actor(), org_id, hub_id)
    flash(_("Hub designation withdrawn."))
    return redirect(url_for("edit.org", org_id=org_id))
