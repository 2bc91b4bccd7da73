"""Whether the graph is ready to serve: the schema's constraints are in place.

The expected constraints are read from ``cypher/schema/constraint_*.cypher`` and
compared by label and property with what the server lists (``SHOW CONSTRAINTS``), so
an equivalent constraint under another name on a Neo4j server counts too.

Example:
    >>> missing_constraints(store)          # doctest: +SKIP
    []
"""

from __future__ import annotations

import re

from graph.store.driver import Store
from graph.store.queries import in_folder, query

LIST_CONSTRAINTS = query("health/list_constraints")

_REQUIRE = re.compile(r"FOR\s*\(\s*\w+\s*:\s*(\w+)\s*\)\s*REQUIRE\s+\w+\.(\w+)", re.IGNORECASE)


def expected_constraints() -> dict[tuple[str, str], str]:
    """(label, property) -> query name, for every constraint the schema creates."""
    expected = {}
    for statement in in_folder("schema"):
        found = _REQUIRE.search(statement.text)
        if statement.name.startswith("schema/constraint_") and found:
            expected[(found.group(1), found.group(2))] = statement.name
    return expected


def missing_constraints(store: Store) -> list[str]:
    """Names of the schema's constraints the server does not have (StoreUnavailable if down)."""
    present = {
        (label, prop)
        for row in store.read(LIST_CONSTRAINTS)
        for label in row["labels"] or []
        for prop in row["properties"] or []
    }
    return sorted(name for key, name in expected_constraints().items() if key not in present)
