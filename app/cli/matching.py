"""``partnernet match`` and ``partnernet consortium``: complementary partners and consortia."""

from __future__ import annotations

from pathlib import Path

import click
from pydantic import ValidationError

from app.cli.base import as_params, emit, fail, json_option, open_store
from graph.matching.consortium import Call, build
from graph.matching.match import match
from graph.matching.model import MatchFilters
from graph.params import parse_params


def _invalid(exc: ValidationError) -> str:
    err = exc.errors()[0]
    return f"{'.'.join(str(p) for p in err['loc']) or 'input'}: {err['msg']}"


def register(cli: click.Group) -> None:
    @cli.command("match")
    @click.argument("org_id")
    @click.option("--top", default=10, show_default=True, help="how many results")
    @click.option("--cross-border", is_flag=True, help="only organisations in another country")
    @click.option("--balkan", is_flag=True, help="only organisations in Balkan countries")
    @click.option("--kinds", multiple=True, help="kinds, e.g. library,ngo (repeat or use commas)")
    @click.option("--country", multiple=True, help="countries, e.g. RO,BG (repeat or use commas)")
    @click.option("--exclude-partners", is_flag=True, help="leave out current partners")
    @json_option
    def match_cmd(
        org_id: str,
        top: int,
        cross_border: bool,
        balkan: bool,
        kinds: tuple[str, ...],
        country: tuple[str, ...],
        exclude_partners: bool,
        as_json: bool,
    ) -> None:
        """Rank organisations complementary to ORG_ID, with why."""
        asked = {"top": top, "cross_border": cross_border, "balkan": balkan, "kinds": kinds, "countries": country}
        asked["exclude_partners"] = exclude_partners
        filters = parse_params(MatchFilters, as_params(asked))
        with open_store() as store:
            report = match(store, org_id, filters)
        if emit(report, as_json):
            return
        click.echo(f"Partners for {report.seeker.name} [{report.seeker.id}]")
        for r in report.results:
            needs = ", ".join(f"{i.competence} ({i.priority}x{i.level})" for i in r.via.need_coverage) or "-"
            click.echo(f"{r.score:7.2f}  {r.id:<28} {r.kind.value:<10} {r.country}  {r.name}")
            click.echo(f"         covers: {needs}")
            if r.introducers:
                click.echo("         introduced by: " + ", ".join(i.id for i in r.introducers))

    @cli.command("consortium")
    @click.argument("call_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @json_option
    def consortium_cmd(call_file: Path, as_json: bool) -> None:
        """Propose consortia that satisfy the call described in CALL_FILE (YAML)."""
        try:
            call = Call.from_yaml(call_file)
        except ValidationError as exc:
            fail(f"{call_file}: {_invalid(exc)}")
        with open_store() as store:
            result = build(store, call)
        if emit(result, as_json):
            return
        if not result.feasible:
            click.echo("No consortium can satisfy this call:")
            for problem in result.problems:
                click.echo(f"  - {problem.text}")
            return
        for c in result.consortia:
            proof = "optimal" if c.status == "optimal" else f"time limit: bound {c.bound:g}, gap {c.gap:.1%}"
            click.echo(f"#{c.rank} coverage {c.score:g} ({proof}), countries {','.join(c.countries)}")
            for m in c.members:
                click.echo(
                    f"    {m.id:<28} {m.kind.value:<10} {m.country}  "
                    + ", ".join(f"{k} {v:g}" for k, v in m.covers.items())
                )
            click.echo(f"    weakest: {c.weakest.text}")
