"""The command line, run in-process against the test session's server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli
from graph.store.driver import Store


def test_stats_json_has_the_promised_keys(demo_graph: Store, run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("stats", "--json")
    counts = json.loads(out)
    assert code == 0
    for key in ("organisations", "countries", "projects", "competences", "regions", "introductions"):
        assert isinstance(counts[key], int)
    assert counts["organisations"] >= 40 and counts["countries"] >= 6


def test_orgs_filters_by_kind_and_country(demo_graph: Store, run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("orgs", "--kind", "library", "--country", "bg", "--json")
    rows = json.loads(out)
    assert code == 0 and rows
    assert all(r["kind"] == "library" and r["country"] == "BG" for r in rows)
    assert set(rows[0]) == {"id", "name", "kind", "country", "region", "city"}


def test_show_prints_offers_needs_projects_partners(demo_graph: Store, run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("show", "cries", "--json")
    profile = json.loads(out)
    assert code == 0
    assert profile["country"] == "RO" and profile["region"]["id"] == "RO-TM"
    assert profile["offers"] and all(1 <= o["level"] <= 5 for o in profile["offers"])
    assert any(p["role"] == "coordinator" for p in profile["projects"])
    assert "email" not in out and profile["contact"] is None
    code, text, _ = run("show", "cries")
    assert code == 0 and "offers:" in text and "Timiș" in text


def test_unknown_organisation_is_one_clear_line(demo_graph: Store, run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("show", "no-such-org")
    assert code == 1 and out == ""
    assert err.strip() == "partnernet: error: no organisation with id 'no-such-org'"


def test_load_reports_bad_rows(empty_graph: Store, run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "regions.csv"
    bad.write_text("id,name\nRomania,România\n", encoding="utf-8")
    code, _, err = run("load", str(bad))
    assert code == 1
    assert "regions.csv, row 2, field 'id': Value error, must be an ISO 3166 code" in err


def test_generate_is_deterministic_by_seed(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name in ("a", "b"):
        code, out, _ = run("generate", "--orgs", "60", "--seed", "5", "-o", str(tmp_path / name))
        assert code == 0 and "60 organisations" in out
    for table in (tmp_path / "a").iterdir():
        assert table.read_bytes() == (tmp_path / "b" / table.name).read_bytes()
    code, _, _ = run("generate", "--orgs", "60", "--seed", "6", "-o", str(tmp_path / "c"))
    assert (tmp_path / "c" / "offers.csv").read_bytes() != (tmp_path / "a" / "offers.csv").read_bytes()


def test_load_demo_loads_the_shipped_network(empty_graph: Store, run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("load", "--demo", "--json")
    assert code == 0 and json.loads(out)["rows"]["organisations"] == 84
    code, out, _ = run("stats", "--json")
    assert json.loads(out)["organisations"] == 84


@pytest.mark.parametrize("args", [(), ("--demo", "somewhere")])
def test_load_takes_a_path_or_demo(run, args: tuple[str, ...], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if args:
        args = (args[0], str(tmp_path))
    result = CliRunner().invoke(cli, ["load", *args])
    assert result.exit_code == 2 and "give either PATH or --demo" in result.output
