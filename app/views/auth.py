"""Signing up, in and out; a member's own account (password) and person profile."""

from __future__ import annotations

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

from app.access import current_account, sign_in, sign_out
from app.db import get_store
from app.forms import LoginForm, PasswordForm, PersonForm, RegisterForm, data, show_errors
from app.picking import form_status, pick, unresolved
from app.ratelimit import AttemptLimiter
from graph.explore.suggest import PickKind
from graph.members import accounts, editing
from graph.members.accounts import AccountError, MemberKind, Registration
from graph.members.editing import EditError

bp = Blueprint("auth", __name__)


def _limiters() -> tuple[AttemptLimiter, AttemptLimiter]:
    ext = current_app.extensions
    if "partnernet.login_limits" not in ext:
        window = float(current_app.config.get("LOGIN_WINDOW_SECONDS", 900))
        ext["partnernet.login_limits"] = (
            AttemptLimiter(int(current_app.config.get("LOGIN_LIMIT_ACCOUNT", 5)), window),
            AttemptLimiter(int(current_app.config.get("LOGIN_LIMIT_IP", 20)), window),
        )
    return ext["partnernet.login_limits"]


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login form cannot send anyone elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    if request.method == "POST":
        username = str(form.username.data or "").strip().lower()[:80]
        by_account, by_ip = _limiters()
        ip = request.remote_addr or "unknown"
        wait = max(by_account.retry_after(username), by_ip.retry_after(ip))
        if wait:
            form.form_errors.append(f"Too many failed logins. Try again in {int(wait) + 1} s.")
            return (render_template("auth/login.html", form=form), 429, {"Retry-After": str(int(wait) + 1)})
        found = accounts.check_password(get_store(), username, str(form.password.data or ""))
        if found is None:
            by_account.failed(username)
            by_ip.failed(ip)
            pending = accounts.is_pending(get_store(), username)
            form.form_errors.append(
                "Your account waits for an administrator's confirmation." if pending else "Wrong user name or password."
            )
            return render_template("auth/login.html", form=form), 401
        by_account.reset(username)
        sign_in(*found)
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    sign_out()
    flash("You are signed out.")
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
                "Thank you. An administrator will confirm that you represent "
                f"{account.requested_org_name}; you can sign in after that."
            )
            return redirect(url_for("home.index"))
        flash("Welcome! Your member account is ready: please sign in.")
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
    flash("Your password is changed.")
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
    flash("Your profile is saved.")
    return redirect(url_for("auth.account"))
