"""Imports are audited by the library, whoever asks: the admin page, ``partnernet load``,
and every batch of a large load in the transaction that writes it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli
from graph.config import Settings
from graph.members import audit
from graph.members.accounts import AccessRole
from graph.readwrite.dataset import read_dataset
from graph.readwrite.importer import load_dataset
from graph.store.driver import Store
from tests.support.accounts import USERS, demo_web, sign_in

REGIONS = "- {id: RO, name: România, tags: [balkan]}\n- {id: RO-TM, name: Timiș, parent: RO}\n"
ORGS = "".join(f"- {{id: org-{i}, name: Org {i}, kind: ngo, region: RO-TM}}\n" for i in range(5))


def _dataset(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "regions.yaml").write_text(REGIONS, encoding="utf-8")
    (directory / "organisations.yaml").write_text(ORGS, encoding="utf-8")
    return directory


def _imports(store: Store, actor: str) -> list[audit.AuditEvent]:
    return [e for e in audit.list_events(store, actor=actor) if e.action == "dataset.import"]


def test_cli_load_is_audited(
    empty_graph: Store, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARTNERNET_DATA", str(settings.data_dir))
    done = CliRunner().invoke(cli, ["load", str(_dataset(tmp_path / "data")), "--batch-size", "2"])
    assert done.exit_code == 0, done.output
    events = _imports(empty_graph, "cli")
    assert len(events) == 1 + 3  # one per batch: the regions, then 5 organisations by 2
    assert {e.target_kind for e in events} == {"Dataset"}
    assert all(e.target_id == "organisations.yaml,regions.yaml" for e in events)
    written: dict[str, int] = {}
    for event in events:
        for table, rows in event.changes["rows"]["after"].items():
            written[table] = written.get(table, 0) + rows
    assert written == {"regions": 2, "organisations": 5}


def test_every_batch_commits_with_its_event(empty_graph: Store, tmp_path: Path) -> None:
    report = load_dataset(empty_graph, read_dataset(_dataset(tmp_path / "data")), batch_size=3, actor="someone")
    events = _imports(empty_graph, "someone")
    assert len(events) == report.batches == 1 + 2
    assert sum(sum(e.changes["rows"]["after"].values()) for e in events) == report.total_rows == 7


def test_web_import_is_audited_as_the_admin(settings: Settings, store: Store) -> None:
    web = demo_web(settings, store)
    sign_in(web, AccessRole.ADMIN)
    offers = ("offers.csv", b"org,competence,level\nblia,advocacy-training,3\n")
    answer = web.post(
        "/admin/import",
        content_type="multipart/form-data",
        data={"action": "import", "files": [(io.BytesIO(offers[1]), offers[0])]},
    )
    assert answer.status_code == 200
    (event,) = _imports(store, USERS[AccessRole.ADMIN][0])
    assert event.target_id == "offers.csv" and event.changes["rows"] == {"before": None, "after": {"offers": 1}}
