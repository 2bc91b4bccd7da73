"""Backup and restore: identical round trips, and damaged files refused with nothing written."""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli
from graph.backup.archive import BackupError, backup, graph_checksum, restore
from graph.config import Settings
from graph.explore.counts import stats
from graph.explore.organisations import get_profile
from graph.readwrite.generator import generate
from graph.readwrite.importer import load_path
from graph.store.driver import Store
from tests.support.graph import DEMO, clear


def _lines(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _rewrite(path: Path, records: list[dict], reseal: bool) -> None:
    """Write ``records`` back; with ``reseal`` the trailer's SHA-256 is recomputed too."""
    body = [(json.dumps(r) + "\n").encode() for r in records[:-1]]
    trailer = dict(records[-1])
    if reseal:
        trailer["sha256"] = hashlib.sha256(b"".join(body)).hexdigest()
    with gzip.open(path, "wb") as handle:
        handle.writelines([*body, (json.dumps(trailer) + "\n").encode()])


@pytest.fixture()
def demo_backup(empty_graph: Store, tmp_path: Path) -> Path:
    load_path(empty_graph, DEMO)
    path = tmp_path / "demo.backup.gz"
    backup(empty_graph, path)
    return path


def test_demo_round_trip_is_identical(empty_graph: Store, tmp_path: Path) -> None:
    load_path(empty_graph, DEMO)
    before = graph_checksum(empty_graph)
    report = backup(empty_graph, tmp_path / "demo.gz")
    assert report.checksum == before
    assert report.labels["Organisation"] == 84 and report.types["OFFERS"] > 0
    header, trailer = _lines(tmp_path / "demo.gz")[0], _lines(tmp_path / "demo.gz")[-1]
    assert header["format"] == "partnernet-backup" and header["version"] == 1
    assert header["counts"]["nodes"] == report.nodes == trailer["counts"]["nodes"]
    created = get_profile(empty_graph, "anbpr")

    clear(empty_graph)
    restored = restore(empty_graph, tmp_path / "demo.gz")
    # Organisations lack different optional properties: none is restored as null.
    assert restored.checksum == before == graph_checksum(empty_graph)
    assert set(restored.phases) == {"verify_s", "delete_s", "nodes_s", "relationships_s", "checksum_s"}
    assert stats(empty_graph).organisations == 84
    assert get_profile(empty_graph, "anbpr") == created


def _org(records: list[dict], org_id: str) -> dict:
    return next(r for r in records if r.get("labels") == ["Organisation"] and r["props"]["id"] == org_id)


def test_temporal_values_keep_their_types(demo_backup: Path, empty_graph: Store, tmp_path: Path) -> None:
    records = _lines(demo_backup)
    project = next(r for r in records if r.get("labels") == ["Project"])
    anbpr = _org(records, "anbpr")
    assert set(project["props"]["start"]) == {"$date"}
    assert set(anbpr["props"]["created_at"]) == {"$datetime", "zone"}
    assert len(anbpr["props"]["created_at"]["$datetime"].split(".")[1]) == 9  # nanoseconds
    restore(empty_graph, demo_backup, replace=True)
    profile = get_profile(empty_graph, "anbpr")
    assert profile.projects and all(isinstance(p.start, date) for p in profile.projects)
    backup(empty_graph, tmp_path / "again.gz")
    assert _org(_lines(tmp_path / "again.gz"), "anbpr") == anbpr  # same types, same instants


def test_restore_refuses_a_non_empty_graph(demo_backup: Path, empty_graph: Store) -> None:
    before = graph_checksum(empty_graph)
    with pytest.raises(BackupError, match="not empty .* --replace"):
        restore(empty_graph, demo_backup)
    assert graph_checksum(empty_graph) == before
    assert restore(empty_graph, demo_backup, replace=True).checksum == before


def test_generated_round_trip_through_the_cli(
    empty_graph: Store, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(tmp_path / "gen", 300, seed=7)
    load_path(empty_graph, tmp_path / "gen")
    before = graph_checksum(empty_graph)
    monkeypatch.setenv("PARTNERNET_DATA", str(settings.data_dir))
    runner = CliRunner()
    made = runner.invoke(cli, ["backup", "-o", str(tmp_path / "gen.gz")])
    assert made.exit_code == 0, made.output
    assert f"checksum {before}" in made.output
    refused = runner.invoke(cli, ["restore", str(tmp_path / "gen.gz")])
    assert refused.exit_code == 1 and "--replace" in refused.output
    done = runner.invoke(cli, ["restore", "--replace", "--json", str(tmp_path / "gen.gz")])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["checksum"] == before == graph_checksum(empty_graph)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("truncate", "damaged or truncated"),
        ("drop_trailer", "no trailer"),
        ("edit_value", "SHA-256 does not match"),
        ("flip_byte", "damaged or truncated|SHA-256|not JSON"),
        ("inject_label", "not allowed"),
        ("inject_type", "not allowed"),
        ("inject_key", "property key .* not allowed"),
        ("dangling_endpoint", "missing from the backup"),
        ("future_version", "version 99"),
        ("bad_temporal", "line"),
    ],
)
def test_damaged_backups_are_refused_and_nothing_is_written(
    demo_backup: Path, empty_graph: Store, damage: str, message: str
) -> None:
    records = _lines(demo_backup)
    raw = demo_backup.read_bytes()
    node = next(i for i, r in enumerate(records) if r.get("labels") == ["Organisation"])
    rel = next(i for i, r in enumerate(records) if r.get("kind") == "rel")
    if damage == "truncate":
        demo_backup.write_bytes(raw[: len(raw) * 2 // 3])
    elif damage == "drop_trailer":
        with gzip.open(demo_backup, "wb") as handle:
            handle.writelines((json.dumps(r) + "\n").encode() for r in records[:-1])
    elif damage == "flip_byte":
        demo_backup.write_bytes(raw[:500] + bytes([raw[500] ^ 0xFF]) + raw[501:])
    else:
        if damage == "edit_value":
            records[node]["props"]["name"] = "Tampered"
        elif damage == "inject_label":
            records[node]["labels"] = ["Organisation`) DETACH DELETE n //"]
        elif damage == "inject_type":
            records[rel]["type"] = "OFFERS]->() DETACH DELETE x //"
        elif damage == "inject_key":  # property keys are written into the statement
            records[node]["props"]["name`: 1}) DETACH DELETE n //"] = "x"
        elif damage == "dangling_endpoint":
            records[rel]["start"] = ["Organisation", "no-such-org"]
        elif damage == "future_version":
            records[0]["version"] = 99
        elif damage == "bad_temporal":
            records[node]["props"]["created_at"] = {"$datetime": "not a date"}
        _rewrite(demo_backup, records, reseal=damage != "edit_value")
    before = graph_checksum(empty_graph)
    with pytest.raises(BackupError, match=message):
        restore(empty_graph, demo_backup, replace=True)
    assert graph_checksum(empty_graph) == before  # --replace deleted nothing either


def test_a_failing_write_leaves_the_graph_empty(demo_backup: Path, empty_graph: Store) -> None:
    # Two nodes keyed differently in the file but equal for the database's uniqueness
    # constraint pass the file checks and fail on the server, after earlier batches.
    records = _lines(demo_backup)
    twin = {
        "kind": "node",
        "labels": ["Competence", "Organisation"],
        "props": {"id": "anbpr", "name": "twin"},
    }
    records.insert(len(records) - 1, twin)
    records[-1]["counts"]["nodes"] += 1
    _rewrite(demo_backup, records, reseal=True)
    with pytest.raises(BackupError, match="failed: .*graph is empty"):
        restore(empty_graph, demo_backup, replace=True, batch_size=20)
    assert stats(empty_graph).organisations == 0


def test_a_relationship_to_a_node_without_an_id_cannot_be_backed_up(empty_graph: Store, tmp_path: Path) -> None:
    empty_graph.driver.execute_query(
        "CREATE (:Region {id: 'RO'})<-[:PART_OF]-(:Region {name: 'no id'})",
        database_=empty_graph.database,
    )
    with pytest.raises(BackupError, match="PART_OF relationship .* backed up portably"):
        graph_checksum(empty_graph)
    with pytest.raises(BackupError, match="PART_OF relationship .* backed up portably"):
        backup(empty_graph, tmp_path / "never.gz")
    assert not (tmp_path / "never.gz").exists()


def test_a_property_key_a_restore_would_refuse_stops_the_backup(empty_graph: Store, tmp_path: Path) -> None:
    empty_graph.driver.execute_query("CREATE (:Region {id: 'RO', `odd``key`: 1})", database_=empty_graph.database)
    with pytest.raises(BackupError, match="property key 'odd`key' is not allowed"):
        backup(empty_graph, tmp_path / "never.gz")
    assert not (tmp_path / "never.gz").exists()
