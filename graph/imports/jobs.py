"""Browser imports as jobs on disk: upload, preview, map, check, run, come back later.

An admin's upload becomes a folder ``DATA/imports/<token>/`` holding the file and a
``job.json`` with everything chosen so far (encoding, mapping, countries) and, once it
runs, its progress and outcome. Any web worker can show a job, so the admin may leave
the page while a large file imports and come back to it; :func:`start` runs the import
in a background thread, in one transaction, writing progress as batches go.

Example:
    >>> jobs = Jobs(tmp / "imports")                                          # doctest: +SKIP
    >>> job = jobs.create("admin", "parteneri.xlsx", content, Shape.ORGANISATIONS)  # doctest: +SKIP
    >>> start(store, jobs, job.token)                                          # doctest: +SKIP
"""

from __future__ import annotations

import re
import secrets
import threading
from dataclasses import asdict
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel

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
    def tabular(self) -> bool:
        return self.shape is not Shape.CORDIS

    @property
    def target(self) -> Target | None:
        return Target(self.shape.value) if self.shape.value in Target.__members__.values() else None


class Jobs:
    """The folder of import jobs."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _dir(self, token: str) -> Path:
        if not TOKEN_RE.match(token):
            raise NotFound(f"no import {token!r}")
        return self.root / token

    def create(self, actor: str, name: str, content: bytes, shape: Shape) -> ImportJob:
        job = ImportJob(token=secrets.token_hex(16), actor=actor, file=name, shape=shape, created=datetime.now(UTC))
        folder = self._dir(job.token)
        folder.mkdir(parents=True, mode=0o700)
        (folder / "upload").write_bytes(content)
        self.save(job)
        return job

    def get(self, token: str) -> ImportJob:
        path = self._dir(token) / "job.json"
        if not path.is_file():
            raise NotFound(f"no import {token!r}")
        return ImportJob.model_validate_json(path.read_text(encoding="utf-8"))

    def save(self, job: ImportJob) -> None:
        folder = self._dir(job.token)
        temporary = folder / "job.json.tmp"
        temporary.write_text(job.model_dump_json(), encoding="utf-8")
        temporary.replace(folder / "job.json")  # readers never see half a file

    def content(self, job: ImportJob) -> bytes:
        return (self._dir(job.token) / "upload").read_bytes()

    def recent(self, limit: int = 20) -> list[ImportJob]:
        """The latest jobs, newest first."""
        found = [self.get(p.parent.name) for p in self.root.glob("*/job.json") if TOKEN_RE.match(p.parent.name)]
        return sorted(found, key=lambda j: j.created, reverse=True)[:limit]


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
    def advance(_table: str, rows: int) -> None:
        job.done += rows
        jobs.save(job)

    try:
        report = imports.write(store, dataset, job.actor, job.file, at_once=True, progress=advance)
    except Exception as exc:  # the server went away, the disk filled: nothing was written
        job.state, job.message = JobState.FAILED, (str(exc).splitlines() or [type(exc).__name__])[0]
        jobs.save(job)
        return
    job.written, job.done = report.rows, job.total
    job.duplicates = candidates(store, [o.id for o in dataset.rows("organisations")])
    job.state = JobState.DONE
    jobs.save(job)


def forget_candidate(jobs: Jobs, job: ImportJob, first: str, second: str) -> None:
    """Take a pair off the job's list once an admin merged it or said it differs."""
    job.duplicates = [c for c in job.duplicates if {c.new, c.existing} != {first, second}]
    jobs.save(job)
