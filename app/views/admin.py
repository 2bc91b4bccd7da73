"""Administration: users and roles, institutional members' confirmation, the audit
trail, service hubs, and dataset import in the browser (a dry run first, then an
all-or-nothing import in one transaction)."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from neo4j import ManagedTransaction
from werkzeug.exceptions import RequestEntityTooLarge

from app.access import current_account
from app.audit_text import describe
from app.db import get_store
from app.forms import (
    AccountStatusForm,
    EmptyForm,
    HubForm,
    ImportForm,
    RoleForm,
    data,
    options,
    show_errors,
)
from app.render import json_response
from graph.members import accounts, editing
from graph.members import audit as audit_trail
from graph.members.accounts import AccessRole, AccountError, AccountStatus
from graph.members.editing import EditError
from graph.readwrite.dataset import FORMATS, DatasetError, RowError, parse_tables
from graph.readwrite.importer import LoadReport, existing_ids, load_dataset_at_once

bp = Blueprint("admin", __name__)


def _actor() -> str:
    me = current_account()
    assert me is not None  # the policy lets admins only
    return me.username


@bp.get("/admin/users")
def users() -> ResponseReturnValue:
    return render_template(
        "admin/users.html",
        accounts=accounts.list_accounts(get_store()),
        roles=[r for r in AccessRole if r is not AccessRole.VISITOR],
        statuses=list(AccountStatus),
        form=EmptyForm(),
    )


def _back_with(message: str, status: int = 200) -> ResponseReturnValue:
    if status >= 400:
        return render_template(
            "admin/users.html",
            accounts=accounts.list_accounts(get_store()),
            roles=[r for r in AccessRole if r is not AccessRole.VISITOR],
            statuses=list(AccountStatus),
            form=EmptyForm(),
            error=message,
        ), status
    flash(message)
    return redirect(url_for("admin.users"))


@bp.post("/admin/users/<username>/confirm")
def confirm(username: str) -> ResponseReturnValue:
    try:
        account = accounts.confirm(get_store(), username, _actor())
    except AccountError as exc:
        return _back_with(str(exc), 400)
    return _back_with(f"{account.name} now represents {account.org_name}.")


@bp.post("/admin/users/<username>/role")
def role(username: str) -> ResponseReturnValue:
    form = RoleForm()
    try:
        new_role = AccessRole(str(form.role.data))
    except ValueError:
        return _back_with(f"role must be one of {', '.join(AccessRole)}", 400)
    if username == _actor() and new_role is not AccessRole.ADMIN:
        return _back_with("You cannot take the admin role from yourself.", 400)
    accounts.set_role(get_store(), username, new_role, _actor())
    return _back_with(f"{username} is now {new_role.value}.")


@bp.post("/admin/users/<username>/status")
def status(username: str) -> ResponseReturnValue:
    form = AccountStatusForm()
    try:
        new_status = AccountStatus(str(form.status.data))
    except ValueError:
        return _back_with(f"status must be one of {', '.join(AccountStatus)}", 400)
    if username == _actor():
        return _back_with("You cannot change the status of your own account.", 400)
    accounts.set_status(get_store(), username, new_status, _actor())
    return _back_with(f"{username} is now {new_status.value}.")


@bp.get("/admin/audit")
def audit() -> ResponseReturnValue:
    store = get_store()
    events = audit_trail.list_events(
        store, actor=request.args.get("actor") or None, target_id=request.args.get("target") or None, limit=200
    )
    names = audit_trail.names(store, events)
    return render_template("admin/audit.html", events=[describe(e, names) for e in events])


@bp.get("/api/admin/audit")
def api_audit() -> ResponseReturnValue:
    events = audit_trail.list_events(
        get_store(), actor=request.args.get("actor") or None, target_id=request.args.get("target") or None, limit=500
    )
    return json_response([e.model_dump(mode="json") for e in events])


@bp.route("/admin/orgs/<org_id>/hub", methods=["GET", "POST"])
def hub(org_id: str) -> ResponseReturnValue:
    store = get_store()
    org = editing.get_org(store, org_id)
    form = HubForm()
    form.competence.choices = options(editing.choices(store)["competences"])
    if request.method == "POST":
        try:
            editing.designate_hub(store, _actor(), {"org": org_id, **data(form)})
        except EditError as exc:
            show_errors(form, exc.errors)
            return render_template("admin/hub.html", org=org, form=form), 400
        flash(f"{org.name} is now a service hub.")
        return redirect(url_for("edit.org", org_id=org_id))
    return render_template("admin/hub.html", org=org, form=form)


@bp.post("/admin/orgs/<org_id>/hubs/<hub_id>/remove")
def remove_hub(org_id: str, hub_id: str) -> ResponseReturnValue:
    editing.remove_hub(get_store(), _actor(), org_id, hub_id)
    flash("Hub designation withdrawn.")
    return redirect(url_for("edit.org", org_id=org_id))


def _uploads() -> tuple[list[tuple[str, str, bytes]], list[RowError]]:
    sources, errors = [], []
    for upload in request.files.getlist("files"):
        name = Path(upload.filename or "").name
        if not name:
            continue
        if Path(name).suffix.lower() not in FORMATS:
            errors.append(RowError(name, 0, "file", f"must end in {', '.join(FORMATS)}"))
            continue
        sources.append((name, Path(name).stem, upload.read()))
    if not sources and not errors:
        errors.append(RowError("-", 0, "files", "choose at least one table file"))
    return sources, errors


@bp.route("/admin/import", methods=["GET", "POST"])
def import_data() -> ResponseReturnValue:
    form = ImportForm()
    if request.method == "GET":
        return render_template("admin/import.html", form=form)
    sources, errors = _uploads()
    store = get_store()
    dataset = None
    if not errors:
        try:
            dataset = parse_tables(sources, existing_ids(store))
        except DatasetError as exc:
            errors = exc.errors
    if errors or dataset is None:
        return render_template("admin/import.html", form=form, errors=errors), 400
    summary = {t: n for t, n in dataset.summary().items() if n and t != "countries"}
    if request.form.get("action") != "import":
        return render_template("admin/import.html", form=form, checked=summary)
    actor, files = _actor(), [name for name, _, _ in sources]

    def record(tx: ManagedTransaction, report: LoadReport) -> None:
        audit_trail.record(
            tx,
            actor,
            "dataset.import",
            "Dataset",
            ",".join(files)[:300],
            {"rows": {"before": None, "after": report.rows}},
        )

    report = load_dataset_at_once(store, dataset, also=record)
    return render_template("admin/import.html", form=form, imported=report.rows)


def init_app(app: Flask) -> None:
    """A friendly answer to uploads over the size limit (MAX_CONTENT_LENGTH)."""

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc: RequestEntityTooLarge) -> ResponseReturnValue:
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
        message = (
            f"The upload is too large: at most {limit / 1_048_576:.1f} MB at once. "
            "Split the data into smaller files, or load it with `partnernet load`."
        )
        if request.path.startswith("/api/"):
            return json_response({"error": "too_large", "message": message}, 413)
        return render_template("error.html", code=413, message=message), 413
