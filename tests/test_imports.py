"""Other people's tables into the graph: mapped spreadsheets, wide partner tables, CORDIS."""

from __future__ import annotations

import pytest

from graph.errors import NotFound
from graph.explore.catalogue import get_project
from graph.explore.counts import stats
from graph.explore.organisations import get_profile
from graph.imports import checking as imports
from graph.imports.cordis import CordisError, read_cordis
from graph.imports.mapping import Mapping, Target, apply_mapping, suggest
from graph.imports.wide import read_wide
from graph.members import audit, editing
from graph.readwrite.dataset import DatasetError
from graph.readwrite.tables import read_table
from graph.store.driver import Store
from tests.support.cordis import cordis_zip
from tests.support.sheets import xlsx_bytes

PARTNERS = [
    ["Denumire", "Oraș", "Județ", "Tip", "Email", "Descriere"],
    ["Biblioteca Județeană „Sorin Titel”", "Timișoara", "Timiș", "Bibliotecă", "bjt@example.org", "Lectură"],
    ["Asociaţia Ştiinţa", "Constanţa", "Constanţa", "ONG", "", ""],
]


def _import(store: Store, name: str, content: bytes, mapping: Mapping | None = None) -> dict[str, int]:
    table = read_table(name, content)
    mapping = mapping or Mapping(
        target=Target.ORGANISATIONS, columns=suggest(Target.ORGANISATIONS, table.headers), defaults={"country": "RO"}
    )
    mapped = apply_mapping(mapping, table, imports.known(store))
    dataset = imports.check(store, mapped.sources(name), mapped.errors)
    return imports.write(store, dataset, "admin", name).rows


def test_a_mapped_spreadsheet_imports_in_one_audited_transaction(empty_graph: Store) -> None:
    rows = _import(empty_graph, "parteneri.xlsx", xlsx_bytes(PARTNERS))
    assert rows == {"regions": 3, "organisations": 2}  # RO, RO-CT and RO-TM were not there yet
    bjt = get_profile(empty_graph, "biblioteca-judeteana-sorin-titel-timisoara", include_contacts=True)
    assert (bjt.name, bjt.kind, bjt.city, bjt.region and bjt.region.id) == (
        "Biblioteca Județeană „Sorin Titel”",
        "library",
        "Timișoara",
        "RO-TM",
    )
    assert bjt.contact is not None and bjt.contact.email == "bjt@example.org"
    assert get_profile(empty_graph, "asociatia-stiinta-constanta").name == "Asociaţia Ştiinţa"  # cedilla as typed
    assert audit.list_events(empty_graph)[0].action == "dataset.import"


def test_importing_again_updates_and_keeps_what_users_wrote(empty_graph: Store) -> None:
    _import(empty_graph, "parteneri.xlsx", xlsx_bytes(PARTNERS))
    org = "asociatia-stiinta-constanta"
    editing.update_org(empty_graph, "member", org, {"description": "Written by a member", "website": None})
    changed = [
        PARTNERS[0],
        PARTNERS[1],
        ["Asociaţia Ştiinţa", "Constanţa", "Constanţa", "Fundație", "new@example.org", ""],
    ]
    _import(empty_graph, "parteneri.xlsx", xlsx_bytes(changed))
    after = get_profile(empty_graph, org, include_contacts=True)
    assert after.kind == "ngo" and after.contact is not None and after.contact.email == "new@example.org"
    assert after.description == "Written by a member"  # an empty cell clears nothing
    assert stats(empty_graph).organisations == 2


def test_a_bad_table_writes_nothing_and_names_every_bad_row(empty_graph: Store) -> None:
    bad = PARTNERS + [["", "Arad", "Arad", "ONG", "", ""], ["Muzeul X", "Arad", "Aradd", "Muzeu", "", ""]]
    with pytest.raises(DatasetError) as caught:
        _import(empty_graph, "p.csv", "\n".join(";".join(r) for r in bad).encode("iso-8859-16", "replace"))
    where = {(e.row, e.field) for e in caught.value.errors}
    assert {(4, "name"), (5, "Tip"), (5, "Județ")} <= where
    assert stats(empty_graph).organisations == 0 and audit.list_events(empty_graph) == []


def test_participations_name_their_organisation_and_project(empty_graph: Store) -> None:
    _import(empty_graph, "parteneri.xlsx", xlsx_bytes(PARTNERS))
    project = Mapping(target=Target.PROJECTS, columns={"title": "Titlu", "start": "Început", "budget": "Buget"})
    _import(empty_graph, "proiecte.csv", "Titlu;Început;Buget\nCititori;01.03.2024;12.500,50\n".encode(), project)
    assert get_project(empty_graph, "cititori").budget == 12500.5
    links = Mapping(
        target=Target.PARTICIPATIONS, columns={"organisation": "Partener", "project": "Proiect", "role": "Rol"}
    )
    table = "Partener;Proiect;Rol\nBiblioteca Judeteana Sorin Titel;Cititori;Coordonator\nNimeni;Cititori;Partener\n"
    with pytest.raises(DatasetError) as caught:
        _import(empty_graph, "p.csv", table.encode(), links)
    assert [(e.row, e.field) for e in caught.value.errors] == [(3, "Partener")]
    _import(empty_graph, "p.csv", table.rsplit("Nimeni", 1)[0].encode(), links)
    view = get_project(empty_graph, "cititori")
    assert [(p.name, p.role) for p in view.partners] == [("Biblioteca Județeană „Sorin Titel”", "coordinator")]


def test_saved_mappings_come_back(empty_graph: Store) -> None:
    mapping = Mapping(
        target=Target.ORGANISATIONS, columns={"name": "Denumire", "kind": "Tip"}, values={"kind": {"Muzeu": "other"}}
    )
    imports.save_mapping(empty_graph, "admin", "Lista județeană", mapping)
    imports.save_mapping(empty_graph, "admin", "Lista județeană", mapping)
    assert imports.saved_mappings(empty_graph) == {"Lista județeană": mapping}
    assert audit.list_events(empty_graph)[0].action == "import_mapping.save"


def test_a_wide_partner_table_gives_projects_partners_and_roles(empty_graph: Store) -> None:
    rows = [
        [
            "Titlu",
            "Program",
            "Coordonator",
            "Coordonator țara",
            "Coordonator oraș",
            "Partener 1",
            "Partener 1 țara",
            "Partener 1 tip",
            "Partener 2",
            "Partener 2 țara",
            "Partener 2 tip",
        ],
        [
            "Cititori",
            "Erasmus+",
            "Biblioteca Județeană Arad",
            "România",
            "Arad",
            "Читалище Просвета",
            "Bulgaria",
            "ONG",
            "",
            "",
            "",
        ],
        [
            "Povești",
            "Erasmus+",
            "Biblioteca Județeană Arad",
            "România",
            "Arad",
            "Δήμος Βέροιας",
            "Grecia",
            "Primăria",
            "Читалище Просвета",
            "Bulgaria",
            "ONG",
        ],
    ]
    table = read_table("wide.xlsx", xlsx_bytes(rows))
    mapped = read_wide(table, defaults={})
    dataset = imports.check(empty_graph, mapped.sources("wide.xlsx"), mapped.errors)
    assert imports.write(empty_graph, dataset, "admin", "wide.xlsx").rows == {
        "regions": 3,
        "organisations": 3,
        "projects": 2,
        "participations": 5,
    }
    view = get_project(empty_graph, "povesti")
    assert view.programme == "Erasmus+"
    assert sorted((p.name, p.country, p.kind, p.role) for p in view.partners) == [
        ("Biblioteca Județeană Arad", "RO", "other", "coordinator"),
        ("Δήμος Βέροιας", "GR", "authority", "partner"),
        ("Читалище Просвета", "BG", "ngo", "partner"),
    ]


def _cordis(store: Store, content: bytes, countries: set[str] | None = None) -> dict[str, int]:
    mapped = read_cordis("cordis.zip", content, countries, imports.known(store))
    dataset = imports.check(store, mapped.sources("cordis.zip"), mapped.errors)
    return imports.write(store, dataset, "admin", "cordis.zip", at_once=False).rows


def test_cordis_projects_partners_roles_and_eu_country_codes(empty_graph: Store) -> None:
    assert _cordis(empty_graph, cordis_zip()) == {
        "regions": 7,
        "organisations": 10,
        "projects": 4,
        "participations": 12,
    }
    libra = get_project(empty_graph, "cordis-101094001")
    assert (libra.title, libra.funder, libra.programme, str(libra.start), libra.budget) == (
        "Libraries as Bridges in the Balkans",
        "HORIZON",
        "HORIZON-RIA",
        "2023-01-01",
        1499875.5,
    )
    assert libra.summary is not None and 'with "quotes"' in libra.summary
    roles = {(p.id, p.country, p.kind, p.role) for p in libra.partners}
    assert roles == {
        ("pic-999000001", "RO", "authority", "coordinator"),
        ("pic-999000002", "BG", "authority", "partner"),
        ("pic-999000003", "GR", "authority", "partner"),  # EL is Greece
        ("pic-999000004", "DE", "other", "partner"),
        ("pic-999000005", "RO", "other", "stakeholder"),  # a third party
    }
    uk = get_project(empty_graph, "cordis-101094002").partners
    assert ("pic-999000007", "GB", "business", "stakeholder") in {(p.id, p.country, p.kind, p.role) for p in uk}
    assert get_profile(empty_graph, "pic-999000002").website == "https://www.nationallibrary.bg"


def test_a_cordis_reimport_updates_instead_of_duplicating(empty_graph: Store) -> None:
    _cordis(empty_graph, cordis_zip())
    _import(empty_graph, "parteneri.xlsx", xlsx_bytes(PARTNERS))  # brings the county RO-TM
    editing.update_org(empty_graph, "member", "pic-999000006", {"description": "Our own words", "region": "RO-TM"})
    before = stats(empty_graph)
    _cordis(
        empty_graph, cordis_zip(drop=("organizationURL", "activityType", "objective", "extraColumnFromANewerExport"))
    )
    assert stats(empty_graph) == before
    again = get_profile(empty_graph, "pic-999000006")
    assert again.description == "Our own words" and again.region is not None and again.region.id == "RO-TM"


@pytest.mark.parametrize("without", [{"drop": ("activityType",)}, {"blank": ("activityType",)}])
def test_a_cordis_reimport_without_activity_types_keeps_the_kinds(empty_graph: Store, without: dict) -> None:
    _cordis(empty_graph, cordis_zip(), countries={"RO"})
    editing.update_org(empty_graph, "member", "pic-999000006", {"kind": "library"})  # a member knows better
    _cordis(empty_graph, cordis_zip(**without))  # RO's organisations again, and the others new
    kinds = {org: get_profile(empty_graph, org).kind for org in ("pic-999000001", "pic-999000006", "pic-999000007")}
    assert kinds == {"pic-999000001": "authority", "pic-999000006": "library", "pic-999000007": "other"}


def test_cordis_country_filter_keeps_those_organisations_and_their_projects(empty_graph: Store) -> None:
    rows = _cordis(empty_graph, cordis_zip(folder="export/"), countries={"RO", "BG", "GR"})
    assert rows == {"regions": 3, "organisations": 6, "projects": 3, "participations": 8}
    assert {p.id for p in get_project(empty_graph, "cordis-870001").partners} == {"pic-999000002", "pic-999000008"}
    with pytest.raises(NotFound):
        get_project(empty_graph, "cordis-870002")


def test_files_that_are_not_cordis_are_refused() -> None:
    with pytest.raises(CordisError, match="not a zip"):
        read_cordis("x.zip", b"PK no")
    with pytest.raises(CordisError, match="organization.csv has no column organisationID"):
        read_cordis("x.zip", cordis_zip(drop=("organisationID",)))
