"""The backup file format: gzip'd JSON Lines with a header, records and a checksummed trailer.

A backup is one gzip stream of UTF-8 JSON lines::

    {"kind": "header", "format": "partnernet-backup", "version": 1, "created_at": ..,
     "counts": {..}}
    {"kind": "node", "labels": ["Organisation"],
     "props": {"id": "anbpr", "created_at": {"$datetime": .., "zone": "Etc/UTC"}, ..}}
    {"kind": "rel", "type": "OFFERS", "start": ["Organisation", "anbpr"],
     "end": ["Competence", "advocacy"], "props": {"level": 4}}
    {"kind": "trailer", "counts": {..}, "sha256": "..", "checksum": ".."}

(one line each in the file).

Relationship endpoints are named by a label and the node's ``id`` property, never by
the database's internal ids. Temporal values carry a type tag (see
:func:`graph.store.driver.tagged`). ``sha256`` covers the bytes of every line before the
trailer, so a truncated or altered file is detected; ``checksum`` is the canonical
checksum of the graph (see :class:`Checksum`), equal for a graph and its restore.

Labels, relationship types and property keys go into Cypher text on restore, so each
one is checked first: labels and types against :class:`Label` / :class:`RelType` or a
strict identifier pattern, property keys against :data:`KEY_PATTERN`.

Example:
    >>> node_line(["Organisation"], {"id": "anbpr", "size": 40})
    '{"kind":"node","labels":["Organisation"],"props":{"id":"anbpr","size":40}}'
"""

from __future__ import annotations

import hashlib
import json
import re
from enum import StrEnum
from typing import Any

FORMAT = "partnernet-backup"
VERSION = 1


class BackupError(ValueError):
    """A backup cannot be written, read or restored; the message says why."""


class Label(StrEnum):
    """Node labels of the domain (other labels must match :data:`LABEL_PATTERN`)."""

    ORGANISATION = "Organisation"
    PERSON = "Person"
    COMPETENCE = "Competence"
    PROJECT = "Project"
    REGION = "Region"
    HUB = "Hub"
    PRACTICE = "Practice"
    INTRODUCTION = "Introduction"
    USER = "User"


class RelType(StrEnum):
    """Relationship types of the domain (others must match :data:`TYPE_PATTERN`)."""

    OFFERS = "OFFERS"
    NEEDS = "NEEDS"
    LOCATED_IN = "LOCATED_IN"
    PART_OF = "PART_OF"
    PARTICIPATED_IN = "PARTICIPATED_IN"
    ADDRESSES = "ADDRESSES"
    BROADER = "BROADER"
    MEMBER_OF = "MEMBER_OF"
    WORKS_AT = "WORKS_AT"
    HOSTS = "HOSTS"
    ON = "ON"
    DOCUMENTED = "DOCUMENTED"
    ABOUT = "ABOUT"
    PROPOSED = "PROPOSED"
    SOURCE = "SOURCE"
    TARGET = "TARGET"
    LED_TO = "LED_TO"


# Labels added by other parts of the app (accounts, audit) are CamelCase names;
# relationship types UPPER_SNAKE. Nothing else can reach Cypher text.
LABEL_PATTERN = re.compile(r"[A-Z][A-Za-z0-9]{0,62}")
TYPE_PATTERN = re.compile(r"[A-Z][A-Z0-9_]{0,62}")
# Property keys are the app's field names; quoted in backticks they may hold anything
# but a backtick, a backslash (Cypher escapes) or a control character.
KEY_PATTERN = re.compile(r"[^`\\\x00-\x1f]{1,255}")


def cypher_label(name: object) -> str:
    """The label ``name`` quoted for Cypher, if allowed; BackupError otherwise."""
    return _cypher_name(name, Label, LABEL_PATTERN, "label")


def cypher_type(name: object) -> str:
    """The relationship type ``name`` quoted for Cypher, if allowed; BackupError otherwise."""
    return _cypher_name(name, RelType, TYPE_PATTERN, "relationship type")


def _cypher_name(name: object, known: type[StrEnum], pattern: re.Pattern[str], what: str) -> str:
    if isinstance(name, str) and name in known._value2member_map_:
        return f"`{known(name).value}`"
    if isinstance(name, str) and pattern.fullmatch(name):
        return f"`{name}`"
    raise BackupError(f"{what} {name!r} is not allowed (not a PartnerNet {what})")


def cypher_key(name: str) -> str:
    """The property key ``name`` quoted for Cypher, if allowed; BackupError otherwise."""
    if not KEY_PATTERN.fullmatch(name):
        raise BackupError(f"property key {name!r} is not allowed (not a PartnerNet property)")
    return f"`{name}`"


def key_label(labels: list[str]) -> str:
    """The label that names a node in relationship endpoints: the first in sort order."""
    return min(labels)


# One encoder for every line: json.dumps with options builds a new one per call.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical(record: dict[str, Any]) -> str:
    """One record as canonical JSON: sorted keys, no spaces, UTF-8 kept."""
    return _CANONICAL.encode(record)


def node_line(labels: list[str], props: dict[str, Any]) -> str:
    """The canonical line of a node (``props`` already tagged)."""
    return canonical({"kind": "node", "labels": sorted(labels), "props": props})


def rel_line(rel_type: str, start: tuple[str, str], end: tuple[str, str], props: dict[str, Any]) -> str:
    """The canonical line of a relationship between two ``(label, id)`` endpoints."""
    return canonical({"kind": "rel", "type": rel_type, "start": list(start), "end": list(end), "props": props})


class Checksum:
    """Order-free SHA-256 of a graph's canonical lines.

    Each node and relationship line is hashed; the sorted digests are hashed again,
    so the checksum does not depend on the order the database returns records in,
    and needs 32 bytes per record rather than the records themselves.
    """

    def __init__(self) -> None:
        self._digests: list[bytes] = []

    def add(self, line: str) -> None:
        self._digests.append(hashlib.sha256(line.encode()).digest())

    def hexdigest(self) -> str:
        outer = hashlib.sha256()
        for digest in sorted(self._digests):
            outer.update(digest)
        return outer.hexdigest()
