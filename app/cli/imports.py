"""``partnernet import``: other people's tables, wide partner tables, CORDIS zips, duplicates.

``partnernet import TABLE --mapping MAPPING.yaml`` imports a spreadsheet or CSV of
organisations, projects or participations; without ``--mapping`` it prints the mapping
it suggests (save it, edit it, pass it back) and a preview, and writes nothing.
``partnernet import wide TABLE`` and ``partnernet import cordis FILE.zip`` read the two
shapes with fixed columns. Every import checks every row first and writes nothing if
one is bad; ``--dry-run`` stops there. Afterwards the organisations probably already
in the graph under another spelling are listed (merge them on the admin page).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from app.cli.base import emit, json_option, open_store
from app.cli.progress import progress
from graph.imports import checking as imports
from graph.imports.cordis import read_cordis
from graph.imports.mapping import Mapped, Mapping, Target, apply_mapping, suggest
from graph.imports.merge import candidates
from graph.imports.places import country_code
from graph.imports.wide import read_wide
from graph.readwrite.tables import DELIMITERS, ENCODINGS, Table, read_table
from graph.store.driver import Store
from graph.store.queries import query

BALKAN = query("match/index_balkan")
CLI_ACTOR = "cli"


class ImportGroup(click.Group):
    """``import TABLE`` runs the ``table`` command; ``import cordis|wide|table ...`` as named."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["table", *args]
        return super().parse_args(ctx, args)


_path = click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
_dry_run = click.option("--dry-run", is_flag=True, help="check every row and write nothing")
_encoding = click.option("--encoding", type=click.Choice(list(ENCODINGS)), help="CSV encoding (default: detected)")
_delimiter = click.option("--delimiter", type=click.Choice(list(DELIMITERS)), help="CSV delimiter (default: detected)")


def _read(path: Path, encoding: str | None, delimiter: str | None, as_json: bool) -> Table:
    table = read_table(path.name, path.read_bytes(), encoding, delimiter)
    if table.encoding and not as_json:
        click.echo(f"{path.name}: {ENCODINGS[table.encoding]}, delimiter {table.delimiter!r}", err=True)
    return table


def _finish(store: Store, mapped: Mapped, source: str, dry_run: bool, as_json: bool) -> None:
    """Check, write (unless a dry run), list probable duplicates, and report."""
    dataset = imports.check(store, mapped.sources(source), mapped.errors)
    counts = {t: n for t, n in dataset.summary().items() if n and t != "countries"}
    result: dict[str, Any] = {"source": source, "checked": counts, "written": {}, "duplicates": []}
    if not dry_run:
        with progress(f"importing {source}", dataset.total_rows(), quiet=as_json) as advance:
            report = imports.write(
                store, dataset, CLI_ACTOR, source, at_once=False, progress=lambda _table, n: advance(n)
            )
        result["written"] = report.rows
        found = candidates(store, [o.id for o in dataset.rows("organisations")])
        result["duplicates"] = [c.model_dump() for c in found]
    if emit(result, as_json):
        return
    done = "checked (dry run, nothing written)" if dry_run else "imported"
    click.echo(f"{done}: " + ", ".join(f"{n} {t}" for t, n in (result["written"] or counts).items()))
    for pair in result["duplicates"]:
        click.echo(f"probably already there: {pair['new_name']} = {pair['existing_name']} ({pair['score']}%)")
    if result["duplicates"]:
        click.echo("merge them or keep them apart on the admin page of this import (Admin → Import data)")


def _country(text: str) -> str:
    code = country_code(text)
    if code is None:
        raise click.BadParameter(f"unknown country {text.strip()!r}", param_hint="--countries")
    return code


def register(cli: click.Group) -> None:
    @cli.group("import", cls=ImportGroup)
    def import_group() -> None:
        """Import a spreadsheet or CSV (TABLE), a wide partner table, or a CORDIS zip."""

    @import_group.command("table")
    @_path
    @click.option("--mapping", "mapping_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option(
        "--target", type=click.Choice([t.value for t in Target]), default=Target.ORGANISATIONS.value, show_default=True
    )
    @_encoding
    @_delimiter
    @_dry_run
    @json_option
    def table_command(
        path: Path,
        mapping_file: Path | None,
        target: str,
        encoding: str | None,
        delimiter: str | None,
        dry_run: bool,
        as_json: bool,
    ) -> None:
        """Import TABLE (.xlsx, .ods, .csv) through a column MAPPING (YAML).

        Without --mapping, print the mapping suggested from the headers and the first
        rows, and write nothing.
        """
        table = _read(path, encoding, delimiter, as_json)
        if mapping_file is None:
            # Unchecked on purpose: a suggestion may lack a required column for the user to fill in.
            suggested = Mapping.model_construct(target=Target(target), columns=suggest(target, table.headers))
            if not emit({"mapping": suggested.model_dump(mode="json"), "preview": table.preview(5)}, as_json):
                click.echo("# no --mapping given: the suggested mapping, to save, edit and pass back")
                click.echo(suggested.to_yaml(), nl=False)
                click.echo("# first rows:")
                for row in table.preview(5):
                    click.echo("#   " + " | ".join(row))
            return
        mapping = Mapping.from_yaml(mapping_file.read_text(encoding="utf-8"))
        with open_store() as store:
            _finish(store, apply_mapping(mapping, table, imports.known(store)), path.name, dry_run, as_json)

    @import_group.command("wide")
    @_path
    @click.option("--country", help="country of partners whose group has none (name or ISO code)")
    @_encoding
    @_delimiter
    @_dry_run
    @json_option
    def wide_command(
        path: Path, country: str | None, encoding: str | None, delimiter: str | None, dry_run: bool, as_json: bool
    ) -> None:
        """Import a wide partner table: a project per row, Coordinator and Partner N column groups."""
        table = _read(path, encoding, delimiter, as_json)
        with open_store() as store:
            _finish(
                store, read_wide(table, defaults={"country": country} if country else None), path.name, dry_run, as_json
            )

    @import_group.command("cordis")
    @_path
    @click.option("--countries", help="only organisations in these countries (ISO codes, comma-separated)")
    @click.option("--balkans", is_flag=True, help="only organisations in the countries tagged balkan")
    @_dry_run
    @json_option
    def cordis_command(path: Path, countries: str | None, balkans: bool, dry_run: bool, as_json: bool) -> None:
        """Import a CORDIS zip (project.csv and organization.csv, Horizon Europe or Horizon 2020)."""
        chosen = {_country(c) for c in countries.split(",") if c.strip()} if countries else None
        with open_store() as store:
            if balkans:
                chosen = (chosen or set()) | {r["id"] for r in store.read(BALKAN)}
            mapped = read_cordis(path.name, path.read_bytes(), chosen, imports.known(store))
            _finish(store, mapped, path.name, dry_run, as_json)
