"""Every page of the app as a user reaches it on the demo network, with the role that opens it
(the browser walk and the phone tests go through this one list)."""

from __future__ import annotations

from graph.members.accounts import AccessRole

V, M, B, A = AccessRole.VISITOR, AccessRole.MEMBER, AccessRole.BROKER, AccessRole.ADMIN
PAGES: list[tuple[AccessRole, str]] = [
    (V, "/"),
    (V, "/orgs"),
    (V, "/orgs?q=timisoara"),
    (V, "/orgs?q=digital"),
    (V, "/orgs/anbpr"),
    (V, "/orgs/anbpr/network?depth=2"),
    (V, "/path"),
    (V, "/path?from=bj-satu-mare&to=blia"),
    (V, "/path?from=biblioteca&to=blia"),
    (V, "/regions"),
    (V, "/regions/RO?balkan=1"),
    (V, "/regions/RO-TM"),
    (V, "/competences"),
    (V, "/competences/advocacy-training"),
    (V, "/projects"),
    (V, "/projects/partnering-starter"),
    (V, "/metrics"),
    (V, "/metrics?competences=Fundraising"),
    (V, "/requests"),
    (V, "/login"),
    (V, "/register"),
    (V, "/no-such-page"),
    (M, "/account"),
    (M, "/orgs/blia/edit"),
    (M, "/orgs/blia/practices/new"),
    (M, "/introductions"),
    (M, "/requests/new"),
    (B, "/broker"),
    (B, "/orgs/blia/match?top=5"),
    (B, "/consortium?example=ro-bg-libraries"),
    (B, "/consortia"),
    (B, "/introductions/new?source=blia&target=agenda-21"),
    (B, "/introductions/intro-bj-satu-mare-dgaspc"),
    (A, "/admin/users"),
    (A, "/admin/audit"),
    (A, "/admin/import"),
    (A, "/admin/orgs/blia/hub"),
]
