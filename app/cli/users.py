"""``partnernet users create|list|set-role|set-password``: accounts from the command line.

The first admin is created here (the web form only makes members)::

    partnernet users create --username admin --name "Ana Admin" --email a@x.org --role admin
"""

from __future__ import annotations

import click

from app.cli.base import CLI_ACTOR, emit, fail, json_option, open_store
from graph.members import accounts
from graph.members.accounts import AccessRole, AccountError, MemberKind, Registration
from graph.members.editing import EditError, validated

ROLES = [r.value for r in AccessRole if r is not AccessRole.VISITOR]


def register(cli: click.Group) -> None:
    @cli.group()
    def users() -> None:
        """Create and manage member, broker and admin accounts."""

    @users.command()
    @click.option("--username", required=True)
    @click.option("--name", required=True, help="the person's full name")
    @click.option("--email", required=True)
    @click.option("--role", type=click.Choice(ROLES), default="member", show_default=True)
    @click.option("--org", default=None, help="organisation id the account represents")
    @click.option("--attach", is_flag=True, help="give the account to the existing person with id USERNAME")
    @click.password_option(help="prompted (twice) unless given")
    def create(username: str, name: str, email: str, role: str, org: str | None, attach: bool, password: str) -> None:
        """Create an active account (with --org, one that represents that organisation)."""
        try:
            reg = validated(
                Registration,
                {
                    "username": username,
                    "name": name,
                    "email": email,
                    "password": password,
                    "kind": MemberKind.INSTITUTIONAL if org else MemberKind.INDIVIDUAL,
                    "org": org,
                },
            )
            with open_store() as store:
                accounts.register(store, reg, AccessRole(role), actor=CLI_ACTOR, attach_person=attach)
                if org:
                    accounts.confirm(store, reg.username, CLI_ACTOR)
        except EditError as exc:
            fail(str(exc))
        except AccountError as exc:
            fail(f"{exc.field}: {exc}")
        click.echo(f"created {role} {reg.username}" + (f" for {org}" if org else ""))

    @users.command("list")
    @json_option
    def list_users(as_json: bool) -> None:
        """List accounts: user name, role, status, organisation."""
        with open_store() as store:
            rows = accounts.list_accounts(store)
        if emit(rows, as_json):
            return
        if not rows:
            click.echo("no accounts yet: create the first admin with `partnernet users create --role admin ...`")
            return
        click.echo(f"{'USER':<24} {'ROLE':<7} {'STATUS':<9} ORGANISATION")
        for a in rows:
            click.echo(f"{a.username:<24} {a.role.value:<7} {a.status.value:<9} {a.org or a.requested_org or '-'}")

    @users.command("set-role")
    @click.argument("username")
    @click.argument("role", type=click.Choice(ROLES))
    def set_role(username: str, role: str) -> None:
        """Give USERNAME the role ROLE."""
        with open_store() as store:
            try:
                accounts.set_role(store, username, AccessRole(role), CLI_ACTOR)
            except AccountError as exc:
                fail(f"{exc.field}: {exc}")
        click.echo(f"{username} is now {role}")

    @users.command("set-password")
    @click.argument("username")
    @click.password_option()
    def set_password(username: str, password: str) -> None:
        """Set a new password for USERNAME (ends its open sessions)."""
        if len(password) < accounts.MIN_PASSWORD:
            fail(f"password: at least {accounts.MIN_PASSWORD} characters")
        with open_store() as store:
            accounts.set_password(store, username, password, CLI_ACTOR)
        click.echo(f"password of {username} changed")
