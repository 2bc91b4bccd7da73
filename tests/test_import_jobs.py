"""Import jobs on disk: a job whose process died shows as interrupted, finished jobs' folders go."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from graph.config import Settings
from graph.imports import checking as imports
from graph.imports import jobs
from graph.imports.cordis import read_cordis
from graph.store.driver import Store
from tests.support.cordis import cordis_zip

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture()
def clock() -> Clock:
    return Clock()


@pytest.fixture()
def folder(tmp_path: Path, clock: Clock) -> jobs.Jobs:
    return jobs.Jobs(tmp_path / "imports", keep=timedelta(days=30), clock=clock)


def _job(folder: jobs.Jobs, state: jobs.JobState, written: dict[str, int] | None = None) -> jobs.ImportJob:
    job = folder.create("admin", "parteneri.csv", b"Denumire\nBiblioteca\n", jobs.Shape.ORGANISATIONS)
    job.state, job.written = state, written or {}
    folder.save(job)
    return job


def test_a_running_job_not_heard_of_shows_as_interrupted(folder: jobs.Jobs, clock: Clock) -> None:
    running = _job(folder, jobs.JobState.RUNNING)
    clock.now += jobs.SILENT_FOR / 2
    assert folder.get(running.token).state is jobs.JobState.RUNNING  # its heartbeat is late, not missing
    clock.now += jobs.SILENT_FOR
    shown = folder.get(running.token)
    assert shown.state is jobs.JobState.FAILED
    assert shown.message is not None and shown.message.startswith("interrupted: ")
    assert "09:00 UTC" in shown.message and "before the import was committed" in shown.message
    assert [j.state for j in folder.recent()] == [jobs.JobState.FAILED]  # the list says so too


def test_a_job_interrupted_after_its_commit_says_its_rows_are_in(folder: jobs.Jobs, clock: Clock) -> None:
    committed = _job(folder, jobs.JobState.RUNNING, written={"organisations": 1})
    clock.now += 2 * jobs.SILENT_FOR
    shown = folder.get(committed.token)
    assert shown.state is jobs.JobState.FAILED and shown.message is not None
    assert "were written" in shown.message and "duplicates" in shown.message


def test_a_job_that_waits_or_ended_is_never_interrupted(folder: jobs.Jobs, clock: Clock) -> None:
    waiting, done = _job(folder, jobs.JobState.UPLOADED), _job(folder, jobs.JobState.DONE)
    clock.now += timedelta(days=3)
    assert folder.get(waiting.token).state is jobs.JobState.UPLOADED
    assert folder.get(done.token).state is jobs.JobState.DONE


def test_the_heartbeat_keeps_a_live_job_heard_of(
    folder: jobs.Jobs, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "HEARTBEAT_SECONDS", 0.01)
    job = _job(folder, jobs.JobState.RUNNING)
    clock.now += 2 * jobs.SILENT_FOR
    with jobs.heartbeat(folder, job):  # the import's own thread busy in one long transaction
        deadline = time.monotonic() + 10
        while folder.get(job.token).state is not jobs.JobState.RUNNING and time.monotonic() < deadline:
            time.sleep(0.01)
        assert folder.get(job.token).state is jobs.JobState.RUNNING
    assert folder.get(job.token).updated == clock.now


def test_finished_jobs_folders_are_removed_after_the_retention(folder: jobs.Jobs, clock: Clock) -> None:
    done, failed = _job(folder, jobs.JobState.DONE), _job(folder, jobs.JobState.FAILED)
    waiting = _job(folder, jobs.JobState.UPLOADED)  # never imported: not finished, kept
    lost = _job(folder, jobs.JobState.RUNNING)  # its process died: interrupted, so finished
    recent = _job(folder, jobs.JobState.DONE)
    clock.now += timedelta(days=29)
    folder.save(recent)
    assert folder.prune() == []
    clock.now += timedelta(days=2)
    running = _job(folder, jobs.JobState.RUNNING)  # created long after; still heard of
    running.created = START
    folder.save(running)
    assert sorted(folder.prune()) == sorted([done.token, failed.token, lost.token])
    assert sorted(p.name for p in folder.root.iterdir()) == sorted([waiting.token, recent.token, running.token])
    clock.now += timedelta(days=365)
    folder.save(running)  # a heartbeat: whatever its age, a job that runs stays
    assert folder.prune() == [recent.token]
    assert {j.token for j in folder.recent()} == {waiting.token, running.token}


def test_an_unreadable_job_folder_is_left_alone(folder: jobs.Jobs, clock: Clock) -> None:
    broken = _job(folder, jobs.JobState.DONE)
    (folder.root / broken.token / "job.json").write_text("{not json", encoding="utf-8")
    clock.now += timedelta(days=400)
    assert folder.prune() == [] and (folder.root / broken.token).is_dir()


def test_the_jobs_folder_and_retention_come_from_the_settings(tmp_path: Path) -> None:
    settings = Settings.from_env({"PARTNERNET_DATA": str(tmp_path), "PARTNERNET_IMPORT_RETENTION_DAYS": "7"})
    folder = jobs.Jobs.for_settings(settings)
    assert (folder.root, folder.keep) == (tmp_path / "imports", timedelta(days=7))
    assert Settings.from_env({}).import_retention_days == 30


def test_a_cordis_job_without_activity_types_keeps_the_kinds(empty_graph: Store, folder: jobs.Jobs) -> None:
    mapped = read_cordis("cordis.zip", cordis_zip(), {"RO"})
    imports.write(empty_graph, imports.check(empty_graph, mapped.sources("cordis.zip")), "admin", "cordis.zip")
    job = folder.create("admin", "cordis.zip", cordis_zip(drop=("activityType",)), jobs.Shape.CORDIS)
    kinds = {row["id"]: row["kind"] for _, row in jobs.mapped(empty_graph, folder, job).rows["organisations"]}
    assert (kinds["pic-999000001"], kinds["pic-999000007"]) == ("authority", "other")  # kept; new
