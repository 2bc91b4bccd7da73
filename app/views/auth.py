"""Signing up, in and out; a member's own account (password) and person profile."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.access import current_account, sign_in, sign_out
from app.db import get_store
from app.forms import LoginForm, PasswordForm, PersonForm, RegisterForm, data, show_errors
from app.picking import form_status, pick, unresolved
from app.ratelimit import LoginLimiter
from app.redirects import next_or_home
from graph.explore.suggest import PickKind
from graph.members import accounts, editing
from graph.members.accounts import AccountError, MemberKind, Registration
from graph.members.editing import EditError

bp = Blueprint("auth", __name__)


def _limiter() -> LoginLimiter:
    """The app's limiter of failed sign-ins, over the data directory's shared file."""
    ext, config = current_app.extensions, current_app.config
    if "partnernet.login_limiter" not in ext:
        ext["partnernet.login_limiter"] = LoginLimiter(
            Path(
                config.get("LOGIN_FAILURES_FILE")
                or Path(config["PARTNERNET_SETTINGS"].data_dir) / "login_failures.sqlite"
            ),
            pair_limit=int(config["LOGIN_LIMIT_PAIR"]),
            address_limit=int(config["LOGIN_LIMIT_IP"]),
            window=float(config["LOGIN_WINDOW_SECONDS"]),
        )
    return ext["partnernet.login_limiter"]


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    if request.method == "POST":
        username = str(form.username.data or "").strip().lower()[:80]
        limiter, address = _limiter(), request.remote_addr or "unknown"
        wait = limiter.retry_after(username, address)
        if wait:
            form.form_errors.append(_("Too many failed sign-ins. Try again in %(seconds)d s.", seconds=int(wait) + 1))
            return (render_template("auth/login.html", form=form), 429, {"Retry-After": str(int(wait) + 1)})
        found = accounts.check_password(get_store(), username, str(form.password.data or ""))
        if found is None:
            limiter.failed(username, address)
            # One message for every failure: which user names exist is nobody's business.
            form.form_errors.append(
                _("Wrong user name or password, or the account is not confirmed yet or is disabled.")
            )
            return render_template("auth/login.html", form=form), 401
        limiter.succeeded(username, address)
        sign_in(*found)
        return redirect(next_or_home(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    me = current_account()
    if me is not None:
        accounts.end_sessions(get_store(), me.username)
    sign_out()
    flash(_("You are signed out."))
    return redirect(url_for("home.index"))


@bp.route("/register", methods=["GET", "POST"])
def register() -> ResponseReturnValue:
    form = RegisterForm()
    org = pick("org", PickKind.ORG, required=False)
    if request.method == "POST":
        try:
            reg = editing.validated(Registration, {**data(form), "org": org.id})
            if unresolved(org):  # the organisation field shows its own problem, with the others'
                return render_template("auth/register.html", form=form, org=org), form_status(unresolved(org))
            account = accounts.register(get_store(), reg)
        except (EditError, AccountError) as exc:
            errors = exc.errors if isinstance(exc, EditError) else {exc.field: str(exc)}
            show_errors(form, {k: v for k, v in errors.items() if not (k == "org" and org.problem)})
            return render_template("auth/register.html", form=form, org=org), 400
        if account.kind is MemberKind.INSTITUTIONAL:
            flash(
                _(
                    "Thank you. An administrator will confirm that you represent %(org)s; you can sign in after that.",
                    org=account.requested_org_name,
                )
            )
            return redirect(url_for("home.index"))
        flash(_("Welcome! Your member account is ready: please sign in."))
        return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form, org=org)


@bp.get("/account")
def account() -> ResponseReturnValue:
    me = current_account()
    assert me is not None  # the policy lets members only
    person = editing.get_person(get_store(), me.person)
    return render_template(
        "auth/account.html", me=me, password_form=PasswordForm(), person_form=PersonForm(data=person)
    )


@bp.post("/account/password")
def password() -> ResponseReturnValue:
    me = current_account()
    assert me is not None
    form = PasswordForm()
    try:
        nonce = accounts.change_password(
            get_store(), me.username, str(form.old_password.data or ""), str(form.new_password.data or "")
        )
    except AccountError as exc:
        show_errors(form, {exc.field: str(exc)})
        person = editing.get_person(get_store(), me.person)
        return render_template("auth/account.html", me=me, password_form=form, person_form=PersonForm(data=person)), 400
    sign_in(me, nonce)  # other sessions of this account end; this one goes on
    flash(_("Your password is changed."))
    return redirect(url_for("auth.account"))


@bp.post("/account/person")
def person() -> ResponseReturnValue:
    me = current_account()
    assert me is not None
    form = PersonForm()
    try:
        editing.update_person(get_store(), me.username, me.person, data(form))
    except EditError as exc:
        show_errors(form, exc.errors)
        return render_template("auth/account.html", me=me, password_form=PasswordForm(), person_form=form), 400
    flash(_("Your profile is saved."))
    return redirect(url_for("auth.account"))
