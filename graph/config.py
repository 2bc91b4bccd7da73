"""Settings read from the environment: ONE table, each with its default, variable and help.

Every field of :class:`Settings` names its environment variable (``validation_alias``)
and its help line (``description``) beside its default; :meth:`Settings.documented`
lists them for the README's configuration table, which tests/test_docs.py checks.

With no ``NEO4J_URI`` PartnerNet starts and owns an embedded ArcadeDB server whose data
lives under ``PARTNERNET_DATA`` (default ``./data``); with ``NEO4J_URI`` it connects to
that Neo4j server instead.

Example:
    >>> Settings.from_env({"PARTNERNET_DATA": "/tmp/pn"}).graph_dir
    PosixPath('/tmp/pn/graph')
    >>> Settings.documented()[0]
    ('PARTNERNET_DATA', './data', 'data directory; the embedded server keeps its graph in DATA/graph')
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

log = logging.getLogger(__name__)


def _setting(default: Any, variable: str, meaning: str, **constraints: Any) -> Any:
    """A field read from ``variable``; ``meaning`` is its line in the README's table."""
    return Field(default=default, validation_alias=variable, description=meaning, **constraints)


def _shown(default: Any) -> str:
    """A default as the README's table shows it: 900.0 as 900, None as unset."""
    if default is None:
        return "unset"
    return f"{default:g}" if isinstance(default, float) else str(default)


class Settings(BaseModel):
    """PartnerNet configuration; build it with :meth:`from_env` (fields by name win)."""

    model_config = ConfigDict(frozen=True, validate_by_name=True, validate_by_alias=True)

    data_dir: Path = _setting(
        "./data",
        "PARTNERNET_DATA",
        "data directory; the embedded server keeps its graph in DATA/graph",
        validate_default=True,
    )
    neo4j_uri: str | None = _setting(
        None, "NEO4J_URI", "Neo4j server to use instead of the embedded one (neo4j://, neo4j+s://, bolt://)"
    )
    neo4j_user: str = _setting("neo4j", "NEO4J_USER", "user name for NEO4J_URI")
    neo4j_password: str | None = _setting(None, "NEO4J_PASSWORD", "password for NEO4J_URI")
    neo4j_database: str | None = _setting(
        None, "NEO4J_DATABASE", "database name on the Neo4j server (server default if unset)"
    )
    heap: str = _setting("2g", "PARTNERNET_HEAP", "Java heap of the embedded server, e.g. 2g", pattern=r"^\d+[mg]$")
    start_timeout: float = _setting(
        60.0, "PARTNERNET_START_TIMEOUT", "seconds to wait for the embedded server to answer", gt=0
    )
    node_cap: int = _setting(
        300, "PARTNERNET_NODE_CAP", "largest network drawn node by node; above it views aggregate", ge=10, le=5000
    )
    secret_key: str | None = _setting(
        None, "PARTNERNET_SECRET_KEY", "Flask session secret; generated and kept in DATA if unset"
    )
    login_limit_pair: int = _setting(
        5,
        "PARTNERNET_LOGIN_LIMIT_PAIR",
        "failed sign-ins per (user name, client address) pair within the window before a wait",
        ge=1,
    )
    login_limit_ip: int = _setting(
        20, "PARTNERNET_LOGIN_LIMIT_IP", "failed logins per client address within the window before a wait", ge=1
    )
    login_window_seconds: float = _setting(
        900.0, "PARTNERNET_LOGIN_WINDOW_SECONDS", "seconds over which failed logins are counted", gt=0
    )
    import_retention_days: int = _setting(
        30,
        "PARTNERNET_IMPORT_RETENTION_DAYS",
        "days a finished browser import's folder in DATA/imports (the upload and its report) is kept; "
        "imports running or not yet run are never removed",
        ge=1,
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ``environ`` (default ``os.environ``); ``overrides`` (by field name) win."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for name, field in cls.model_fields.items():
            variable = str(field.validation_alias)
            if env.get(variable):
                values[name] = env[variable]
        values.update(overrides)
        return cls.model_validate(values)

    @classmethod
    def documented(cls) -> list[tuple[str, str, str]]:
        """(environment variable, default as the README shows it, help) of every setting."""
        return [
            (str(field.validation_alias), _shown(field.default), field.description or "")
            for field in cls.model_fields.values()
        ]

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
