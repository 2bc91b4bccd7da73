"""The embedded graph server: an ArcadeDB child process speaking Bolt on loopback.

PartnerNet owns this process. It runs the Java runtime bundled in the
``arcadedb-embedded`` wheel with ArcadeDB's Bolt plugin on a free loopback port, keeps
its data under ``DATA/graph``, stores a generated password with 0600 permissions beside
it, waits until Bolt answers, and stops it cleanly. The state file ``server.json``
records the pid and ports so that other PartnerNet processes (the CLI while the web app
runs) share one server; a state file whose process is gone (a crash, a reboot) is
detected and removed before a new start.

Two ways to run it:
- *owned* (``EmbeddedServer.start()``): the server dies with the Python process that
  started it, even on SIGKILL (Linux parent-death signal), so it never outlives its owner;
- *detached* (``partnernet db start``): it keeps running until ``partnernet db stop``.

Start-up judges the child by its ``Popen`` handle (running, or exited with a status),
never by ``/proc/<pid>/cmdline`` alone, which reads empty while the kernel is still
executing the child; and a start that fails stops what it spawned, so no server is
left holding the database lock without a state file. :meth:`EmbeddedServer.keep_running`
restarts a server that died (``partnernet serve`` runs it in its master process).

Example:
    >>> server = EmbeddedServer(Path("data/graph"))      # doctest: +SKIP
    >>> info = server.start()                             # doctest: +SKIP
    >>> info.uri                                          # doctest: +SKIP
    'bolt://127.0.0.1:41873'
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError

DATABASE = "partnernet"
USER = "root"
# Elements one query may hold in memory (see _command): room for the index reads of a few
# million organisations, still a bound against a runaway query.
MAX_HEAP_ELEMENTS = 20_000_000
_PR_SET_PDEATHSIG = 1
# /proc/<pid>/stat flags: a kernel thread (its command line is empty too); a process that is
# exiting (killed or returned: it still holds its files, the database's lock among them).
_PF_KTHREAD = 0x00200000
_PF_EXITING = 0x00000004
# How long a server that is exiting (a SIGKILL, a crash) is waited for before a new one starts.
EXIT_WAIT_SECONDS = 30.0


class EmbeddedServerError(RuntimeError):
    """The embedded server could not be started, reached or stopped."""


@dataclass(frozen=True)
class ServerInfo:
    """How to reach a running embedded server."""

    pid: int
    bolt_port: int
    http_port: int
    started_at: float
    detached: bool
    # False from the spawn until the database answers: other processes connect only to a
    # ready server (a connection to one still opening its database hangs instead of failing).
    ready: bool = True

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"


def _arcadedb_home() -> Path:
    import arcadedb_embedded  # the wheel carries the jars and a Java runtime

    return Path(arcadedb_embedded.__file__).parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_answers(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Ask Linux to SIGTERM the child when its parent dies, so no orphan is left."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _process_state(pid: int, marker: str) -> str:
    """``"running"`` when ``pid`` runs and its command line names ``marker`` (not a reused
    pid); ``"exiting"`` while it exits (killed or returned: its command line is already
    empty, and its main thread may already be a zombie, but its other threads still hold
    its memory and files, the database's lock among them); ``"gone"`` otherwise.

    A process whose command line is still empty and that is not exiting (the kernel is
    executing it: the moment right after a spawn) is running, unless it is a zombie or a
    kernel thread.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return "gone"
    fields = stat.rsplit(")", 1)[-1].split()  # the name in parentheses may hold spaces
    state, flags = fields[0], int(fields[6])
    if state == "X":
        return "gone"
    if state == "Z":  # the main thread: the process is gone with its last thread
        try:
            threads = len(os.listdir(f"/proc/{pid}/task"))
        except OSError:
            return "gone"
        return "exiting" if threads > 1 else "gone"
    if flags & _PF_EXITING:
        return "exiting"
    if not cmdline:
        return "gone" if flags & _PF_KTHREAD else "running"
    return "running" if marker in cmdline else "gone"


def _process_alive(pid: int, marker: str) -> bool:
    """True when ``pid`` runs and its command line names ``marker`` (see :func:`_process_state`)."""
    return _process_state(pid, marker) == "running"


def _wait_exited(pid: int, marker: str, seconds: float) -> None:
    """Return once ``pid`` has finished exiting (or after ``seconds``)."""
    deadline = time.monotonic() + seconds
    while _process_state(pid, marker) == "exiting" and time.monotonic() < deadline:
        time.sleep(0.01)


def _terminate(child: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    """Stop a child we spawned and reap it: SIGTERM, then SIGKILL after ``timeout`` s."""
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


class EmbeddedServer:
    """Start, find, and stop the ArcadeDB server of one data directory."""

    def __init__(self, graph_dir: Path, heap: str = "2g", timeout: float = 60.0) -> None:
        self.graph_dir = graph_dir.resolve()
        self.heap = heap
        self.timeout = timeout
        self._child: subprocess.Popen[bytes] | None = None
        self._parent_pid = os.getpid()  # the process that started _child

    # -- files ---------------------------------------------------------------------

    @property
    def state_file(self) -> Path:
        return self.graph_dir / "server.json"

    @property
    def log_file(self) -> Path:
        return self.graph_dir / "server.log"

    @property
    def password_file(self) -> Path:
        return self.graph_dir / "password"

    def password(self) -> str:
        """The root password, generated on first use and kept with 0600 permissions."""
        self.graph_dir.mkdir(parents=True, exist_ok=True)
        if not self.password_file.exists():
            fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(24))
        os.chmod(self.password_file, 0o600)
        return self.password_file.read_text().strip()

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """Serialise start/stop between processes sharing this data directory."""
        self.graph_dir.mkdir(parents=True, exist_ok=True)
        with open(self.graph_dir / "server.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- state ---------------------------------------------------------------------

    def status(self) -> ServerInfo | None:
        """The running server of this data directory, or None (a stale state is removed)."""
        try:
            info = ServerInfo(**json.loads(self.state_file.read_text()))
        except (OSError, ValueError, TypeError):
            return None
        ours = self._child is not None and self._child.pid == info.pid
        if self._alive(info.pid):
            return info
        # Stale: the process died without stopping (a crash, a kill, a reboot). One still
        # exiting holds the database's lock, which a server started now could not take.
        _wait_exited(info.pid, str(self.graph_dir), EXIT_WAIT_SECONDS)
        if ours and self._child is not None:
            # Reap it: /proc may call it gone while the kernel still finishes its threads,
            # and a handle dropped unreaped leaves a zombie (and Python's ResourceWarning).
            _terminate(self._child)
            self._child = None
        self.state_file.unlink(missing_ok=True)
        return None

    def _alive(self, pid: int) -> bool:
        """Whether the server ``pid`` runs: for a process we spawned, its handle says so
        (exact while it is being executed) and ``/proc`` agrees (a killed JVM's main thread
        is a zombie before its other threads are gone and it can be reaped); ``/proc`` alone
        for another's."""
        alive = _process_alive(pid, str(self.graph_dir))
        if self._child is not None and self._child.pid == pid:
            return self._child.poll() is None and alive
        return alive

    def start(self, detached: bool = False) -> ServerInfo:
        """Start the server (or return the one already running) and wait for Bolt.

        Raises :class:`EmbeddedServerError` with the end of the server log when the
        server exits during start-up (with its exit status) or does not answer within
        ``timeout`` seconds; the spawned process is then stopped, never left running.
        The lock is held until the server answers, so a concurrent start waits for it
        and shares it rather than finding a server that does not answer yet.
        """
        self._check_writable()
        with self._lock():
            running = self.status()
            if running is not None and running.ready:
                return running
            if running is not None:  # its starter died before it answered: wait for it here
                self._wait_ready(running, None)
                return self._record(running)
            child, info = self._spawn(detached)
            self.state_file.write_text(json.dumps(asdict(info)))
            try:
                self._wait_ready(info, child)
            except BaseException:
                _terminate(child)
                if self._child is child:
                    self._child = None
                self.state_file.unlink(missing_ok=True)
                raise
            return self._record(info)

    def _record(self, info: ServerInfo) -> ServerInfo:
        """Write the state file of a server that answers (``ready``); return that state."""
        ready = replace(info, ready=True)
        self.state_file.write_text(json.dumps(asdict(ready)))
        return ready

    def _check_writable(self) -> None:
        """Fail with a clear message when the data directory cannot be written."""
        try:
            self.graph_dir.mkdir(parents=True, exist_ok=True)
            probe = self.graph_dir / ".write-test"
            probe.write_bytes(b"ok")
            probe.unlink()
        except OSError as exc:
            raise EmbeddedServerError(
                f"the data directory {self.graph_dir} is not writable ({exc.strerror}); "
                "the graph server keeps its database there: check its permissions, "
                "free space and mount options, or set PARTNERNET_DATA"
            ) from exc

    def _command(self, bolt_port: int, http_port: int) -> list[str]:
        home = _arcadedb_home()
        settings = {
            "arcadedb.server.rootPath": str(self.graph_dir),
            "arcadedb.server.databaseDirectory": str(self.graph_dir / "databases"),
            "arcadedb.server.rootPassword": self.password(),
            "arcadedb.server.defaultDatabases": f"{DATABASE}[{USER}]",
            "arcadedb.server.mode": "production",
            "arcadedb.server.httpIncomingHost": "127.0.0.1",
            "arcadedb.server.httpIncomingPort": str(http_port),
            "arcadedb.server.plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "arcadedb.bolt.host": "127.0.0.1",
            "arcadedb.bolt.port": str(bolt_port),
            # A query may hold this many elements in memory (sorting, collecting): the
            # matching index reads each table as one list, 1.7 million offers at 500,000
            # organisations, over ArcadeDB's default of about one million. Still bounded.
            "arcadedb.queryMaxHeapElementsAllowedPerOp": str(MAX_HEAP_ELEMENTS),
        }
        # The settings (with the password) go in a 0600 argument file, not on the
        # command line where any local user could read them.
        args_file = self.graph_dir / "jvm.args"
        fd = os.open(args_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.writelines(f'"-D{key}={value}"\n' for key, value in settings.items())
        return [
            str(home / "jre" / "bin" / "java"),
            f"-Xmx{self.heap}",
            "-XX:+UseG1GC",
            f"-Dpartnernet.data={self.graph_dir}",
            f"@{args_file}",
            "-cp",
            str(home / "jars" / "*"),
            "com.arcadedb.server.ArcadeDBServer",
        ]

    def _spawn(self, detached: bool) -> tuple[subprocess.Popen[bytes], ServerInfo]:
        bolt_port, http_port = _free_port(), _free_port()
        log = open(self.log_file, "ab")  # noqa: SIM115 - handed to the child
        try:
            child = subprocess.Popen(
                self._command(bolt_port, http_port),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.graph_dir,
                start_new_session=True,
                preexec_fn=None if detached else _die_with_parent,
            )
        finally:
            log.close()
        if not detached:
            self._child, self._parent_pid = child, os.getpid()
        return child, ServerInfo(child.pid, bolt_port, http_port, time.time(), detached, ready=False)

    def _wait_ready(self, info: ServerInfo, child: subprocess.Popen[bytes] | None) -> None:
        """Wait until the server answers; ``child``: its handle if this process spawned it."""
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if child is not None:
                status: int | str | None = child.poll()
            else:
                status = None if self._alive(info.pid) else "unknown"
            if status is not None:
                raise EmbeddedServerError(
                    f"the embedded graph server exited during start-up (exit status {status}); "
                    f"end of {self.log_file}:\n{self._log_tail()}"
                )
            if _port_answers(info.bolt_port) and self._database_answers(info):
                return
            time.sleep(0.1)
        raise EmbeddedServerError(
            f"the embedded graph server did not answer on port {info.bolt_port} within "
            f"{self.timeout:.0f} s (set PARTNERNET_START_TIMEOUT to wait longer); end of "
            f"{self.log_file}:\n{self._log_tail()}"
        )

    def _database_answers(self, info: ServerInfo) -> bool:
        # Bolt listens before the database is open (or recovered after a crash), so
        # readiness means a query on the database itself succeeds.
        auth = (USER, self.password())
        try:
            with GraphDatabase.driver(info.uri, auth=auth, connection_timeout=2) as driver:
                driver.execute_query("RETURN 1", database_=DATABASE)
        except (Neo4jError, DriverError, OSError):
            return False
        return True

    def _log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop the running server cleanly (SIGTERM, then SIGKILL); False if none ran."""
        with self._lock():
            info = self.status()
            if info is None:
                return False
            if self._child is not None and self._child.pid == info.pid:
                _terminate(self._child, timeout)  # ours: by its handle, and reaped
                self._child = None
            else:  # another process's (a detached server)
                os.kill(info.pid, signal.SIGTERM)
                deadline = time.monotonic() + timeout
                while _process_state(info.pid, str(self.graph_dir)) != "gone":
                    if time.monotonic() > deadline:
                        os.kill(info.pid, signal.SIGKILL)
                        time.sleep(0.5)
                        break
                    time.sleep(0.1)
            self.state_file.unlink(missing_ok=True)
            return True

    @property
    def owns_process(self) -> bool:
        """True when this object started the server, which still runs, and must stop it.

        A child that died (killed, crashed) is not owned any more: a server started
        since on the same data directory belongs to whoever started it. Nor is it
        owned by a forked copy of the owner (a web server's worker process).
        """
        return self._child is not None and os.getpid() == self._parent_pid and self._child.poll() is None

    def stop_if_owned(self) -> None:
        """Stop the server if this process started it (the exit hook of its owner:
        a forked worker inherits the hook, and must leave the server running)."""
        if self.owns_process:
            self.stop()

    def keep_running(self, stopping: threading.Event, interval: float = 1.0) -> None:
        """Restart the server whenever none runs, until ``stopping`` is set.

        For a long-lived owner (``partnernet serve``'s master process, in a thread that
        lives as long as it): a server killed or crashed is started again, owned by this
        object, and the stores of every process reconnect to it (they re-read the state
        file). Failures to start are logged and retried at the next check.
        """
        log = logging.getLogger(__name__)
        while not stopping.wait(interval):
            if self.status() is not None:
                continue
            log.warning("the embedded graph server of %s is not running: restarting it", self.graph_dir)
            try:
                info = self.start()
            except EmbeddedServerError as exc:
                log.error("the embedded graph server did not restart: %s", exc)
                continue
            log.warning("the embedded graph server runs again (pid %s, %s)", info.pid, info.uri)
