"""How to sign in, told when ``partnernet serve`` starts: on the demo's first run, one account
per role is created with a fresh password, printed once; later runs and other data say which
accounts there are, or give the exact command that makes the first one.
"""

from __future__ import annotations

import secrets

from graph.explore.labels import names_of
from graph.members import accounts
from graph.members.accounts import AccessRole
from graph.store.driver import Store

# role -> (user name, person's name, organisation represented) of the demo's accounts
DEMO_ACCOUNTS: dict[AccessRole, tuple[str, str, str | None]] = {
    AccessRole.MEMBER: ("demo-member", "Demo Member", "bj-satu-mare"),
    AccessRole.BROKER: ("demo-broker", "Demo Broker", "anbpr"),
    AccessRole.ADMIN: ("demo-admin", "Demo Admin", None),
}


def demo_accounts(store: Store, actor: str) -> dict[AccessRole, str]:
    """Create the demo's accounts that do not exist yet; the new ones' passwords by role."""
    made = {}
    for role, (username, name, org) in DEMO_ACCOUNTS.items():
        password = secrets.token_urlsafe(12)
        if accounts.ensure_account(store, username, name, role, password, org, actor):
            made[role] = password
    return made


def sign_in_help(store: Store, url: str, demo: bool, actor: str) -> str:
    """What to print after the address: who can sign in, and how."""
    made = demo_accounts(store, actor) if demo else {}
    if made:
        lines = [f"Sign in at {url}login with a demo account (passwords shown only now; change them under My account):"]
        orgs = names_of(store, (org for _, _, org in DEMO_ACCOUNTS.values() if org))
        for role, password in made.items():
            username, _, org = DEMO_ACCOUNTS[role]
            represents = f"   (for {orgs.get(org, org)})" if org else ""
            lines.append(f"  {role.value:<7} {username:<12} {password}{represents}")
        return "\n".join(lines)
    existing = accounts.list_accounts(store)
    if not existing:
        return (
            "No accounts yet. Create the first administrator with:\n"
            '  partnernet users create --username admin --name "Your Name" --email you@example.org --role admin'
        )
    names = ", ".join(f"{a.username} ({a.role.value})" for a in existing[:6])
    more = f" and {len(existing) - 6} more" if len(existing) > 6 else ""
    return (
        f"Sign in at {url}login as one of: {names}{more}.\nA forgotten password: partnernet users set-password USERNAME"
    )
