"""The graph store: one neo4j driver, to the embedded server or to a Neo4j server.

This is the only module that touches ``neo4j`` objects. It hands the rest of the code
plain dicts (temporal values converted to Python's), runs every statement by name
from ``cypher/``, and turns "the server is not there" into :class:`StoreUnavailable`
so that pages can answer 503 and the CLI can print one line.

Example:
    >>> with Store.open(Settings.from_env()) as store:        # doctest: +SKIP
    ...     store.read(query("stats/count_summary"))
"""

from __future__ import annotations

import atexit
import contextlib
import contextvars
import random
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Concatenate, ParamSpec, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph.config import Settings
from graph.store import changes, queries
from graph.store.embedded import DATABASE, USER, EmbeddedServer
from graph.store.generation import Generation
from graph.store.journal import Journal
from graph.store.queries import Query
from graph.store.values import plain

P = ParamSpec("P")
T = TypeVar("T")

# Transient errors (deadlocks, concurrent modifications) are retried for this long. The
# driver's own retry loop is switched off because it also retries an unreachable
# server for 30 s, and a page must answer 503 at once instead.
RETRY_SECONDS = 30.0
# ArcadeDB reports two transactions that MERGE the same new key at once as a constraint
# violation instead of making one wait (Neo4j locks); run again, the loser's MERGE
# matches the winner's node. A real violation fails again and is raised.
CONFLICT_RETRIES = 3
# The write-generation counter's file in the data directory (graph.store.generation).
GENERATION_FILE = "generation"


# Set by Store.cache_neutral(): writes of this context leave the generation as it is.
_cache_neutral: contextvars.ContextVar[bool] = contextvars.ContextVar("partnernet_cache_neutral", default=False)


class StoreUnavailable(RuntimeError):
    """The graph server cannot be reached (not started, stopped, or unreachable)."""


def records(result: neo4j.Result) -> list[dict[str, Any]]:
    """Consume a result into plain dicts (for transaction functions)."""
    return [plain(record.data()) for record in result]


@contextlib.contextmanager
def _unavailable_as_error() -> Iterator[None]:
    try:
        yield
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        detail = (str(exc).splitlines() or [type(exc).__name__])[0]  # one line for the CLI
        raise StoreUnavailable(f"the graph server is unreachable: {detail}") from exc


def _driver(uri: str, auth: tuple[str, str]) -> neo4j.Driver:
    return GraphDatabase.driver(uri, auth=auth, max_connection_pool_size=64, max_transaction_retry_time=0)


class Store:
    """A connection to the graph: queries by name, managed transactions, schema."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str | None,
        server: EmbeddedServer | None = None,
        uri: str | None = None,
        generation: Generation | None = None,
    ) -> None:
        self.driver = driver
        self.uri = uri
        self.database = database
        self.server = server
        self._swap = threading.Lock()
        # Bumped after every write (committed or not): graph.store.cache serves no value
        # computed before the current generation. Shared by the processes of one data
        # directory (graph.store.generation), private to this store when none is given.
        self._generation = generation or Generation.open(None)
        # This store's own committed changes, for its process's views (graph.store.journal).
        self.journal = Journal()

    @property
    def generation(self) -> int:
        """The write generation: changes after every write by any process sharing it."""
        return self._generation.value

    def generation_of(self, topics: frozenset[changes.Topic]) -> int:
        """A generation that moves only with writes that may change ``topics``
        (graph.store.changes): what a view depending on those alone compares."""
        return self._generation.read(topics)

    @classmethod
    def open(cls, settings: Settings, ensure_schema: bool = True) -> Store:
        """Connect as configured, starting the embedded server when none is running.

        An embedded server started here belongs to this process and stops when the
        store is closed (or the process exits); one already running (``partnernet db
        start``, or the web app) is shared and left running.
        """
        queries.verify()
        server: EmbeddedServer | None = None
        database: str | None
        settings.prepare_data_dir()
        if settings.embedded:
            server = EmbeddedServer(settings.graph_dir, settings.heap, settings.start_timeout)
            info = server.start()
            uri, auth, database = info.uri, (USER, server.password()), DATABASE
            if server.owns_process:
                atexit.register(server.stop_if_owned)
        else:
            assert settings.neo4j_uri is not None
            uri, database = settings.neo4j_uri, settings.neo4j_database
            auth = (settings.neo4j_user, settings.neo4j_password or "")
        driver = _driver(uri, auth)
        store = cls(driver, database, server, uri, Generation.open(settings.data_dir / GENERATION_FILE))
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
        self._generation.close()
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

    def columns(self, q: Query, **params: Any) -> dict[str, list[Any]]:
        """The one record of a read that returns parallel lists of strings, numbers and
        booleans (an in-memory index's build), as the driver decoded it: without the
        per-value conversion of :meth:`read`, which costs more than the query itself on
        lists of 50,000 organisations. Empty lists when there is no record."""
        records, keys = self._call(lambda driver: self._read_records(driver, q, params), retry_unavailable=True)
        if not records:
            return {key: [] for key in keys}
        return dict(zip(keys, records[0].values(), strict=True))

    def write(self, q: Query, **params: Any) -> list[dict[str, Any]]:
        """Run one write query in its own managed transaction."""
        try:
            return self._execute(q, params, RoutingControl.WRITE)
        finally:
            self._wrote()

    @contextlib.contextmanager
    def cache_neutral(self) -> Iterator[None]:
        """Writes in this block (this thread) change only properties that no cached
        read shows (see graph.store.cache), so they leave cached values valid; only the
        topics they record, if any, are counted (for the views that follow those)."""
        token = _cache_neutral.set(True)
        try:
            yield
        finally:
            _cache_neutral.reset(token)

    def _wrote(self, recorded: changes.Recorded | None = None, journal: bool = False) -> None:
        """Invalidate cached reads (graph.store.cache) of what the write ``recorded``
        it changed (graph.store.changes), of nothing when it changed nothing, or of
        everything when it said neither; and with ``journal`` (it committed, alone),
        journal its records (graph.store.journal)."""
        recorded = recorded or changes.Recorded()
        neutral = _cache_neutral.get()
        topics = recorded.topics
        if not topics or (neutral and not recorded.changes):
            return
        with self.journal.lock:
            self._generation.bump(topics, every=not neutral)
            if journal and recorded.changes:
                self.journal.add(recorded.changes, topics)

    def _execute(self, q: Query, params: dict[str, Any], routing: RoutingControl) -> list[dict[str, Any]]:
        if routing is RoutingControl.READ:
            rows, _ = self._call(lambda driver: self._read_records(driver, q, params), retry_unavailable=True)
        else:
            rows, _, _ = self._call(
                lambda driver: driver.execute_query(q.text, params, database_=self.database, routing_=routing),
                retry_unavailable=False,
            )
        return [plain(row.data()) for row in rows]

    def _session(self, driver: neo4j.Driver, access: str = neo4j.WRITE_ACCESS, **config: Any) -> neo4j.Session:
        """A session on the store's database that shares the bookmarks of every other one
        (those of ``execute_query`` too): on a Neo4j cluster, a read then waits for the
        writes this process made, wherever it runs."""
        return driver.session(
            database=self.database,
            default_access_mode=access,
            bookmark_manager=driver.execute_query_bookmark_manager,
            **config,
        )

    def _read_records(
        self, driver: neo4j.Driver, q: Query, params: dict[str, Any]
    ) -> tuple[list[neo4j.Record], list[str]]:
        """One read as an auto-commit transaction: a single round trip, where a managed
        transaction (``execute_query``) adds a BEGIN and a COMMIT, which cost a millisecond
        per query here. A read has nothing to roll back; ``_call`` retries it when transient."""
        with self._session(driver, neo4j.READ_ACCESS) as session:
            result = session.run(q.text, params)
            return list(result), list(result.keys())

    def stream(
        self,
        q: Query,
        convert: Callable[[Any], Any] = plain,
        fetch_size: int = 2000,
        **params: Any,
    ) -> Iterator[dict[str, Any]]:
        """Yield the rows of a long read, fetched ``fetch_size`` rows at a time.

        For exports (backups) that must not hold the whole graph in memory. The rows
        come from one read transaction; it is not retried, since rows already handed
        out cannot be taken back: a broken connection raises StoreUnavailable.
        """
        with (
            _unavailable_as_error(),
            self._session(self.driver, neo4j.READ_ACCESS, fetch_size=fetch_size) as session,
            session.begin_transaction() as tx,
        ):
            for record in tx.run(q.text, params):
                yield {key: convert(value) for key, value in record.items()}

    def _call(self, work: Callable[[neo4j.Driver], T], retry_unavailable: bool) -> T:
        """Run ``work(driver)``, retrying transient errors; fail fast when unreachable.

        When the server is unreachable the driver is first pointed at the embedded
        server running now, if it was restarted on another port; the call is then
        tried once more there (the old port refused it, so nothing ran). Otherwise
        only a read (``retry_unavailable``) is tried once more, in case the pool held
        a stale connection: a write may have committed before its connection broke.
        """
        deadline = time.monotonic() + RETRY_SECONDS
        delay = 0.05
        tried_again = False
        conflicts = 0
        while True:
            try:
                with _unavailable_as_error():
                    return work(self.driver)
            except StoreUnavailable:
                if tried_again or not (self._reconnect() or retry_unavailable):
                    raise
                tried_again = True
                continue
            except ConstraintError:
                conflicts += 1
                if conflicts > CONFLICT_RETRIES:
                    raise
            except (Neo4jError, DriverError) as exc:
                if not exc.is_retryable() or time.monotonic() > deadline:
                    raise
            time.sleep(delay * random.uniform(0.5, 1.5))
            delay = min(delay * 2, 1.0)

    def _reconnect(self) -> bool:
        """Rebuild the driver for the embedded server now running (and answering); True if it moved."""
        if self.server is None:
            return False
        with self._swap:
            info = self.server.status()
            if info is None or not info.ready or info.uri == self.uri:
                return False
            old, self.driver = self.driver, _driver(info.uri, (USER, self.server.password()))
            self.uri = info.uri
        old.close()
        return True

    def read_tx(
        self,
        work: Callable[Concatenate[ManagedTransaction, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run ``work(tx, ...)`` in a managed read transaction (retried if transient)."""

        def attempt(driver: neo4j.Driver) -> T:
            with self._session(driver, neo4j.READ_ACCESS) as session:
                return session.execute_read(work, *args, **kwargs)

        return self._call(attempt, retry_unavailable=True)

    def write_tx(
        self,
        work: Callable[Concatenate[ManagedTransaction, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run ``work(tx, ...)`` in one managed write transaction: all of it or none."""
        recorded = changes.Recorded()

        def attempt(driver: neo4j.Driver) -> T:
            recorded.clear()  # only the last attempt's records describe what committed
            with self._session(driver) as session, changes.collecting(recorded):
                return session.execute_write(work, *args, **kwargs)

        committed = False
        with self.journal.writing() as flight:
            try:
                result = self._call(attempt, retry_unavailable=False)
                committed = True
                return result
            finally:
                self._wrote(recorded, journal=committed and not flight.overlapped)

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
            self._call(
                lambda driver: driver.execute_query("RETURN 1", database_=self.database),
                retry_unavailable=True,
            )
        except StoreUnavailable:
            return False
        return True


def run(tx: ManagedTransaction, q: Query, **params: Any) -> list[dict[str, Any]]:
    """Run a named query inside a transaction function and return plain rows."""
    return records(tx.run(q.text, params))
