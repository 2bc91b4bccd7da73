"""``partnernet orgs`` and ``partnernet show``: listing and reading organisations."""

from __future__ import annotations

import click

from app.cli.base import emit, json_option, open_store
from graph.explore.organisations import get_profile, list_orgs
from graph.models import OrgKind


def register(cli: click.Group) -> None:
    @cli.command()
    @click.option("--kind", type=click.Choice([k.value for k in OrgKind]), default=None)
    @click.option("--country", default=None, help="ISO 3166 country code, e.g. RO")
    @json_option
    def orgs(kind: str | None, country: str | None, as_json: bool) -> None:
        """List organisations: id, name, kind, country."""
        with open_store() as store:
            rows = list_orgs(store, OrgKind(kind) if kind else None, country)
        if not emit(rows, as_json):
            for row in rows:
                click.echo(f"{row.id:<32} {row.kind.value:<11} {row.country:<3} {row.name}")

    @cli.command()
    @click.argument("org_id")
    @json_option
    def show(org_id: str, as_json: bool) -> None:
        """Show one organisation: offers, needs, projects with roles, partners."""
        with open_store() as store:
            profile = get_profile(store, org_id)
        if emit(profile, as_json):
            return
        region = profile.region.name if profile.region else "-"
        click.echo(f"{profile.name} [{profile.id}]")
        click.echo(f"  {profile.kind.value}, {region}, {profile.country_name or profile.country}")
        click.echo("  offers: " + ", ".join(f"{o.name} ({o.level})" for o in profile.offers))
        click.echo("  needs:  " + ", ".join(f"{n.name} (priority {n.priority})" for n in profile.needs))
        for project in profile.projects:
            click.echo(f"  project: {project.title} — {project.role.value}")
        click.echo("  partners: " + ", ".join(p.name for p in profile.partners))
