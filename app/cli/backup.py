"""``partnernet backup|restore``: the whole graph to one portable file and back."""

from __future__ import annotations

from pathlib import Path

import click

from app.cli.base import emit, json_option, open_store
from app.cli.progress import progress
from graph.backup.archive import BackupReport, backup, restore


def _describe(verb: str, report: BackupReport) -> str:
    return (
        f"{verb} {report.path}: {report.nodes} nodes, {report.relationships} "
        f"relationships in {report.seconds:.1f} s\nchecksum {report.checksum}"
    )


def register(cli: click.Group) -> None:
    @cli.command("backup")
    @click.option(
        "-o",
        "--out",
        "path",
        type=click.Path(dir_okay=False, path_type=Path),
        required=True,
        help="backup file to write (gzip'd JSON Lines)",
    )
    @json_option
    def backup_command(path: Path, as_json: bool) -> None:
        """Write the whole graph to FILE while the app keeps serving.

        Prints the graph's canonical checksum; a restore of the file prints the same.
        """
        with open_store() as store, progress(f"backing up to {path.name}", None, quiet=as_json) as advance:
            report = backup(store, path, progress=advance)
        if not emit(report.summary(), as_json):
            click.echo(_describe("wrote", report))
            if report.skipped:
                click.echo(f"{report.skipped} relationship(s) left out: an endpoint was deleted while the backup ran")

    @cli.command("restore")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option(
        "--replace",
        is_flag=True,
        help="delete the graph in the database first (it must be empty otherwise)",
    )
    @json_option
    def restore_command(path: Path, replace: bool, as_json: bool) -> None:
        """Load a backup FILE into an empty database.

        The whole file is verified first (checksum, records, labels, types); a
        truncated or altered file is refused and nothing is written.
        """
        with open_store() as store, progress(f"restoring {path.name}", None, quiet=as_json) as advance:
            report = restore(store, path, replace=replace, progress=advance)
        if not emit(report.summary(), as_json):
            click.echo(_describe("restored", report))
