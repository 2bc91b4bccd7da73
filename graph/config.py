"""Settings read from the environment, each with a default and a one-line help.

With no ``NEO4J_URI`` PartnerNet starts and owns an embedded ArcadeDB server whose data
lives under ``PARTNERNET_DATA`` (default ``./data``); with ``NEO4J_URI`` it connects to
that Neo4j server instead.

Example:
    >>> Settings.from_env({"PARTNERNET_DATA": "/tmp/pn"}).graph_dir
    PosixPath('/tmp/pn/graph')
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

log = logging.getLogger(__name__)

# Environment variable -> (Settings field, help line). The README's configuration table
# is checked against this mapping by tests/test_docs.py.
ENVIRONMENT: dict[str, tuple[str, str]] = {
    "PARTNERNET_DATA": ("data_dir", "data directory; the embedded server keeps its graph in DATA/graph"),
    "NEO4J_URI": ("neo4j_uri", "Neo4j server to use instead of the embedded one (neo4j://, neo4j+s://, bolt://)"),
    "NEO4J_USER": ("neo4j_user", "user name for NEO4J_URI"),
    "NEO4J_PASSWORD": ("neo4j_password", "password for NEO4J_URI"),
    "NEO4J_DATABASE": ("neo4j_database", "database name on the Neo4j server (server default if unset)"),
    "PARTNERNET_HEAP": ("heap", "Java heap of the embedded server, e.g. 2g"),
    "PARTNERNET_START_TIMEOUT": ("start_timeout", "seconds to wait for the embedded server to answer"),
    "PARTNERNET_NODE_CAP": ("node_cap", "largest network drawn node by node; above it views aggregate"),
    "PARTNERNET_SECRET_KEY": ("secret_key", "Flask session secret; generated and kept in DATA if unset"),
}


class Settings(BaseModel):
    """PartnerNet configuration; build it with :meth:`from_env`."""

    model_config = ConfigDict(frozen=True)

    data_dir: Path = Path("./data")
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str | None = None
    heap: str = Field(default="2g", pattern=r"^\d+[mg]$")
    start_timeout: float = Field(default=60.0, gt=0)
    node_cap: int = Field(default=300, ge=10, le=5000)
    secret_key: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ``environ`` (default ``os.environ``); ``overrides`` win."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {name: env[var] for var, (name, _) in ENVIRONMENT.items() if env.get(var)}
        values.update(overrides)
        return cls.model_validate(values)

    @property
    def embedded(self) -> bool:
        """True when PartnerNet runs its own ArcadeDB server."""
        return not self.neo4j_uri

    @property
    def graph_dir(self) -> Path:
        return self.data_dir / "graph"

    def prepare_data_dir(self) -> Path:
        """The data directory, created if missing and closed to other users (mode 0700).

        It holds the graph with password hashes and contacts, the session secret and the
        server's password, so no other local user may even list it. An existing
        directory is tightened too when this user owns it.
        """
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = self.data_dir.stat()
        if status.st_mode & 0o077 and status.st_uid == os.getuid():
            try:
                self.data_dir.chmod(0o700)
            except OSError as exc:  # a read-only file system: serve anyway, and say so
                log.warning("cannot make %s private (mode 0700): %s", self.data_dir, exc.strerror)
        return self.data_dir
