"""``partnernet load|generate|stats``: getting data in and counting it."""

from __future__ import annotations

from pathlib import Path

import click

from app.cli.base import CLI_ACTOR, emit, json_option, open_store
from app.cli.progress import progress
from graph.explore.counts import stats as read_stats
from graph.readwrite.dataset import read_dataset
from graph.readwrite.generator import generate as generate_dataset
from graph.readwrite.importer import DEFAULT_BATCH, LoadReport, existing_ids, load_dataset
from graph.resources import DEMO_DIR
from graph.store.driver import Store


def load_with_progress(store: Store, path: Path, batch_size: int = DEFAULT_BATCH, quiet: bool = False) -> LoadReport:
    """Validate a dataset against the graph, then load it showing its progress (audited as the CLI)."""
    dataset = read_dataset(path, existing_ids(store))
    with progress(f"loading {path.name}", dataset.total_rows(), quiet=quiet) as advance:
        return load_dataset(store, dataset, batch_size, progress=lambda _table, rows: advance(rows), actor=CLI_ACTOR)


def register(cli: click.Group) -> None:
    @cli.command()
    @click.argument("path", type=click.Path(exists=True, path_type=Path), required=False)
    @click.option("--demo", is_flag=True, help="load the demo network shipped with PartnerNet instead of PATH")
    @click.option("--batch-size", default=DEFAULT_BATCH, show_default=True, help="rows per transaction")
    @json_option
    def load(path: Path | None, demo: bool, batch_size: int, as_json: bool) -> None:
        """Validate and load a dataset directory or a CSV/JSON/YAML table file.

        Every row is checked first; any error names file, row and field and nothing
        is written. Loading is an upsert by id: loading the same data twice changes nothing.
        """
        if demo == (path is not None):
            raise click.UsageError("give either PATH or --demo")
        dataset = path if path is not None else DEMO_DIR
        with open_store() as store:
            report = load_with_progress(store, dataset, batch_size, quiet=as_json)
        if not emit({"rows": report.rows, "batches": report.batches, "seconds": round(report.seconds, 3)}, as_json):
            parts = ", ".join(f"{n} {t}" for t, n in report.rows.items())
            click.echo(f"loaded {report.total_rows} rows ({parts}) in {report.batches} batches, {report.seconds:.1f} s")

    @cli.command()
    @click.option("--orgs", "orgs", type=click.IntRange(1, 1_000_000), required=True, help="number of organisations")
    @click.option("--seed", type=int, default=42, show_default=True)
    @click.option(
        "-o",
        "--out",
        type=click.Path(path_type=Path),
        default=None,
        help="output directory (default: DATA/generated-ORGS-SEED)",
    )
    def generate(orgs: int, seed: int, out: Path | None) -> None:
        """Write a synthetic Balkan-wide dataset, deterministic by seed."""
        from graph.config import Settings

        target = out or Settings.from_env().data_dir / f"generated-{orgs}-{seed}"
        with progress(f"generating {orgs} organisations", orgs) as advance:
            counts = generate_dataset(target, orgs, seed, progress=advance)
        click.echo(f"wrote {target}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))

    @cli.command()
    @json_option
    def stats(as_json: bool) -> None:
        """Count organisations, countries, projects, competences, regions, relationships."""
        with open_store() as store:
            counts = read_stats(store)
        if not emit(counts, as_json):
            for key, value in counts.model_dump().items():
                click.echo(f"{key:>15}: {value}")
