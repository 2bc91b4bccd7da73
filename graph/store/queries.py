"""Named Cypher queries, loaded from ``cypher/**/*.cypher`` and checked at start-up.

Every statement PartnerNet runs lives in its own file, ``cypher/<area>/<name>.cypher``,
and is referred to by its path without the suffix. Modules declare the queries they use
at import time with :func:`query`; :func:`verify` (run when the store opens) fails at
once if a declared file is missing, instead of at the first request that needs it.

Example:
    >>> LIST_ORGS = query("orgs/list_orgs")
    >>> LIST_ORGS.name
    'orgs/list_orgs'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from graph.resources import CYPHER_DIR

_declared: set[str] = set()


class MissingQueryError(LookupError):
    """A declared query has no ``.cypher`` file."""


@dataclass(frozen=True)
class Query:
    """A handle on one named Cypher statement."""

    name: str

    @property
    def text(self) -> str:
        """The statement's Cypher text."""
        try:
            return _load_all()[self.name]
        except KeyError:
            raise MissingQueryError(f"no query file cypher/{self.name}.cypher") from None


def query(name: str) -> Query:
    """Declare that the calling module runs the query ``name`` and return its handle."""
    _declared.add(name)
    return Query(name)


@cache
def _load_all() -> dict[str, str]:
    return {
        path.relative_to(CYPHER_DIR).with_suffix("").as_posix(): path.read_text("utf-8").strip()
        for path in sorted(CYPHER_DIR.rglob("*.cypher"))
    }


def all_queries() -> dict[str, str]:
    """Every query file by name (the EXPLAIN test runs each one)."""
    return dict(_load_all())


def in_folder(folder: str) -> list[Query]:
    """The queries of one folder, in name order (schema statements run this way)."""
    return [Query(name) for name in _load_all() if name.startswith(folder + "/")]


def verify() -> None:
    """Raise :class:`MissingQueryError` naming every declared query without a file."""
    missing = sorted(_declared - _load_all().keys())
    if missing:
        raise MissingQueryError("missing Cypher files: " + ", ".join(f"cypher/{m}.cypher" for m in missing))
