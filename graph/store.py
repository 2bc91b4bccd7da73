"""The graph store: one neo4j driver, to the embedded server or to a Neo4j server.

This is the only module that touches ``neo4j`` objects. It hands the rest of the code
plain dicts (temporal values converted to Python's), runs every statement by name
from ``cypher/``, and turns "the server is not there" into :class:`StoreUnavailable`
so that pages can answer 503 and the CLI can print one line.

Example:
    >>> with Store.open(Settings.from_env()) as store:        # doctest: +SKIP
    ...     store.read(query("stats/count_nodes"))
"""

from __future__ import annotations

import atexit
import contextlib
from collections.abc import Callable, Iterator
from typing import Any, Concatenate, ParamSpec, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ServiceUnavailable,
    SessionExpired,
)
from neo4j.time import Date, DateTime, Duration, Time

from graph import queries
from graph.config import Settings
from graph.embedded import DATABASE, USER, EmbeddedServer
from graph.queries import Query

P = ParamSpec("P")
T = TypeVar("T")


class StoreUnavailable(RuntimeError):
    """The graph server cannot be reached (not started, stopped, or unreachable)."""


def plain(value: Any) -> Any:
    """Return ``value`` with neo4j's temporal types turned into Python's, recursively."""
    if isinstance(value, (Date, DateTime, Time)):
        return value.to_native()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def records(result: neo4j.Result) -> list[dict[str, Any]]:
    """Consume a result into plain dicts (for transaction functions)."""
    return [plain(record.data()) for record in result]


@contextlib.contextmanager
def _unavailable_as_error() -> Iterator[None]:
    try:
        yield
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        raise StoreUnavailable(f"the graph server is unreachable: {exc}") from exc


class Store:
    """A connection to the graph: queries by name, managed transactions, schema."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str | None,
        server: EmbeddedServer | None = None,
    ) -> None:
        self.driver = driver
        self.database = database
        self.server = server
        self.revision = 0  # incremented by every write: caches of graph data compare it

    @classmethod
    def open(cls, settings: Settings, ensure_schema: bool = True) -> Store:
        """Connect as configured, starting the embedded server when none is running.

        An embedded server started here belongs to this process and stops when the
        store is closed (or the process exits); one already running (``partnernet db
        start``, or the web app) is shared and left running.
        """
        queries.verify()
        server: EmbeddedServer | None = None
        if settings.embedded:
            server = EmbeddedServer(settings.graph_dir, settings.heap, settings.start_timeout)
            info = server.start()
            uri, auth, database = info.uri, (USER, server.password()), DATABASE
            if server.owns_process:
                atexit.register(server.stop)
        else:
            assert settings.neo4j_uri is not None
            uri, database = settings.neo4j_uri, settings.neo4j_database
            auth = (settings.neo4j_user, settings.neo4j_password or "")
        driver = GraphDatabase.driver(uri, auth=auth, max_connection_pool_size=64)
        store = cls(driver, database, server)
        try:
            with _unavailable_as_error():
                driver.verify_connectivity()
            if ensure_schema:
                store.ensure_schema()
        except (AuthError, StoreUnavailable):
            store.close()
            raise
        return store

    def close(self) -> None:
        """Close the driver, and stop the embedded server if this store started it."""
        self.driver.close()
        if self.server is not None and self.server.owns_process:
            self.server.stop()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- running queries ------------------------------------------------------------

    def read(self, q: Query, **params: Any) -> list[dict[str, Any]]:
        """Run a read-only query and return its rows as plain dicts."""
        return self._execute(q, params, RoutingControl.READ)

    def write(self, q: Query, **params: Any) -> list[dict[str, Any]]:
        """Run one write query in its own managed transaction."""
        self.revision += 1
        return self._execute(q, params, RoutingControl.WRITE)

    def _execute(
        self, q: Query, params: dict[str, Any], routing: RoutingControl
    ) -> list[dict[str, Any]]:
        with _unavailable_as_error():
            rows, _, _ = self.driver.execute_query(
                q.text, params, database_=self.database, routing_=routing
            )
        return [plain(row.data()) for row in rows]

    def read_tx(
        self,
        work: Callable[Concatenate[ManagedTransaction, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run ``work(tx, ...)`` in a managed read transaction (retried if transient)."""
        with _unavailable_as_error(), self.driver.session(database=self.database) as session:
            return session.execute_read(work, *args, **kwargs)

    def write_tx(
        self,
        work: Callable[Concatenate[ManagedTransaction, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run ``work(tx, ...)`` in one managed write transaction: all of it or none."""
        self.revision += 1
        with _unavailable_as_error(), self.driver.session(database=self.database) as session:
            return session.execute_write(work, *args, **kwargs)

    # -- schema ---------------------------------------------------------------------

    def ensure_schema(self) -> None:
        """Create every constraint and index in ``cypher/schema`` (idempotent)."""
        for statement in queries.in_folder("schema"):
            try:
                self.write(statement)
            except ClientError as exc:
                # Neo4j refuses an equivalent index under another name; that is fine.
                if "EquivalentSchemaRule" not in (exc.code or ""):
                    raise

    def ping(self) -> bool:
        """True when the server answers a trivial query."""
        try:
            with _unavailable_as_error():
                self.driver.execute_query("RETURN 1", database_=self.database)
        except StoreUnavailable:
            return False
        return True


def run(tx: ManagedTransaction, q: Query, **params: Any) -> list[dict[str, Any]]:
    """Run a named query inside a transaction function and return plain rows."""
    return records(tx.run(q.text, params))
