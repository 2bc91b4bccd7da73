"""Reading a backup file: verified as a whole, and kept in memory as rows ready to write.

:func:`read_backup` parses the file once. It checks everything a restore relies on
before anything is written (format and version, the trailer's SHA-256 over every line,
the shape of every record, allowed labels, types and property keys, unique node keys,
every relationship endpoint present) and hands back the records grouped the way
:func:`graph.backup.archive.restore` writes them: nodes by labels, relationships by type and
endpoint labels, property values already converted back to the driver's types.

Example:
    >>> contents = read_backup(Path("partnernet.backup.gz").read_bytes(), "x")  # doctest: +SKIP
    >>> contents.nodes[("Organisation",)].rows[0]["id"]                        # doctest: +SKIP
    'anbpr'
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import hashlib
import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from sys import intern
from typing import Any

from graph.backup.fileformat import (
    FORMAT,
    VERSION,
    BackupError,
    cypher_key,
    cypher_label,
    cypher_type,
    key_label,
)
from graph.store.values import untagged


@dataclass
class Group:
    """Records written by one statement: nodes with the same labels, or relationships
    of one type between two labels, with every property key any of them has."""

    keys: set[str] = field(default_factory=set)
    rows: list[Any] = field(default_factory=list)


NodeGroups = dict[tuple[str, ...], Group]  # labels -> property dicts
RelGroups = dict[tuple[str, str, str], Group]  # (type, start label, end label) ->
# [start id, end id, property dict] rows


@dataclass
class Contents:
    """A verified backup: its header and trailer, and its records grouped for writing."""

    header: dict[str, Any]
    trailer: dict[str, Any]
    nodes: NodeGroups
    relationships: RelGroups


def read_backup(data: bytes, name: str) -> Contents:
    """Parse and check a whole backup (gzip'd bytes); BackupError naming the problem.

    ``name`` is the file's name, for messages. Nothing is written anywhere: the caller
    restores from the returned rows, so the file is parsed only once.
    """
    with _no_cycle_collection():
        return _Reader(name).read(data)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building the rows.

    Hundreds of thousands of new dicts would trigger a full collection again and
    again (tripling the parse time); the rows hold no reference cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.nodes: NodeGroups = {}
        self.rels: RelGroups = {}
        self.ids: dict[str, set[str]] = {}  # key label -> node ids
        self._temporals: dict[tuple[tuple[str, Any], ...], Any] = {}

    def read(self, data: bytes) -> Contents:
        digest = hashlib.sha256()
        header: dict[str, Any] | None = None
        trailer: dict[str, Any] | None = None
        nodes = rels = 0
        for number, raw, record in self._lines(data):
            if trailer is not None:
                raise BackupError(f"{self._where(number)}: data after the trailer")
            kind = record.get("kind")
            if header is None:
                header = _check_header(record, self._where(number))
            elif kind == "node":
                nodes += 1
                self._node(record, number)
            elif kind == "rel":
                rels += 1
                self._rel(record, number)
            elif kind == "trailer":
                trailer = record
                continue
            else:
                raise BackupError(f"{self._where(number)}: unknown record kind {kind!r}")
            digest.update(raw)
        if header is None or trailer is None:
            raise BackupError(f"{self.name} is truncated: it has no trailer; nothing was restored")
        if trailer.get("sha256") != digest.hexdigest():
            raise BackupError(f"{self.name} was altered or damaged: its SHA-256 does not match; nothing was restored")
        counts = trailer.get("counts") or {}
        if (counts.get("nodes"), counts.get("relationships")) != (nodes, rels):
            raise BackupError(
                f"{self.name}: the trailer counts {counts} do not match the file ({nodes} nodes, {rels} relationships)"
            )
        self._check_endpoints()
        for group in (*self.nodes.values(), *self.rels.values()):
            for key in group.keys:
                cypher_key(key)
        return Contents(header, trailer, self.nodes, self.rels)

    def _lines(self, data: bytes) -> Iterator[tuple[int, bytes, dict[str, Any]]]:
        """Each line of the file: its number, its bytes and its record."""
        try:
            text = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise BackupError(f"{self.name} is damaged or truncated ({exc}); nothing was restored") from None
        for number, line in enumerate(io.BytesIO(text), start=1):  # lines ending in \n
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise BackupError(f"{self._where(number)} is not JSON ({exc})") from None
            if not isinstance(record, dict):
                raise BackupError(f"{self._where(number)} is not a record")
            yield number, line, record

    def _where(self, number: int) -> str:
        return f"{self.name}, line {number}"

    def _node(self, record: dict[str, Any], number: int) -> None:
        labels, props = record.get("labels"), record.get("props")
        if (
            not isinstance(labels, list)
            or not labels
            or not all(isinstance(label, str) for label in labels)
            or not isinstance(props, dict)
        ):
            raise BackupError(f"{self._where(number)}: a node needs a list of labels and a props object")
        names = tuple(labels)
        group = self.nodes.get(names)
        if group is None:
            for label in names:
                cypher_label(label)
            group = self.nodes[names] = Group()
        node_id = props.get("id")
        if isinstance(node_id, str):
            ids = self.ids.setdefault(key_label(labels), set())
            if node_id in ids:
                raise BackupError(f"{self._where(number)}: a second {key_label(labels)} node with id {node_id!r}")
            ids.add(node_id)
        group.keys.update(props)
        group.rows.append(self._values(props, number))

    def _rel(self, record: dict[str, Any], number: int) -> None:
        rel_type, start, end, props = (record.get("type"), record.get("start"), record.get("end"), record.get("props"))
        for side, value in (("start", start), ("end", end)):
            if not (
                isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], str)
            ):
                raise BackupError(f"{self._where(number)}: {side} must be [label, id]")
        if not isinstance(rel_type, str) or not isinstance(props, dict):
            raise BackupError(f"{self._where(number)}: a relationship needs a type and a props object")
        assert isinstance(start, list) and isinstance(end, list)  # checked above
        names = (rel_type, start[0], end[0])
        group = self.rels.get(names)
        if group is None:
            cypher_type(rel_type)
            cypher_label(start[0])
            cypher_label(end[0])
            group = self.rels[names] = Group()
        group.keys.update(props)
        # Ids and property keys recur across the file: one string object each (intern)
        # keeps the rows of 50,000 organisations a third smaller.
        group.rows.append([intern(start[1]), intern(end[1]), self._values(props, number)])

    def _values(self, props: dict[str, Any], number: int) -> dict[str, Any]:
        """``props`` with type-tagged values turned back into the driver's values."""
        try:
            return {
                intern(key): self._value(value) if isinstance(value, (dict, list)) else value
                for key, value in props.items()
            }
        except ValueError as exc:
            raise BackupError(f"{self._where(number)}: {exc}") from None

    def _value(self, value: dict[str, Any] | list[Any]) -> Any:
        """One tagged value, parsed once per distinct value: time stamps repeat (a whole
        import shares one), and parsing them is most of the cost of reading a node."""
        if isinstance(value, list):
            return untagged(value)
        try:
            key = tuple(value.items())
            return self._temporals[key]
        except TypeError:  # not a flat tag: untagged says what is wrong
            return untagged(value)
        except KeyError:
            parsed = self._temporals[key] = untagged(value)
            return parsed

    def _check_endpoints(self) -> None:
        missing: set[tuple[str, str]] = set()
        for (_, start, end), group in self.rels.items():
            for label, column in ((start, 0), (end, 1)):
                ids = {row[column] for row in group.rows} - self.ids.get(label, set())
                missing.update((label, node_id) for node_id in ids)
        if missing:
            label, node_id = sorted(missing)[0]
            raise BackupError(
                f"{self.name}: relationships end at {len(missing)} node(s) missing from "
                f"the backup, e.g. {label} {node_id!r}"
            )


def _check_header(record: dict[str, Any], where: str) -> dict[str, Any]:
    if record.get("kind") != "header" or record.get("format") != FORMAT:
        raise BackupError(f"{where}: not a PartnerNet backup (no {FORMAT} header)")
    if record.get("version") != VERSION:
        raise BackupError(
            f"{where}: backup format version {record.get('version')!r} is "
            f"not supported (this PartnerNet reads version {VERSION})"
        )
    return record
