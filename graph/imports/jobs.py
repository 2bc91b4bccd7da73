"""Browser imports as jobs on disk: upload, preview, map, check, run, come back later.

An admin's upload becomes a folder ``DATA/imports/<token>/`` holding the file and a
``job.json`` with everything chosen so far (encoding, mapping, countries) and, once it
runs, its progress and outcome. Any web worker can show a job, so the admin may leave
the page while a large file imports and come back to it; :func:`start` runs the import
in a background thread, in one transaction, writing progress as batches go.

A running job's ``updated`` time is its heartbeat (:func:`heartbeat` saves it every few
seconds, whatever the import is busy with). If its worker process dies (restarted,
killed, out of memory), nothing will ever save it again: a running job not heard of for
:data:`SILENT_FOR` is shown as failed, "interrupted", with what that means for the data.
It is shown so, not written so: should the worker only have been stalled, its next save
puts the truth back.

Finished jobs (done or failed) keep their upload, which may hold contacts, for the
retention the settings give (``PARTNERNET_IMPORT_RETENTION_DAYS``); :meth:`Jobs.prune`
then removes their folders. A job still running, or uploaded and not yet imported, is
never removed.

Example:
    >>> jobs = Jobs.for_settings(settings)                                    # doctest: +SKIP
    >>> job = jobs.create("admin", "parteneri.xlsx", content, Shape.ORGANISATIONS)  # doctest: +SKIP
    >>> start(store, jobs, job)                                                # doctest: +SKIP
"""

from __future__ import annotations

import re
import secrets
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ValidationError

from graph.config import Settings
from graph.errors import NotFound
from graph.imports import checking as imports
from graph.imports.cordis import read_cordis
from graph.imports.mapping import Mapped, Mapping, Target, apply_mapping
from graph.imports.merge import Candidate, candidates
from graph.imports.wide import read_wide
from graph.readwrite.dataset import Dataset, DatasetError, RowError
from graph.readwrite.tables import Table, read_table
from graph.store.driver import Store

TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")
SHOWN_ERRORS = 500
HEARTBEAT_SECONDS = 5.0  # how often a running job is saved, busy or not
# A running job not saved for this long has lost its process (a dozen missed heartbeats).
SILENT_FOR = timedelta(minutes=1)

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


class Shape(StrEnum):
    """What an uploaded file holds."""

    ORGANISATIONS = "organisations"
    PROJECTS = "projects"
    PARTICIPATIONS = "participations"
    WIDE = "wide"
    CORDIS = "cordis"


class JobState(StrEnum):
    UPLOADED = "uploaded"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Problem(BaseModel):
    """A row error as a job keeps it."""

    file: str
    row: int
    field: str
    message: str


class ImportJob(BaseModel):
    """One browser import: the file, the choices made, and how it went."""

    token: str
    actor: str
    file: str
    shape: Shape
    created: datetime
    updated: datetime | None = None
    encoding: str | None = None
    delimiter: str | None = None
    mapping: Mapping | None = None
    countries: list[str] = []
    default_country: str | None = None
    state: JobState = JobState.UPLOADED
    done: int = 0
    total: int = 0
    written: dict[str, int] = {}
    checked: dict[str, int] = {}
    errors: list[Problem] = []
    error_count: int = 0
    message: str | None = None
    duplicates: list[Candidate] = []

    @property
    def heard(self) -> datetime:
        """When the job was last saved: while it runs, its last heartbeat."""
        return self.updated or self.created

    @property
    def finished(self) -> bool:
        """Whether the job has ended, well or not (an interrupted one has)."""
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def tabular(self) -> bool:
        return self.shape is not Shape.CORDIS

    @property
    def target(self) -> Target | None:
        return Target(self.shape.value) if self.shape.value in Target.__members__.values() else None


class Jobs:
    """The folder of import jobs; finished ones are kept for ``keep`` (``clock`` for tests)."""

    def __init__(self, root: Path, keep: timedelta, clock: Clock = _now) -> None:
        self.root, self.keep, self.clock = root, keep, clock

    @classmethod
    def for_settings(cls, settings: Settings) -> Jobs:
        """The jobs under ``DATA/imports``, finished ones kept as long as the settings say."""
        return cls(settings.data_dir / "imports", timedelta(days=settings.import_retention_days))

    def _dir(self, token: str) -> Path:
        if not TOKEN_RE.match(token):
            raise NotFound(f"no import {token!r}")
        return self.root / token

    def create(self, actor: str, name: str, content: bytes, shape: Shape) -> ImportJob:
        job = ImportJob(token=secrets.token_hex(16), actor=actor, file=name, shape=shape, created=self.clock())
        folder = self._dir(job.token)
        folder.mkdir(parents=True, mode=0o700)
        (folder / "upload").write_bytes(content)
        self.save(job)
        return job

    def get(self, token: str) -> ImportJob:
        """The job as saved; a running one not heard of for :data:`SILENT_FOR` as interrupted."""
        path = self._dir(token) / "job.json"
        if not path.is_file():
            raise NotFound(f"no import {token!r}")
        job = ImportJob.model_validate_json(path.read_text(encoding="utf-8"))
        if job.state is JobState.RUNNING and self.clock() - job.heard > SILENT_FOR:
            _interrupted(job)
        return job

    def save(self, job: ImportJob) -> None:
        """Write ``job`` (stamped ``updated`` now) in one step: readers never see half a file."""
        folder = self._dir(job.token)
        job.updated = self.clock()
        temporary = folder / f"job.json.{secrets.token_hex(4)}.tmp"  # two savers never share one
        temporary.write_text(job.model_dump_json(), encoding="utf-8")
        temporary.replace(folder / "job.json")

    def content(self, job: ImportJob) -> bytes:
        return (self._dir(job.token) / "upload").read_bytes()

    def recent(self, limit: int = 20) -> list[ImportJob]:
        """The latest jobs, newest first."""
        found = [self.get(p.parent.name) for p in self.root.glob("*/job.json") if TOKEN_RE.match(p.parent.name)]
        return sorted(found, key=lambda j: j.created, reverse=True)[:limit]

    def prune(self) -> list[str]:
        """Remove the folders of jobs finished more than ``keep`` ago; return their tokens.

        A job running or not yet imported is never removed, however old; nor is a folder
        whose ``job.json`` cannot be read (a person should look at it).
        """
        removed = []
        for path in self.root.glob("*/job.json"):
            token = path.parent.name
            if not TOKEN_RE.match(token):
                continue
            try:
                job = self.get(token)
            except (NotFound, ValidationError, OSError):
                continue
            if job.finished and self.clock() - job.heard > self.keep:
                shutil.rmtree(path.parent)
                removed.append(token)
        return removed


def table_of(jobs: Jobs, job: ImportJob) -> Table:
    """The uploaded table as the job's encoding and delimiter read it."""
    return read_table(job.file, jobs.content(job), job.encoding, job.delimiter)


def mapped(store: Store, jobs: Jobs, job: ImportJob) -> Mapped:
    """Raw rows of the job's file, through its mapping or fixed shape."""
    if job.shape is Shape.CORDIS:
        return read_cordis(job.file, jobs.content(job), set(job.countries) or None, imports.known(store))
    table = table_of(jobs, job)
    if job.shape is Shape.WIDE:
        return read_wide(table, defaults={"country": job.default_country} if job.default_country else None)
    if job.mapping is None:
        raise ValueError("choose the columns first")
    return apply_mapping(job.mapping, table, imports.known(store))


def check(store: Store, jobs: Jobs, job: ImportJob) -> Dataset | None:
    """Dry run: validate every row; the job records the counts or the errors. Writes no data."""
    try:
        rows = mapped(store, jobs, job)
        dataset = imports.check(store, rows.sources(job.file), rows.errors)
    except DatasetError as exc:
        _failed(job, exc.errors)
        return None
    except ValueError as exc:
        _failed(job, [RowError(job.file, 0, "file", str(exc))])
        return None
    job.errors, job.error_count, job.message = [], 0, None
    job.checked = {t: n for t, n in dataset.summary().items() if n and t != "countries"}
    job.total = dataset.total_rows()
    return dataset


def _failed(job: ImportJob, errors: list[RowError]) -> None:
    job.checked = {}
    job.error_count = len(errors)
    job.errors = [Problem(**asdict(e)) for e in errors[:SHOWN_ERRORS]]


def start(store: Store, jobs: Jobs, job: ImportJob) -> bool:
    """Check ``job`` and, if every row is valid, import it in a background thread.

    Returns whether it started; the job on disk says how it goes.
    """
    dataset = check(store, jobs, job)
    if dataset is None:
        jobs.save(job)
        return False
    job.state, job.done = JobState.RUNNING, 0
    jobs.save(job)
    threading.Thread(target=_run, args=(store, jobs, job, dataset), daemon=True, name=f"import-{job.token}").start()
    return True


def _run(store: Store, jobs: Jobs, job: ImportJob, dataset: Dataset) -> None:
    with heartbeat(jobs, job) as save:

        def advance(_table: str, rows: int) -> None:
            job.done += rows
            save()

        try:
            report = imports.write(store, dataset, job.actor, job.file, at_once=True, progress=advance)
        except Exception as exc:  # the server went away, the disk filled: nothing was written
            job.state, job.message = JobState.FAILED, (str(exc).splitlines() or [type(exc).__name__])[0]
            save()
            return
        job.written, job.done = report.rows, job.total
        save()  # committed: an interruption from here on must not say that nothing was written
        job.duplicates = candidates(store, [o.id for o in dataset.rows("organisations")])
        job.state = JobState.DONE
        save()


@contextmanager
def heartbeat(jobs: Jobs, job: ImportJob) -> Iterator[Callable[[], None]]:
    """Yield ``save()`` for the running ``job``, which a thread also calls every
    :data:`HEARTBEAT_SECONDS` until the block ends, so that any worker can tell a job
    busy in one long transaction from one whose process died."""
    lock, stop = threading.Lock(), threading.Event()

    def save() -> None:
        with lock:  # the import's thread and the heartbeat's: one write at a time
            jobs.save(job)

    def beat() -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            save()

    thread = threading.Thread(target=beat, daemon=True, name=f"import-heartbeat-{job.token}")
    thread.start()
    try:
        yield save
    finally:
        stop.set()
        thread.join()


def _interrupted(job: ImportJob) -> None:
    """Show a running job whose process died as failed, saying what became of its rows."""
    heard = f"last heard of at {job.heard.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    if job.written:
        job.message = (
            f"interrupted: the server process running this import stopped ({heard}) after its rows "
            "were written, while it looked for organisations already there under another spelling; "
            "the data is in, but those probable duplicates were not listed"
        )
    else:
        job.message = (
            f"interrupted: the server process running this import stopped ({heard}) before the import "
            "was committed; upload the file again to import it"
        )
    job.state = JobState.FAILED


def forget_candidate(jobs: Jobs, job: ImportJob, first: str, second: str) -> None:
    """Take a pair off the job's list once an admin merged it or said it differs."""
    job.duplicates = [c for c in job.duplicates if {c.new, c.existing} != {first, second}]
    jobs.save(job)
