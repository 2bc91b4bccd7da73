"""Where the test data lives, emptying the graph between tests, and forgetting its audit trail."""

from __future__ import annotations

from pathlib import Path

from neo4j import ManagedTransaction

from graph.resources import CALLS_DIR, DEMO_DIR
from graph.store.driver import Store
from graph.store.queries import query

ROOT = Path(__file__).resolve().parents[2]
DEMO = DEMO_DIR
CALLS = CALLS_DIR
DELETE_BATCH = query("backup/delete_batch")


def clear(store: Store) -> Store:
    """Remove every node and relationship (the schema stays); returns the store."""
    while store.write(DELETE_BATCH, limit=100_000)[0]["deleted"]:
        pass
    return store


def _delete_audit_events(tx: ManagedTransaction) -> None:
    tx.run("MATCH (e:AuditEvent) DETACH DELETE e").consume()


def drop_audit_trail(store: Store) -> Store:
    """Delete the audit events: for comparing graphs loaded in different numbers of
    transactions (each load records one event per transaction)."""
    store.write_tx(_delete_audit_events)
    return store
