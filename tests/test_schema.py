"""Schema set-up and the query files: idempotent, complete, and every query parses."""

from __future__ import annotations

import re

import pytest

from graph.store import queries
from graph.store.driver import Store
from graph.store.queries import MissingQueryError, query

SHOW_CONSTRAINTS = query("health/list_constraints")
KEY_LABELS = {"Organisation", "Person", "Competence", "Project", "Region", "Hub", "Practice", "Introduction"}


def _constraints(store: Store) -> set[tuple[str, str]]:
    return {(row["labels"][0], row["properties"][0]) for row in store.read(SHOW_CONSTRAINTS)}


def test_every_key_property_has_a_uniqueness_constraint(store: Store) -> None:
    assert {(label, "id") for label in KEY_LABELS} <= _constraints(store)


def test_schema_setup_is_idempotent(store: Store) -> None:
    before = store.read(SHOW_CONSTRAINTS)
    store.ensure_schema()
    store.ensure_schema()
    assert store.read(SHOW_CONSTRAINTS) == before


def test_a_duplicate_key_is_refused(empty_graph: Store) -> None:
    from neo4j.exceptions import ConstraintError

    from graph.readwrite.importer import LOAD_QUERIES

    row = {"id": "twice", "props": {"id": "twice", "name": "A", "region": "RO"}}
    empty_graph.write(LOAD_QUERIES["organisations"], rows=[row])
    with pytest.raises(ConstraintError):
        empty_graph.driver.execute_query("CREATE (:Organisation {id: 'twice'})", database_=empty_graph.database)


# Schema statements run at every start-up (so they are tested by every session);
# EXPLAIN applies to the others.
EXPLAINABLE = sorted(
    name
    for name, text in queries.all_queries().items()
    if not name.startswith("schema/") and not text.lstrip().upper().startswith("SHOW")
)


@pytest.mark.parametrize("name", EXPLAINABLE)
def test_every_query_file_parses_on_the_server(store: Store, name: str) -> None:
    text = queries.all_queries()[name]
    params = {p: None for p in re.findall(r"\$(\w+)", text)}
    store.driver.execute_query("EXPLAIN " + text, params, database_=store.database)


def test_a_declared_query_without_a_file_fails_at_start_up() -> None:
    missing = query("nowhere/no_such_query")
    try:
        with pytest.raises(MissingQueryError, match="cypher/nowhere/no_such_query.cypher"):
            queries.verify()
    finally:
        queries._declared.discard(missing.name)
