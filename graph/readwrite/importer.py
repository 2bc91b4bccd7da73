"""Loading a validated dataset into the graph, in whole batches, audited.

Every row is validated (fields and references) before the first write, so bad input
writes nothing. Rows are then written table by table in batches of ``batch_size``;
rows about organisations the graph did not hold at validation are created rather than
merged (``load/create_<table>``, a cheaper statement), and a batch whose create skipped a
row (someone wrote it meanwhile) is written again by the merging query, so the result
is always the merge's;
each batch is one managed transaction, so a failure (the server dies, the disk fills)
leaves only whole committed batches, which :class:`LoadInterrupted` reports. All
writes are upserts keyed on ids, so loading the same dataset twice changes nothing
and an interrupted load converges when run again.

Every transaction also records a ``dataset.import`` audit event (who, which files, the
rows per table it wrote), for the web's import and ``partnernet load`` alike: a batch
is never in the graph without its event.

Example:
    >>> report = load_path(store, "graph/seeds/demo")       # doctest: +SKIP
    >>> report.rows["organisations"]                   # doctest: +SKIP
    58
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction

from graph import models as m
from graph.members import audit
from graph.readwrite.dataset import TABLES, Dataset, parse_tables, read_dataset
from graph.store import changes
from graph.store.changes import Topic
from graph.store.driver import Store
from graph.store.queries import query
from graph.text import normalise

EXISTING_IDS = query("load/existing_ids")
LOAD_QUERIES = {table: query(f"load/merge_{table}") for table in TABLES}
# Tables with a creating query for rows about new organisations, and the field naming it.
NEW_ORG_FIELDS = {"organisations": "id", "offers": "org", "needs": "org", "participations": "org"}
CREATE_QUERIES = {table: query(f"load/create_{table}") for table in NEW_ORG_FIELDS}

DEFAULT_BATCH = 5000
SYSTEM = "system"  # the actor of loads that no person or command asked for (tests, benchmarks)
# What a batch of each table changes (graph.store.changes) and the fields naming the
# organisations concerned; a new region or competence changes the vocabularies (BULK).
# Other tables record nothing: those writes may have changed any cached view.
CHANGES: dict[str, tuple[Topic, tuple[str, ...]]] = {
    "regions": (Topic.BULK, ()),
    "competences": (Topic.BULK, ()),
    "organisations": (Topic.ORGS, ("id",)),
    "offers": (Topic.LINKS, ("org",)),
    "needs": (Topic.LINKS, ("org",)),
    "participations": (Topic.TIES, ("org",)),
    "memberships": (Topic.TIES, ("org", "network")),
    "introductions": (Topic.INTRODUCTIONS, ("source", "target")),
}


def _row(table: str, item: Any, partial: bool = False) -> dict[str, Any]:
    """The parameter map one row contributes to its table's load query.

    With ``partial``, an organisation's or project's empty fields are left out, so they
    keep the values the graph holds.
    """
    if isinstance(item, (m.Organisation, m.Project)):
        props = {k: v for k, v in item.props().items() if v is not None or not partial}
        if isinstance(item, m.Organisation):
            return {"id": item.id, "props": props}
        return {"id": item.id, "props": props, "title_norm": normalise(item.title)}
    row = item.props()
    if isinstance(item, m.Region):
        row["country"] = item.country
    return row


def _ordered(table: str, rows: Sequence[Any]) -> list[Any]:
    # Countries before subdivisions and broader terms before narrower ones, so every
    # PART_OF / BROADER target exists when its batch runs.
    if table == "regions":
        return sorted(rows, key=lambda r: r.parent is not None)
    if table == "competences":
        return sorted(rows, key=lambda r: r.broader is not None)
    return list(rows)


@dataclass
class LoadReport:
    """What a load wrote: rows per table, batches committed, and time taken."""

    rows: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


class LoadInterrupted(RuntimeError):
    """A load failed after some batches committed; ``report`` says which."""

    def __init__(self, report: LoadReport, table: str, cause: Exception) -> None:
        self.report = report
        super().__init__(
            f"load stopped in table {table!r} after {report.batches} whole committed "
            f"batch(es) ({report.total_rows} rows); nothing of the failed batch was "
            f"written. Run the same load again to finish it. Cause: "
            f"{(str(cause).splitlines() or [type(cause).__name__])[0]}"
        )


def existing_ids(store: Store) -> dict[str, set[str]]:
    """Ids already in the graph, per dataset table."""
    ids: dict[str, set[str]] = {}
    for row in store.read(EXISTING_IDS):
        ids.setdefault(row["table"], set()).add(row["id"])
    return ids


def _write_batch(tx: ManagedTransaction, table: str, rows: list[dict[str, Any]], new: bool) -> None:
    """Write one batch of ``table``: created when its rows are all ``new`` (about
    organisations this load creates) and nobody wrote one meanwhile, else merged."""
    created = tx.run(CREATE_QUERIES[table].text, {"rows": rows}).single(strict=True)["written"] if new else 0
    if created < len(rows):
        tx.run(LOAD_QUERIES[table].text, {"rows": rows}).consume()
    if table in CHANGES:
        topic, fields = CHANGES[table]
        changes.record(tx, topic, (row[f] for row in rows for f in fields))


def _record(tx: ManagedTransaction, actor: str, dataset: Dataset, rows: dict[str, int]) -> None:
    """The audit event of what ``tx`` wrote: rows per table, from which files."""
    files = ",".join(dataset.files)[:300] or "-"
    audit.record(tx, actor, "dataset.import", "Dataset", files, {"rows": {"before": None, "after": rows}})


def _write_audited_batch(
    tx: ManagedTransaction, actor: str, dataset: Dataset, table: str, rows: list[dict[str, Any]], new: bool
) -> None:
    _write_batch(tx, table, rows, new)
    _record(tx, actor, dataset, {table: len(rows)})


def load_dataset(
    store: Store,
    dataset: Dataset,
    batch_size: int = DEFAULT_BATCH,
    progress: Callable[[str, int], None] | None = None,
    *,
    actor: str = SYSTEM,
) -> LoadReport:
    """Write every table of ``dataset`` in whole batches, each audited as ``actor``'s."""
    report = LoadReport()
    started = time.perf_counter()
    for table in TABLES:
        for new, batch in _batches(dataset, table, batch_size):
            try:
                store.write_tx(_write_audited_batch, actor, dataset, table, batch, new)
            except Exception as exc:  # server gone, disk full, ...: report whole batches
                report.seconds = time.perf_counter() - started
                raise LoadInterrupted(report, table, exc) from exc
            report.batches += 1
            report.rows[table] = report.rows.get(table, 0) + len(batch)
            if progress is not None:
                progress(table, len(batch))
    report.seconds = time.perf_counter() - started
    return report


def load_dataset_at_once(
    store: Store,
    dataset: Dataset,
    actor: str,
    batch_size: int = DEFAULT_BATCH,
    progress: Callable[[str, int], None] | None = None,
) -> LoadReport:
    """Write every table of ``dataset`` and its audit event in ONE transaction: all or nothing.

    For uploads of a size a browser sends. ``progress(table, rows)`` hears of each batch
    written (not yet committed).
    """
    started = time.perf_counter()

    def work(tx: ManagedTransaction) -> LoadReport:
        report = LoadReport()
        for table in TABLES:
            for new, batch in _batches(dataset, table, batch_size):
                _write_batch(tx, table, batch, new)
                report.rows[table] = report.rows.get(table, 0) + len(batch)
                if progress is not None:
                    progress(table, len(batch))
        report.batches = 1
        _record(tx, actor, dataset, report.rows)
        return report

    report = store.write_tx(work)
    report.seconds = time.perf_counter() - started
    return report


def _batches(dataset: Dataset, table: str, size: int) -> Iterable[tuple[bool, list[dict[str, Any]]]]:
    """The rows of ``table`` in batches of ``size``, each marked whether all its rows are
    about organisations new to the graph (those come first)."""
    rows = [_row(table, item, dataset.partial) for item in _ordered(table, dataset.rows(table))]
    field = NEW_ORG_FIELDS.get(table)
    new = [r for r in rows if field is not None and r[field] in dataset.new_organisations]
    old = [r for r in rows if field is None or r[field] not in dataset.new_organisations]
    for is_new, part in ((True, new), (False, old)):
        for start in range(0, len(part), size):
            yield is_new, part[start : start + size]


def load_path(store: Store, path: str | Path, batch_size: int = DEFAULT_BATCH, *, actor: str = SYSTEM) -> LoadReport:
    """Validate a dataset directory or table file against the graph, then load it as ``actor``."""
    return load_dataset(store, read_dataset(path, existing_ids(store)), batch_size, actor=actor)


def load_files(
    store: Store, files: Iterable[tuple[str, bytes]], batch_size: int = DEFAULT_BATCH, *, actor: str = SYSTEM
) -> LoadReport:
    """Validate uploaded ``(file name, content)`` pairs, then load them as ``actor``."""
    sources = [(name, Path(name).stem, content) for name, content in files]
    return load_dataset(store, parse_tables(sources, existing_ids(store)), batch_size, actor=actor)
