"""``partnernet import``: mapped tables, wide tables and CORDIS from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from graph.explore.organisations import get_profile
from graph.store.driver import Store
from tests.support.cordis import cordis_zip
from tests.support.graph import DEMO
from tests.support.sheets import xlsx_bytes

Run = Callable[..., tuple[int, str, str]]
ROWS = "Denumire;Oraș;Județ;Tip\nBiblioteca Judeţeană Arad;Arad;Arad;Bibliotecă\nAsociaţia Ştiinţa;Iaşi;Iaşi;ONG\n"
MAPPING = """target: organisations
columns: {name: Denumire, city: Oraș, county: Județ, kind: Tip}
defaults: {country: RO}
"""


def test_without_a_mapping_the_suggestion_is_printed_and_nothing_written(
    empty_graph: Store, run: Run, tmp_path: Path
) -> None:
    table = tmp_path / "parteneri.xlsx"
    table.write_bytes(xlsx_bytes([line.split(";") for line in ROWS.splitlines()]))
    code, out, _ = run("import", str(table))
    assert code == 0 and "  name: Denumire\n" in out and "  county: Județ\n" in out and "Asociaţia Ştiinţa" in out
    code, out, _ = run("import", "table", str(table), "--json")
    assert json.loads(out)["mapping"]["columns"]["kind"] == "Tip"
    code, out, _ = run("stats", "--json")
    assert json.loads(out)["organisations"] == 0


def test_a_windows_1250_csv_imports_through_a_mapping_file(empty_graph: Store, run: Run, tmp_path: Path) -> None:
    table, mapping = tmp_path / "parteneri.csv", tmp_path / "mapping.yaml"
    table.write_bytes(ROWS.replace("ț", "ţ").replace("ș", "ş").encode("cp1250"))
    mapping.write_text(MAPPING, encoding="utf-8")
    code, out, _ = run("import", str(table), "--mapping", str(mapping), "--dry-run", "--json")
    assert code == 0 and json.loads(out)["written"] == {}
    code, out, err = run("import", str(table), "--mapping", str(mapping), "--json")
    assert code == 0 and err == ""  # --json: nothing but the JSON
    assert json.loads(out)["written"] == {"regions": 3, "organisations": 2}
    assert get_profile(empty_graph, "asociatia-stiinta-iasi").region.id == "RO-IS"  # type: ignore[union-attr]
    code, out, err = run("import", str(table), "--mapping", str(mapping))
    assert code == 0 and "Windows-1250" in err and "importing parteneri.csv: 2/2 rows" in err  # a log line, no bar
    mapping.write_text(MAPPING.replace("Tip}", "Tip, size: Tip}"), encoding="utf-8")
    code, out, err = run("import", str(table), "--mapping", str(mapping))
    assert code == 1 and "parteneri.csv, row 2, field 'size'" in err


def test_cordis_with_a_country_filter_and_the_duplicates_it_brings(
    empty_graph: Store, run: Run, tmp_path: Path
) -> None:
    archive = tmp_path / "cordis.zip"
    archive.write_bytes(cordis_zip())
    code, _, err = run("load", str(DEMO))
    assert code == 0 and "loading demo: " in err  # plain progress lines off a terminal
    code, out, _ = run("import", "cordis", str(archive), "--countries", "RO,BG,EL", "--json")
    result = json.loads(out)
    assert code == 0 and result["written"]["organisations"] == 6
    assert [(d["new_name"], d["existing_name"]) for d in result["duplicates"]] == [
        ("BIBLIOTECA JUDETEANA TIMIS SORIN TITEL", "Biblioteca Județeană Timiș „Sorin Titel”"),
        ("UNIVERSITATEA DE VEST DIN TIMISOARA", "Universitatea de Vest din Timișoara"),
    ]
    code, _, err = run("backup", "-o", str(tmp_path / "after-cordis.gz"))
    assert code == 0 and "backing up to after-cordis.gz: " in err  # long commands log their progress
    code, _, err = run("import", "cordis", str(archive), "--countries", "Atlantis")
    assert code == 2 and "unknown country 'Atlantis'" in err


def test_a_cordis_reimport_without_activity_types_keeps_the_kinds(empty_graph: Store, run: Run, tmp_path: Path) -> None:
    first, second = tmp_path / "cordis.zip", tmp_path / "cordis-newer.zip"
    first.write_bytes(cordis_zip())
    second.write_bytes(cordis_zip(blank=("activityType",)))
    assert run("import", "cordis", str(first), "--json")[0] == 0
    assert run("import", "cordis", str(second), "--json")[0] == 0
    assert get_profile(empty_graph, "pic-999000001").kind == "authority"  # PUB, as the first download said
