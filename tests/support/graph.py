"""Where the test data lives, and emptying the graph between tests."""

from __future__ import annotations

from pathlib import Path

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
