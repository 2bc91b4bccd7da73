"""Loading datasets: the happy path, every kind of bad input, idempotence, diacritics."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.explore.counts import stats
from graph.explore.organisations import get_profile
from graph.members import audit
from graph.members.editing import set_offer
from graph.models import Offer
from graph.readwrite.dataset import DatasetError, read_dataset
from graph.readwrite.importer import existing_ids, load_dataset, load_files, load_path
from graph.store.driver import Store
from graph.store.queries import query

from .conftest import DEMO

COUNT_GRAPH = query("backup/count_all")

REGIONS = "- {id: RO, name: România, tags: [balkan]}\n- {id: RO-TM, name: Timiș, parent: RO}\n"
COMPETENCES = "- {id: advocacy, name: Advocacy}\n"


def _write(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def _errors(path: Path) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        read_dataset(path)
    return [str(e) for e in caught.value.errors]


def test_demo_dataset_meets_the_brief() -> None:
    demo = read_dataset(DEMO)
    summary = demo.summary()
    assert summary["organisations"] >= 40 and summary["countries"] >= 6
    assert summary["projects"] >= 8 and summary["competences"] >= 30
    assert sum(1 for c in demo.rows("competences") if c.broader) >= 10
    romanian_counties = {r.id for r in demo.rows("regions") if r.parent == "RO"}
    assert len(romanian_counties) == 42  # 41 counties and București
    balkan = {r.id for r in demo.rows("regions") if "balkan" in r.tags}
    assert {"RO", "BG", "GR", "RS", "AL", "MK", "BA", "HR", "ME", "SI"} <= balkan
    names = {o.name for o in demo.rows("organisations")}
    assert any("Timiș" in n for n in names)  # names keep their diacritics


def test_loading_the_demo_twice_duplicates_nothing(empty_graph: Store) -> None:
    load_path(empty_graph, DEMO)
    first = (stats(empty_graph), audit.count_content(empty_graph))
    load_path(empty_graph, DEMO)  # only the audit trail grows: it records both loads
    assert (stats(empty_graph), audit.count_content(empty_graph)) == first
    assert first[0].organisations == len(read_dataset(DEMO).rows("organisations"))


def test_profile_after_load(empty_graph: Store) -> None:
    load_path(empty_graph, DEMO)
    anbpr = get_profile(empty_graph, "anbpr")
    assert any(o.id == "partnership-brokering" and o.level == 5 for o in anbpr.offers)
    assert any(p.id == "partnering-starter" and p.role == "coordinator" for p in anbpr.projects)
    assert {"blia", "future-library"} <= {p.id for p in anbpr.partners}
    assert anbpr.contact is None  # contact fields only on request


@pytest.mark.parametrize(
    "name",
    [
        "Biblioteca Județeană Timiș „Sorin Titel”",  # comma-below ș ț, Romanian quotes
        "Asociaţia Bibliotecarilor din Constanţa",  # legacy cedilla ţ
        "Fundaţia Şcoala Ăâî",  # cedilla Ş, ă â î
    ],
)
def test_diacritics_round_trip_unchanged(empty_graph: Store, tmp_path: Path, name: str) -> None:
    org = f'- {{id: x, name: "{name}", kind: library, region: RO-TM, city: "Timișoara"}}\n'
    load_path(empty_graph, _write(tmp_path, {"regions.yaml": REGIONS, "organisations.yaml": org}))
    profile = get_profile(empty_graph, "x")
    assert profile.name == name and profile.city == "Timișoara"


def test_csv_errors_name_file_line_and_field(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        {
            "regions.yaml": REGIONS,
            "competences.yaml": COMPETENCES,
            "organisations.csv": "id,name,kind,region\nok,OK,library,RO-TM\nbad,Bad,castle,RO-XX\n",
            "offers.csv": "org,competence,level\nok,advocacy,3\nok,juggling,9\n",
        },
    )
    errors = _errors(path)
    assert any(e.startswith("organisations.csv, row 3, field 'kind': Input should be 'library'") for e in errors)
    assert any(e.startswith("offers.csv, row 3, field 'level'") for e in errors)
    assert len(errors) == 2


def test_references_duplicates_and_encodings_are_checked(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        {
            "regions.yaml": REGIONS,
            "organisations.yaml": (
                "- {id: a, name: A, kind: ngo, region: RO-TM}\n- {id: a, name: A again, kind: ngo, region: RO-CJ}\n"
            ),
        },
    )
    errors = _errors(path)
    assert any("row 2, field 'id': duplicate of row 1" in e for e in errors)
    assert any("row 2, field 'region': no regions row has id 'RO-CJ'" in e for e in errors)
    (tmp_path / "needs.csv").write_bytes("org,competence,priority,note\na,x,1,Ţară\n".encode("cp1250"))
    assert any("needs.csv, row 0, field 'file': not UTF-8" in e for e in _errors(tmp_path))


def test_unknown_tables_and_fields_are_refused(tmp_path: Path) -> None:
    assert "unknown table" in _errors(_write(tmp_path / "a", {"castles.csv": "id\nx\n"}))[0]
    errors = _errors(_write(tmp_path / "b", {"regions.yaml": "- {id: RO, name: R, colour: red}\n"}))
    assert "field 'colour': Extra inputs are not permitted" in errors[0]


def test_a_failed_load_writes_nothing(empty_graph: Store, tmp_path: Path) -> None:
    load_path(empty_graph, DEMO)
    before = empty_graph.read(COUNT_GRAPH)
    bad = [("organisations.csv", b"id,name,kind,region\nnew-org,New,ngo,RO-TM\nx,,ngo,RO-TM\n")]
    with pytest.raises(DatasetError, match="organisations.csv, row 3, field 'name'"):
        load_files(empty_graph, bad)
    assert empty_graph.read(COUNT_GRAPH) == before


def test_partial_files_may_refer_to_rows_already_loaded(empty_graph: Store) -> None:
    load_path(empty_graph, DEMO)
    report = load_files(empty_graph, [("needs.csv", b"org,competence,priority,note\nanbpr,advocacy,2,extra need\n")])
    assert report.rows == {"needs": 1}
    assert any(n.id == "advocacy" and n.priority == 2 for n in get_profile(empty_graph, "anbpr").needs)


def test_a_link_written_between_batches_is_merged_once(empty_graph: Store, tmp_path: Path) -> None:
    """Rows about organisations new to the graph are created, not merged; an offer an
    editor adds between the load's batches is neither doubled nor kept over the load's
    (the result is the merge's)."""
    path = _write(
        tmp_path,
        {
            "regions.yaml": REGIONS,
            "competences.yaml": COMPETENCES,
            "organisations.csv": "id,name,kind,region\nx,X,library,RO-TM\ny,Y,ngo,RO-TM\n",
            "offers.csv": "org,competence,level\nx,advocacy,3\ny,advocacy,2\n",
        },
    )
    dataset = read_dataset(path, existing_ids(empty_graph))
    assert dataset.new_organisations == {"x", "y"}

    def editor_meanwhile(table: str, rows: int) -> None:
        if table == "organisations":
            set_offer(empty_graph, "editor", Offer(org="x", competence="advocacy", level=5))

    load_dataset(empty_graph, dataset, progress=editor_meanwhile)
    assert [(o.id, o.level) for o in get_profile(empty_graph, "x").offers] == [("advocacy", 3)]
    assert [(o.id, o.level) for o in get_profile(empty_graph, "y").offers] == [("advocacy", 2)]


def test_csv_shapes_blank_lines_short_and_long_rows_and_control_characters(tmp_path: Path) -> None:
    """Blank lines are skipped, a header's spaces ignored, a short row's missing cells not
    given, a long row refused by its line, and a control character in a text refused."""
    organisations = (
        "id , name ,kind,region,city\n"
        "ok,OK,library,RO-TM,Timișoara\n"
        "\n"
        "short,Short,ngo,RO-TM\n"  # no city: fine
        "cut,Cut\n"  # no kind nor region: both required
        "bell,Bell\x07,ngo,RO-TM\n"
    )
    path = _write(tmp_path, {"regions.yaml": REGIONS, "organisations.csv": organisations})
    errors = _errors(path)
    assert sorted(e.split(":")[0] for e in errors) == [
        "organisations.csv, row 5, field 'kind'",
        "organisations.csv, row 5, field 'region'",
        "organisations.csv, row 6, field 'name'",
    ]
    assert all("Field required" in e for e in errors if "row 5" in e)
    assert "control characters '\\x07'" in next(e for e in errors if "row 6" in e)
    long = _write(tmp_path / "long", {"organisations.csv": "id,name\na,A,extra\n"})
    assert _errors(long) == ["organisations.csv, row 0, field 'file': line 2 has more cells than the header"]
