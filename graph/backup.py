"""Backing up the whole graph to one portable file, and restoring it.

:func:`backup` streams every node and relationship (whatever their labels: domain
data, user accounts, audit records) into the format of :mod:`graph.backup_format`
while the app keeps serving. :func:`restore` verifies the whole file first (checksum,
record shapes, allowed labels and types, every relationship endpoint present) and
only then writes, in batches; if a batch fails, what was written is removed again.
Both report the graph's canonical checksum, so an identical restore is visible.

The database reads committed data, not a snapshot: records written while a backup
runs may or may not be in it, but a relationship is only kept with both its endpoints.

Example:
    >>> report = backup(store, Path("partnernet.backup.gz"))    # doctest: +SKIP
    >>> restored = restore(other_store, Path("partnernet.backup.gz"))  # doctest: +SKIP
    >>> restored.checksum == report.checksum                          # doctest: +SKIP
    True
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tempfile
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction

from graph.backup_format import (
    FORMAT,
    VERSION,
    BackupError,
    Checksum,
    cypher_label,
    cypher_type,
    key_label,
    node_line,
    rel_line,
)
from graph.queries import Query, query
from graph.store import Store, StoreUnavailable, run, tagged, untagged

STREAM_NODES = query("backup/stream_nodes")
STREAM_RELATIONSHIPS = query("backup/stream_relationships")
NODES_BY_ID = query("backup/nodes_by_id")
CREATE_NODES = query("backup/create_nodes")
CREATE_RELATIONSHIPS = query("backup/create_relationships")
COUNT_ALL = query("backup/count_all")
DELETE_BATCH = query("backup/delete_batch")

BATCH = 5000

Key = tuple[str, str]  # (label, id) of a relationship endpoint


@dataclass(frozen=True)
class _Rendered(Query):
    """A statement whose placeholders were replaced by allow-listed names."""

    rendered: str = ""

    @property
    def text(self) -> str:
        return self.rendered


def _render(q: Query, **names: str) -> Query:
    """``q`` with each placeholder ``_NAME_`` replaced by an already quoted Cypher name."""
    text = q.text
    for placeholder, name in names.items():
        text = text.replace(f"_{placeholder}_", name)
    return _Rendered(q.name, text)


@dataclass
class BackupReport:
    """What a backup or restore handled."""

    path: Path
    nodes: int = 0
    relationships: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    checksum: str = ""
    seconds: float = 0.0
    skipped: int = 0  # relationships whose endpoint vanished while the backup ran
    phases: dict[str, float] = field(default_factory=dict)  # seconds per restore phase

    def summary(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "nodes": self.nodes,
            "relationships": self.relationships,
            "labels": self.labels,
            "types": self.types,
            "checksum": self.checksum,
            "seconds": round(self.seconds, 3),
            "skipped_relationships": self.skipped,
        }


# -- reading the live graph ---------------------------------------------------------


class _GraphReader:
    """Canonical lines of every node, then every relationship, as the database has them.

    A relationship whose endpoint was not among the nodes read (the node was created
    while this ran) is held back until that node is fetched; if the endpoint is gone
    by then, the relationship is left out and counted in ``skipped``.
    """

    def __init__(self, store: Store, ignore: frozenset[str] = frozenset()) -> None:
        self.store = store
        self.ignore = ignore
        self.skipped = 0
        self.nodes = 0
        self.labels: Counter[str] = Counter()
        self.types: Counter[str] = Counter()
        self._seen: set[Key] = set()

    def lines(self) -> Iterator[str]:
        for row in self.store.stream(STREAM_NODES, convert=tagged):
            yield self._node(row)
        pending: list[tuple[str, Key, Key, dict[str, Any]]] = []
        for row in self.store.stream(STREAM_RELATIONSHIPS, convert=tagged):
            rel = (
                row["type"],
                _endpoint(row, "start"),
                _endpoint(row, "end"),
                self._strip(row["props"]),
            )
            if rel[1] in self._seen and rel[2] in self._seen:
                yield self._rel(*rel)
            else:
                pending.append(rel)
        if pending:
            yield from self._missing_nodes({key for r in pending for key in r[1:3]})
        for rel in pending:
            if rel[1] in self._seen and rel[2] in self._seen:
                yield self._rel(*rel)
            else:
                self.skipped += 1

    def _rel(self, rel_type: str, start: Key, end: Key, props: dict[str, Any]) -> str:
        self.types[rel_type] += 1
        return rel_line(rel_type, start, end, props)

    def _node(self, row: dict[str, Any]) -> str:
        props = self._strip(row["props"])
        if not row["labels"]:
            raise BackupError(f"a node without a label cannot be backed up: {props}")
        if isinstance(props.get("id"), str):
            self._seen.add((key_label(row["labels"]), props["id"]))
        self.nodes += 1
        self.labels.update(row["labels"])
        return node_line(row["labels"], props)

    def _missing_nodes(self, keys: set[Key]) -> Iterator[str]:
        by_label: dict[str, list[str]] = defaultdict(list)
        for label, node_id in keys - self._seen:
            by_label[label].append(node_id)
        for label, ids in by_label.items():
            fetch = _render(NODES_BY_ID, LABEL=cypher_label(label))
            for row in self.store.stream(fetch, convert=tagged, ids=ids):
                yield self._node(row)

    def _strip(self, props: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in props.items() if k not in self.ignore}


def _endpoint(row: dict[str, Any], end: str) -> Key:
    labels, node_id = row[f"{end}_labels"], row[f"{end}_id"]
    if not labels or not isinstance(node_id, str):
        raise BackupError(
            f"a {row['type']} relationship ends at a node without a label or a string id "
            f"property (labels {labels}); it cannot be backed up portably"
        )
    return key_label(labels), node_id


def graph_checksum(store: Store, ignore: Iterable[str] = ()) -> str:
    """The canonical checksum of the graph in ``store``, optionally without some properties.

    Equal for two graphs with the same nodes (labels, properties) and relationships
    (type, properties, endpoint ids), whatever the order or the internal ids.
    """
    checksum = Checksum()
    for line in _GraphReader(store, frozenset(ignore)).lines():
        checksum.add(line)
    return checksum.hexdigest()


# -- backup -------------------------------------------------------------------------


def backup(store: Store, path: Path) -> BackupReport:
    """Write the whole graph to ``path`` (gzip'd JSON Lines) and report what it holds.

    The records go to a temporary file first, since the header states their counts;
    ``path`` appears only when the backup is complete (atomic rename).
    """
    started = time.perf_counter()
    report = BackupReport(path)
    reader, checksum = _GraphReader(store), Checksum()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as tmp:
        body = Path(tmp) / "records.jsonl"
        with body.open("w", encoding="utf-8") as out:
            for line in reader.lines():
                out.write(line + "\n")
                checksum.add(line)
        report.labels = dict(sorted(reader.labels.items()))
        report.types = dict(sorted(reader.types.items()))
        report.nodes, report.relationships = reader.nodes, sum(reader.types.values())
        report.checksum, report.skipped = checksum.hexdigest(), reader.skipped
        counts = {
            "nodes": report.nodes,
            "relationships": report.relationships,
            "labels": report.labels,
            "types": report.types,
        }
        header = {
            "kind": "header",
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            "counts": counts,
        }
        final = Path(tmp) / "backup.gz"
        digest = hashlib.sha256()
        with gzip.open(final, "wb", compresslevel=6) as gz, body.open("rb") as lines:
            for chunk in _chunks([(json.dumps(header) + "\n").encode()], lines):
                digest.update(chunk)
                gz.write(chunk)
            trailer = {
                "kind": "trailer",
                "counts": counts,
                "sha256": digest.hexdigest(),
                "checksum": report.checksum,
            }
            gz.write((json.dumps(trailer) + "\n").encode())
        os.replace(final, path)
    report.seconds = time.perf_counter() - started
    return report


def _chunks(first: list[bytes], rest: io.BufferedReader) -> Iterator[bytes]:
    yield from first
    while chunk := rest.read(1 << 20):
        yield chunk


# -- reading and verifying a backup file ---------------------------------------------


def _records(data: bytes, name: str) -> Iterator[dict[str, Any]]:
    """Every line of a backup as a dict, header and trailer included; BackupError if damaged."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            for number, line in enumerate(gz, start=1):
                try:
                    record = json.loads(line)
                except ValueError as exc:
                    raise BackupError(f"{name}: line {number} is not JSON ({exc})") from None
                if not isinstance(record, dict):
                    raise BackupError(f"{name}: line {number} is not a record")
                record["_line"], record["_bytes"] = number, line
                yield record
    except (OSError, EOFError, zlib.error) as exc:
        raise BackupError(f"{name} is damaged or truncated ({exc}); nothing was restored") from None


@dataclass
class _Verified:
    header: dict[str, Any]
    trailer: dict[str, Any]


def verify(data: bytes, name: str) -> _Verified:
    """Check a whole backup before anything is written: BackupError naming the problem.

    Checks the format and version, that every line before the trailer hashes to the
    trailer's SHA-256 (truncation, tampering), the shape of every record, that every
    label and relationship type is allowed, that node keys are unique, and that every
    relationship's endpoints are nodes of the backup.
    """
    digest = hashlib.sha256()
    header: dict[str, Any] | None = None
    trailer: dict[str, Any] | None = None
    keys: set[Key] = set()
    endpoints: set[Key] = set()
    nodes = rels = 0
    for record in _records(data, name):
        line, raw = record.pop("_line"), record.pop("_bytes")
        where = f"{name}, line {line}"
        if trailer is not None:
            raise BackupError(f"{where}: data after the trailer")
        kind = record.get("kind")
        if header is None:
            header = _check_header(record, where)
        elif kind == "node":
            nodes += 1
            key = _check_node(record, where)
            if key is not None:
                if key in keys:
                    raise BackupError(f"{where}: a second {key[0]} node with id {key[1]!r}")
                keys.add(key)
        elif kind == "rel":
            rels += 1
            endpoints.update(_check_rel(record, where))
        elif kind == "trailer":
            trailer = record
            continue
        else:
            raise BackupError(f"{where}: unknown record kind {kind!r}")
        digest.update(raw)
    if header is None or trailer is None:
        raise BackupError(f"{name} is truncated: it has no trailer; nothing was restored")
    if trailer.get("sha256") != digest.hexdigest():
        raise BackupError(
            f"{name} was altered or damaged: its SHA-256 does not match; nothing was restored"
        )
    counts = trailer.get("counts") or {}
    if (counts.get("nodes"), counts.get("relationships")) != (nodes, rels):
        raise BackupError(
            f"{name}: the trailer counts {counts} do not match the file "
            f"({nodes} nodes, {rels} relationships)"
        )
    missing = endpoints - keys
    if missing:
        label, node_id = sorted(missing)[0]
        raise BackupError(
            f"{name}: relationships end at {len(missing)} node(s) missing from "
            f"the backup, e.g. {label} {node_id!r}"
        )
    return _Verified(header, trailer)


def _check_header(record: dict[str, Any], where: str) -> dict[str, Any]:
    if record.get("kind") != "header" or record.get("format") != FORMAT:
        raise BackupError(f"{where}: not a PartnerNet backup (no {FORMAT} header)")
    if record.get("version") != VERSION:
        raise BackupError(
            f"{where}: backup format version {record.get('version')!r} is "
            f"not supported (this PartnerNet reads version {VERSION})"
        )
    return record


def _check_node(record: dict[str, Any], where: str) -> Key | None:
    labels, props = record.get("labels"), record.get("props")
    if not isinstance(labels, list) or not labels or not isinstance(props, dict):
        raise BackupError(f"{where}: a node needs a list of labels and a props object")
    for label in labels:
        cypher_label(label)
    _check_props(props, where)
    return (key_label(labels), props["id"]) if isinstance(props.get("id"), str) else None


def _check_rel(record: dict[str, Any], where: str) -> list[Key]:
    cypher_type(record.get("type"))
    if not isinstance(record.get("props"), dict):
        raise BackupError(f"{where}: a relationship needs a props object")
    _check_props(record["props"], where)
    keys = []
    for end in ("start", "end"):
        value = record.get(end)
        if not (
            isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)
        ):
            raise BackupError(f"{where}: {end} must be [label, id]")
        cypher_label(value[0])
        keys.append((value[0], value[1]))
    return keys


def _check_props(props: dict[str, Any], where: str) -> None:
    try:
        for value in props.values():
            untagged(value)
    except ValueError as exc:
        raise BackupError(f"{where}: {exc}") from None


# -- restore --------------------------------------------------------------------------


def restore(
    store: Store, path: Path, replace: bool = False, batch_size: int = BATCH
) -> BackupReport:
    """Load the backup at ``path`` into the graph, which must be empty unless ``replace``.

    The whole file is verified before the first write. Nodes, then relationships, are
    written in batches of one transaction each; if a batch fails, every node written
    is removed again (the graph is left empty) and BackupError says so. Finally the
    graph's checksum is compared with the backup's.
    """
    started = lap = time.perf_counter()
    phases: dict[str, float] = {}

    def done(phase: str) -> None:
        nonlocal lap
        now = time.perf_counter()
        phases[phase], lap = round(now - lap, 3), now

    data = path.read_bytes()  # read once: the file cannot change between check and load
    trailer = verify(data, path.name).trailer
    done("verify_s")
    present = store.read(COUNT_ALL)[0]
    if present["nodes"] and not replace:
        raise BackupError(
            f"the graph is not empty ({present['nodes']} nodes); restore "
            "into an empty database, or pass --replace to overwrite it"
        )
    _delete_all(store)
    done("delete_s")
    report = BackupReport(
        path,
        trailer["counts"]["nodes"],
        trailer["counts"]["relationships"],
        trailer["counts"].get("labels", {}),
        trailer["counts"].get("types", {}),
    )
    try:
        _write(store, data, path.name, "node", batch_size)
        done("nodes_s")
        _write(store, data, path.name, "rel", batch_size)
        done("relationships_s")
        report.checksum = graph_checksum(store)
        done("checksum_s")
        if report.checksum != trailer["checksum"]:
            raise BackupError(
                f"the restored graph's checksum {report.checksum} differs from "
                f"the backup's {trailer['checksum']}"
            )
    except Exception as exc:  # any failure (server, constraint, checksum): undo, then say so
        raise BackupError(f"restore of {path.name} failed: {exc}; {_clean_up(store)}") from exc
    report.seconds, report.phases = time.perf_counter() - started, phases
    return report


def _write(store: Store, data: bytes, name: str, kind: str, batch_size: int) -> None:
    """Write the records of one kind, grouped by labels or (type, endpoint labels)."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for record in _records(data, name):
        if record.get("kind") != kind:
            continue
        if kind == "node":
            group = tuple(record["labels"])
            row: dict[str, Any] = _untagged(record["props"])
        else:
            group = (record["type"], record["start"][0], record["end"][0])
            row = {
                "start": record["start"][1],
                "end": record["end"][1],
                "props": _untagged(record["props"]),
            }
        groups[group].append(row)
        if len(groups[group]) >= batch_size:
            _write_batch(store, kind, group, groups.pop(group))
    for group, rows in groups.items():
        _write_batch(store, kind, group, rows)


def _untagged(props: dict[str, Any]) -> dict[str, Any]:
    return {key: untagged(value) for key, value in props.items()}


def _write_batch(
    store: Store, kind: str, group: tuple[str, ...], rows: list[dict[str, Any]]
) -> None:
    if kind == "node":
        statement = _render(CREATE_NODES, LABELS=":".join(cypher_label(x) for x in group))
    else:
        rel_type, start, end = group
        statement = _render(
            CREATE_RELATIONSHIPS,
            TYPE=cypher_type(rel_type),
            START=cypher_label(start),
            END=cypher_label(end),
        )

    def work(tx: ManagedTransaction) -> int:
        return int(run(tx, statement, rows=rows)[0]["created"])

    created = store.write_tx(work)
    if created != len(rows):
        raise BackupError(f"a batch of {len(rows)} {':'.join(group)} records created {created}")


def _delete_all(store: Store) -> None:
    while store.write(DELETE_BATCH, limit=BATCH)[0]["deleted"]:
        pass


def _clean_up(store: Store) -> str:
    try:
        _delete_all(store)
    except StoreUnavailable:
        return (
            "the graph may hold part of the backup: run the restore again with "
            "--replace when the server is back"
        )
    return "what had been written was removed, the graph is empty"
