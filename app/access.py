"""Who may open which page: ONE policy table, enforced before every request.

:data:`POLICY` maps each Flask endpoint name to the lowest role that may use it. The
``before_request`` hook installed by :func:`init_app` looks the endpoint up, and an
endpoint missing from the table is refused to everyone (default deny), so a new route
cannot be forgotten: ``tests/test_access_matrix.py`` also fails for any rule of
``app.url_map`` without an entry. A visitor asking for a protected page is sent to the
login form (HTML) or answered 401 (JSON under ``/api/``); a signed-in user without the
role gets 403. CSRF is checked after access, so an anonymous POST is told to log in
rather than that its token is missing.

Finer rules (a member edits only their own organisation) are asked by the views
through :func:`can_edit_org`; contact fields are shown only when
:func:`can_see_contacts` says so.
"""

from __future__ import annotations

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from flask.typing import ResponseReturnValue

from app.db import get_store
from app.errors import error_response
from app.render import wants_json
from graph.members.accounts import AccessRole, Account, session_account

V, M, B, A = AccessRole.VISITOR, AccessRole.MEMBER, AccessRole.BROKER, AccessRole.ADMIN

# Endpoint -> lowest role allowed. Views that can show contact fields are public (V) and
# ask can_see_contacts() before including them.
POLICY: dict[str, AccessRole] = {
    "static": V,
    "home.index": V,
    "home.api_stats": V,
    # the explorer: public profiles and the aggregated network (contacts via can_see_contacts)
    "assets.vis": V,
    "orgs.search": V,
    "orgs.profile": V,
    "orgs.network": V,
    "orgs.view_gexf": V,  # converts the posted view to GEXF; reads and writes nothing
    "paths.path": V,
    "regions.matrix": V,
    "regions.region": V,
    "competences.index": V,
    "competences.competence": V,
    "projects.index": V,
    "projects.project": V,
    # picking a node by name (the autocomplete of every name field)
    "suggest.api_suggest": V,
    # analysis of the aggregated network (no contact fields are ever exported)
    "metrics_api.page": V,
    "metrics_api.api_metrics": V,
    "metrics_api.api_export": V,
    # health probes for load balancers and monitors
    "health.healthz": V,
    "health.readyz": V,
    # matching and consortium building: brokers
    "match_api.api_match": B,
    "match_api.api_consortium": B,
    "match_pages.match_page": B,
    "match_pages.consortium": B,
    # saved consortia: brokers (members see those including their organisation on its profile)
    "consortia.index": B,
    "consortia.api_index": B,
    "consortia.save": B,
    "consortia.consortium": B,
    "consortia.api_consortium": B,
    "consortia.member": B,
    "consortia.remove": B,
    "consortia.introductions": B,
    # partner requests: public ones for everyone (no contacts), publishing for members
    "requests.index": V,
    "requests.one": V,
    "requests.new": M,
    # accounts
    "auth.login": V,
    "auth.logout": V,
    "auth.register": V,
    "auth.account": M,
    "auth.password": M,
    "auth.person": M,
    # editing one's own organisation (ownership checked in the view)
    "edit.org": M,
    "edit.api_org": M,
    "edit.offer": M,
    "edit.need": M,
    "edit.remove_link": M,
    "edit.practice": M,
    # brokering
    "broker.introductions": M,
    "broker.introduction": M,
    "broker.api_introductions": M,
    "broker.api_introduction": M,
    "broker.dashboard": B,
    "broker.new": B,
    "broker.status": B,
    "broker.project": B,
    # administration
    "admin.users": A,
    "admin.confirm": A,
    "admin.role": A,
    "admin.status": A,
    "admin.audit": A,
    "admin.api_audit": A,
    "imports.import_data": A,
    "imports.upload": A,
    "imports.job": A,
    "imports.api_job": A,
    "imports.merge": A,
    "admin.hub": A,
    "admin.remove_hub": A,
}

SESSION_USER, SESSION_NONCE = "account", "nonce"


def current_account() -> Account | None:
    """The signed-in account of this request, or None for a visitor."""
    return g.get("account")


def current_role() -> AccessRole:
    """The role of this request's user (visitor when not signed in)."""
    account = current_account()
    return account.role if account else AccessRole.VISITOR


def can_see_contacts() -> bool:
    """Whether contact fields (e-mail, phone, contact name) may be shown: members and up."""
    return current_role().at_least(AccessRole.MEMBER)


def can_edit_org(org_id: str) -> bool:
    """Admins edit any organisation; a member only the one their account represents."""
    account = current_account()
    if account is None:
        return False
    return account.role is AccessRole.ADMIN or account.org == org_id


def sign_in(account: Account, nonce: str) -> None:
    """Start a fresh session for ``account`` (a new session id against fixation)."""
    lang = session.get("lang")
    session.clear()
    session[SESSION_USER], session[SESSION_NONCE] = account.username, nonce
    if lang:
        session["lang"] = lang
    g.account = account


def sign_out() -> None:
    for key in (SESSION_USER, SESSION_NONCE):
        session.pop(key, None)
    g.account = None


def _load_account() -> None:
    username, nonce = session.get(SESSION_USER), session.get(SESSION_NONCE)
    g.account = None
    if isinstance(username, str) and isinstance(nonce, str):
        g.account = session_account(get_store(), username, nonce)
        if g.account is None:
            sign_out()  # password changed, disabled or deleted: the session is over


def enforce() -> ResponseReturnValue | None:
    """The before_request hook: 404s pass, then the policy, then CSRF."""
    if request.endpoint is None:
        return None  # no such route: the 404 handler answers
    needed = POLICY.get(request.endpoint)
    if needed is None:
        abort(403, description="This page has no access rule, so nobody may open it.")
    if needed is not AccessRole.VISITOR or session.get(SESSION_USER):
        _load_account()
    if not current_role().at_least(needed):
        if current_account() is None:
            if wants_json():
                return error_response(401, "Log in to use this endpoint.")
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        abort(403, description=f"This needs the {needed.value} role; you are {current_role().value}.")
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        current_app.extensions["csrf"].protect()
    return None


def init_app(app: Flask) -> None:
    """Install the policy hook; CSRFProtect's own hook is switched off for ours."""
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.before_request(enforce)

    @app.context_processor
    def access_helpers() -> dict[str, object]:
        return {
            "current_account": current_account,
            "current_role": current_role,
            "can_see_contacts": can_see_contacts,
            "can_edit_org": can_edit_org,
            "AccessRole": AccessRole,
        }
