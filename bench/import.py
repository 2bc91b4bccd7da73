"""Benchmark: imports of real-world shapes into a fresh embedded server.

Three figures, printed as JSON: a generated CORDIS-format zip (20,000 projects,
100,000 participation rows) read, checked and written; a 50,000-row .xlsx of
organisations mapped, checked and written; and duplicate detection over 50,000
organisations (no server). Targets: 60 s, 60 s and 30 s.

    .venv/bin/python bench/import.py
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.config import Settings  # noqa: E402
from graph.imports import checking  # noqa: E402
from graph.imports.cordis import read_cordis  # noqa: E402
from graph.imports.duplicates import OrgKey, find_duplicates  # noqa: E402
from graph.imports.mapping import Mapped, Mapping, Target, apply_mapping  # noqa: E402
from graph.readwrite.tables import read_table  # noqa: E402
from graph.store.driver import Store  # noqa: E402
from graph.store.embedded import EmbeddedServer  # noqa: E402

# EU codes as CORDIS writes them, EL and UK included.
COUNTRIES = ["RO", "BG", "EL", "RS", "HR", "SI", "DE", "FR", "IT", "ES", "PL", "UK", "NL", "BE", "AT"]
CITIES = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa"]
KINDS_OF_NAME = ["Biblioteca", "Universitatea", "Asociatia", "Fundatia", "Institutul", "Centrul", "Primaria"]
WORDS = [
    "Nord",
    "Sud",
    "Est",
    "Vest",
    "Digital",
    "Civic",
    "Verde",
    "Europa",
    "Cultura",
    "Tineret",
    "Lectura",
    "Comunitar",
]
ACTIVITY = ["HES", "REC", "PRC", "PUB", "OTH"]
ROLES = ["coordinator", "participant", "participant", "participant", "thirdParty", "associatedPartner"]


def _name(rng: random.Random, n: int) -> str:
    return f"{rng.choice(KINDS_OF_NAME)} {rng.choice(WORDS)} {rng.choice(WORDS)} {n}"


def cordis_zip(projects: int, participations: int, orgs: int, seed: int) -> bytes:
    """A CORDIS-format zip: ``projects`` projects, ``participations`` organisation rows."""
    rng = random.Random(seed)
    people = [(900_000_000 + i, _name(rng, i), rng.choice(COUNTRIES), rng.choice(CITIES)) for i in range(orgs)]
    project_csv, org_csv = io.StringIO(), io.StringIO()
    p = csv.writer(project_csv, delimiter=";", quoting=csv.QUOTE_ALL)
    p.writerow(
        [
            "id",
            "acronym",
            "title",
            "startDate",
            "endDate",
            "totalCost",
            "frameworkProgramme",
            "fundingScheme",
            "objective",
        ]
    )
    for i in range(projects):
        p.writerow(
            [
                100_000 + i,
                f"P{i}",
                f"Project {i} on {rng.choice(WORDS)}",
                "2022-01-01",
                "2024-12-31",
                "1000000,5",
                rng.choice(["HORIZON", "H2020"]),
                "RIA",
                "An objective; with a semicolon.",
            ]
        )
    o = csv.writer(org_csv, delimiter=";", quoting=csv.QUOTE_ALL)
    o.writerow(["projectID", "organisationID", "name", "activityType", "city", "country", "organizationURL", "role"])
    per_project = participations // projects
    for i in range(projects):
        for k, (pic, name, country, city) in enumerate(rng.sample(people, per_project)):
            o.writerow(
                [
                    100_000 + i,
                    pic,
                    name,
                    rng.choice(ACTIVITY),
                    city,
                    country,
                    "www.example.org",
                    "coordinator" if k == 0 else rng.choice(ROLES[1:]),
                ]
            )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.csv", project_csv.getvalue())
        archive.writestr("organization.csv", org_csv.getvalue())
    return buffer.getvalue()


def xlsx(rows: int, seed: int) -> bytes:
    """A workbook of ``rows`` organisations with Romanian headers."""
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Parteneri")
    sheet.append(["Denumire", "Oraș", "Țara", "Tip", "Email"])
    for i in range(rows):
        sheet.append(
            [
                f"Organizația {rng.choice(WORDS)} nr. {i}",
                rng.choice(CITIES),
                rng.choice(["România", "Bulgaria", "Grecia", "Serbia"]),
                rng.choice(["Bibliotecă", "ONG", "Universitate", "Primăria"]),
                f"o{i}@example.org",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _timed(store: Store, name: str, mapped: Mapped) -> tuple[dict[str, int], float]:
    began = time.perf_counter()
    dataset = checking.check(store, mapped.sources(name), mapped.errors)
    report = checking.write(store, dataset, "bench", name, at_once=False)
    return report.rows, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--participations", type=int, default=100_000)
    parser.add_argument("--cordis-orgs", type=int, default=30_000)
    parser.add_argument("--xlsx-rows", type=int, default=50_000)
    parser.add_argument("--duplicate-orgs", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    result: dict[str, object] = {"benchmark": "import"}

    rng = random.Random(args.seed)
    keys = [
        OrgKey(str(i), _name(rng, i // 2), rng.choice(CITIES), rng.choice(COUNTRIES))
        for i in range(args.duplicate_orgs)
    ]
    began = time.perf_counter()
    pairs = find_duplicates(keys)
    result["duplicates"] = {
        "orgs": len(keys),
        "pairs_found": len(pairs),
        "seconds": round(time.perf_counter() - began, 2),
        "target_s": 30,
    }

    archive = cordis_zip(args.projects, args.participations, args.cordis_orgs, args.seed)
    workbook = xlsx(args.xlsx_rows, args.seed)
    with tempfile.TemporaryDirectory(prefix="pn-bench-import-") as tmp:
        settings = Settings.from_env(environ={}, data_dir=Path(tmp), heap="4g")
        server = EmbeddedServer(settings.graph_dir, settings.heap)
        server.start()
        try:
            with Store.open(settings) as store:
                began = time.perf_counter()
                mapped = read_cordis("cordis.zip", archive)
                read_s = time.perf_counter() - began
                rows, write_s = _timed(store, "cordis.zip", mapped)
                result["cordis"] = {
                    "zip_bytes": len(archive),
                    "projects": args.projects,
                    "participation_rows": args.participations,
                    "written": rows,
                    "read_s": round(read_s, 2),
                    "check_and_write_s": round(write_s, 2),
                    "seconds": round(read_s + write_s, 2),
                    "target_s": 60,
                }
                began = time.perf_counter()
                table = read_table("parteneri.xlsx", workbook)
                mapping = Mapping(
                    target=Target.ORGANISATIONS,
                    columns={"name": "Denumire", "city": "Oraș", "country": "Țara", "kind": "Tip", "email": "Email"},
                )
                mapped = apply_mapping(mapping, table, checking.known(store))
                read_s = time.perf_counter() - began
                rows, write_s = _timed(store, "parteneri.xlsx", mapped)
                result["xlsx"] = {
                    "xlsx_bytes": len(workbook),
                    "rows": args.xlsx_rows,
                    "written": rows,
                    "read_and_map_s": round(read_s, 2),
                    "check_and_write_s": round(write_s, 2),
                    "seconds": round(read_s + write_s, 2),
                    "target_s": 60,
                }
        finally:
            server.stop()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
