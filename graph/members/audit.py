"""The audit trail: who changed what, when, with the before/after of each changed field.

Events are ``(:AuditEvent)`` nodes in the graph itself, so one backup covers the data
and its history. They are written inside the same transaction as the change they
describe (:func:`record` takes the transaction), so a change is never without its
event, nor an event without its change. Secrets (password hashes) never enter it.

Example:
    >>> events = list_events(store, limit=20)        # doctest: +SKIP
    >>> events[0].changes["description"]             # doctest: +SKIP
    {'before': 'Old text', 'after': 'New text'}
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from neo4j import ManagedTransaction
from pydantic import BaseModel, ConfigDict, field_validator

from graph.store.driver import Store, run
from graph.store.queries import query

CREATE_EVENT = query("audit/create_event")
LIST_EVENTS = query("audit/list_events")
COUNT_CONTENT = query("audit/count_content")

Changes = dict[str, dict[str, Any]]


class AuditEvent(BaseModel):
    """One recorded change."""

    model_config = ConfigDict(frozen=True)

    id: str
    at: datetime
    actor: str
    action: str
    target_kind: str
    target_id: str
    changes: Changes = {}

    @field_validator("changes", mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else (value or {})


def diff(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """The fields whose value differs, as ``{field: {"before": x, "after": y}}``."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def record(
    tx: ManagedTransaction,
    actor: str,
    action: str,
    target_kind: str,
    target_id: str,
    changes: Changes | None = None,
) -> str:
    """Write one event in ``tx`` (the transaction of the change) and return its id."""
    event_id = uuid.uuid4().hex
    run(
        tx,
        CREATE_EVENT,
        id=event_id,
        actor=actor,
        action=action,
        target_kind=target_kind,
        target_id=target_id,
        changes=json.dumps(changes or {}, ensure_ascii=False, default=_json_default),
    )
    return event_id


def list_events(
    store: Store,
    actor: str | None = None,
    target_id: str | None = None,
    skip: int = 0,
    limit: int = 100,
) -> list[AuditEvent]:
    """Events newest first, optionally of one actor or about one target."""
    rows = store.read(LIST_EVENTS, actor=actor, target_id=target_id, skip=skip, limit=limit)
    return [AuditEvent.model_validate(row) for row in rows]


# Change fields whose values are ids of nodes (an organisation, a competence, a project...).
NODE_VALUE_FIELDS = ("org", "competence", "competences", "source", "target", "project", "members", "merged", "broker")


def mentioned_ids(event: AuditEvent) -> set[str]:
    """The ids an event mentions: actor, target, the node of ``offer:ID`` change keys, and the
    ids recorded as values of :data:`NODE_VALUE_FIELDS` (so all can be shown by name)."""
    ids = {event.actor, event.target_id, *(key.split(":", 1)[1] for key in event.changes if ":" in key)}
    for key, change in event.changes.items():
        if key in NODE_VALUE_FIELDS:
            for value in (change.get("before"), change.get("after")):
                ids.update(_ids_in(value))
    return ids


def _ids_in(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return set().union(*(_ids_in(v) for v in value))
    if isinstance(value, dict):  # a consortium's member ({"id", "role"}) or a merged organisation
        return {v for k, v in value.items() if k in ("id", "org") and isinstance(v, str)}
    return set()


def count_content(store: Store) -> tuple[int, int]:
    """(nodes, relationships) in the graph, not counting audit events."""
    row = store.read(COUNT_CONTENT)[0]
    return row["nodes"], row["relationships"]
