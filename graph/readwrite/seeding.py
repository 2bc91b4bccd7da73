"""Loading a dataset at start-up (the demo) without ever overwriting what users wrote.

``partnernet serve --demo`` (and ``--load PATH``) loads the dataset only into a graph
that holds no organisation: a restart finds the organisations there and leaves them,
edits included. Loading over a graph that holds data is a separate, explicit choice
(``--refresh``), which first says what it overwrites and is recorded in the audit trail.

Example:
    >>> report = seed(store, DEMO_DIR)             # doctest: +SKIP
    >>> report.loaded, report.organisations_held   # doctest: +SKIP
    (False, 84)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from neo4j import ManagedTransaction

from graph.members import audit
from graph.readwrite.dataset import read_dataset
from graph.readwrite.importer import LoadReport, existing_ids, load_dataset
from graph.store.driver import Store


@dataclass
class SeedReport:
    """What :func:`seed` did: ``loaded`` or not, and what the graph held before."""

    loaded: bool
    organisations_held: int
    # Per table, how many of the dataset's rows were already in the graph (and were
    # overwritten with the dataset's values, when loaded).
    overwritten: dict[str, int] = field(default_factory=dict)
    load: LoadReport | None = None

    def describe(self, path: Path) -> str:
        """One line for the person who started the server."""
        if not self.loaded:
            return (
                f"the graph holds {self.organisations_held} organisations: {path} not loaded, "
                "nothing overwritten (--refresh loads it over them)"
            )
        assert self.load is not None
        if not self.overwritten:
            return f"loaded {self.load.total_rows} rows from {path} into an empty graph"
        replaced = ", ".join(f"{count} {table}" for table, count in self.overwritten.items())
        return (
            f"refreshed {path}: {self.load.total_rows} rows loaded; overwrote {replaced} already in the graph "
            "with the dataset's values (edits made to them since are replaced; see the audit trail)"
        )


def seed(store: Store, path: Path, refresh: bool = False, actor: str = "partnernet serve") -> SeedReport:
    """Load the dataset at ``path`` if the graph holds no organisation, or if ``refresh``.

    A refresh over existing rows records one ``dataset.refresh`` audit event naming how
    many rows of each table it overwrote, so a reverted edit can be traced.
    """
    existing = existing_ids(store)
    held = len(existing.get("organisations", ()))
    if held and not refresh:
        return SeedReport(loaded=False, organisations_held=held)
    dataset = read_dataset(path, existing)
    overwritten = {
        table: count for table, ids in existing.items() if (count := len(ids & {row.id for row in dataset.rows(table)}))
    }
    report = load_dataset(store, dataset, actor=actor)
    if overwritten:

        def record(tx: ManagedTransaction) -> None:
            changes = {table: {"before": f"{count} rows", "after": str(path)} for table, count in overwritten.items()}
            audit.record(tx, actor, "dataset.refresh", "Dataset", path.name, changes)

        store.write_tx(record)
    return SeedReport(loaded=True, organisations_held=held, overwritten=overwritten, load=report)
