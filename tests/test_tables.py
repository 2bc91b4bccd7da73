"""Reading tables as people keep them: every encoding, delimiter and spreadsheet format,
with Romanian diacritics (comma-below and the legacy cedilla letters) round-tripping."""

from __future__ import annotations

import pytest

from graph.imports.mapping import Mapping, Target, apply_mapping, suggest
from graph.readwrite.tables import TableError, detect_encoding, read_table
from graph.text import normalise
from tests.support.sheets import ods_bytes, xlsx_bytes

COMMA = [
    ["Denumire", "Oraș", "Județ"],
    ["Biblioteca Județeană „Sorin Titel”", "Timișoara", "Timiș"],
    ["Ștefan Țară", "Brăila", "Brăila"],
]
CEDILLA = [
    ["Denumire", "Oraş", "Judeţ"],
    ["Asociaţia Ştiinţa", "Constanţa", "Constanţa"],
    ["Îngeri", "Brăila", "Brăila"],
]
# Which letters each encoding can hold: the ISO-8859-2 family only the cedilla forms,
# ISO-8859-16 only comma-below, Unicode both.
CASES = [
    ("utf-8", COMMA + CEDILLA[1:]),
    ("utf-8-sig", COMMA + CEDILLA[1:]),
    ("utf-16", COMMA + CEDILLA[1:]),
    ("cp1250", [r for r in CEDILLA]),
    ("iso-8859-2", [[c.replace("„", '"').replace("”", '"') for c in r] for r in CEDILLA]),
    ("iso-8859-16", COMMA),
]


def _csv(rows: list[list[str]], sep: str = ";") -> str:
    return "".join(sep.join(row) + "\r\n" for row in rows)


@pytest.mark.parametrize(("encoding", "rows"), CASES, ids=[c[0] for c in CASES])
def test_every_encoding_round_trips_romanian_letters(encoding: str, rows: list[list[str]]) -> None:
    content = _csv(rows).encode(encoding)
    chosen = read_table("parteneri.csv", content, encoding=encoding)
    assert [chosen.headers, *chosen.rows] == rows  # as typed: cedilla stays cedilla
    detected = read_table("parteneri.csv", content)
    # 0xBA is ş in Windows-1250 and ISO-8859-2 and ș in ISO-8859-16: what detection
    # cannot know the preview shows, and the letters still search alike.
    assert [normalise(c) for c in detected.headers] == [normalise(c) for c in rows[0]]
    assert [[normalise(c) for c in r] for r in detected.rows] == [[normalise(c) for c in r] for r in rows[1:]]
    # Where the bytes are the same in all three Latin-2 sets, Windows-1250 (what Romanian
    # Windows writes); ISO-8859-16's „quotes” give it away.
    expected = {"cp1250": "cp1250", "iso-8859-2": "cp1250"}.get(encoding, encoding)
    assert detected.encoding == expected
    if expected == encoding:
        assert detected.rows == rows[1:]


def test_windows_quotes_tell_windows_1250_from_iso() -> None:
    content = _csv(CEDILLA + [["„Casa” – 1", "Iaşi", "Iaşi"]]).encode("cp1250")
    table = read_table("a.csv", content)
    assert table.encoding == "cp1250" and table.rows[-1][0] == "„Casa” – 1"


def test_utf16_without_a_byte_order_mark() -> None:
    for encoding in ("utf-16-le", "utf-16-be"):
        content = _csv(COMMA).encode(encoding)
        assert detect_encoding(content) == encoding
        assert read_table("a.csv", content).rows == COMMA[1:]


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_the_delimiter_is_detected(sep: str) -> None:
    table = read_table(
        "a.csv",
        _csv([["name", "city", "note"], ["A", "Arad", "x"], ["B, C", "Cluj", "y"]], sep)
        .replace("B, C", '"B, C"')
        .encode(),
    )
    assert table.delimiter == sep and table.rows[1] == ["B, C", "Cluj", "y"]


def test_spreadsheets_read_the_first_sheet_as_typed() -> None:
    rows = COMMA + CEDILLA[1:]
    for name, content in (("a.xlsx", xlsx_bytes(rows)), ("a.ods", ods_bytes(rows))):
        table = read_table(name, content)
        assert [table.headers, *table.rows] == rows and table.sheet == "Parteneri"
    numbers = read_table("n.xlsx", xlsx_bytes([["name", "size"], ["A", 12.0], ["B", 2.5]]))
    assert numbers.rows == [["A", "12"], ["B", "2.5"]]


def test_bad_files_and_choices_are_refused_with_a_message() -> None:
    with pytest.raises(TableError, match="must end in"):
        read_table("a.exe", b"MZ")
    with pytest.raises(TableError, match="cannot be read as a spreadsheet"):
        read_table("a.xlsx", b"not a zip")
    with pytest.raises(TableError, match="encoding must be one of"):
        read_table("a.csv", b"a", encoding="klingon")
    with pytest.raises(TableError, match="not UTF-8"):
        read_table("a.csv", "Oraş".encode("cp1250"), encoding="utf-8")
    with pytest.raises(TableError, match="empty"):
        read_table("a.csv", b"\n\n")


def test_headers_in_romanian_and_english_suggest_fields() -> None:
    assert suggest(Target.ORGANISATIONS, ["Nr.", "Denumire", "Oraș", "Județ", "Tip", "Email", "Telefon"]) == {
        "name": "Denumire",
        "kind": "Tip",
        "city": "Oraș",
        "county": "Județ",
        "email": "Email",
        "phone": "Telefon",
    }
    assert suggest("projects", ["Project title", "Start date", "End date", "Budget"]) == {
        "title": "Project title",
        "start": "Start date",
        "end": "End date",
        "budget": "Budget",
    }


def test_a_mapping_turns_cells_into_values_and_names_bad_cells() -> None:
    table = read_table(
        "p.csv",
        _csv(
            [
                ["Denumire", "Oraș", "Județ", "Tip", "Țara"],
                ["Biblioteca Judeteana Timis", "Timișoara", "Judetul Timis", "Bibliotecă județeană", "România"],
                ["Asociaţia Ştiinţa", "Constanţa", "Constanţa", "ONG", "Romania"],
                ["Muzeul Satului", "Sofia", "", "Muzeu", "Bulgaria"],
                ["Casa X", "Arad", "Aradd", "ONG", ""],
            ]
        ).encode("utf-8"),
    )
    mapping = Mapping(
        target=Target.ORGANISATIONS,
        columns=suggest(Target.ORGANISATIONS, table.headers),
        defaults={"country": "RO"},
    )
    mapped = apply_mapping(mapping, table)
    rows = {row["name"]: row for _, row in mapped.rows["organisations"]}
    assert rows["Biblioteca Judeteana Timis"] | {} == {
        "id": "biblioteca-judeteana-timis-timisoara",
        "name": "Biblioteca Judeteana Timis",
        "kind": "library",
        "region": "RO-TM",
        "city": "Timișoara",
    }
    assert rows["Asociaţia Ştiinţa"]["region"] == "RO-CT" and rows["Asociaţia Ştiinţa"]["kind"] == "ngo"
    assert "Muzeul Satului" not in rows  # a row with an untranslated cell is reported once, for that cell
    assert [(e.row, e.field, e.message) for e in mapped.errors] == [
        (4, "Tip", "unknown kind 'Muzeu'; map it"),
        (5, "Județ", "unknown county 'Aradd' in RO"),
    ]
    fixed = mapping.model_copy(update={"values": {"kind": {"Muzeu": "other"}}})
    again = apply_mapping(fixed, table)
    assert [e.row for e in again.errors] == [5]
    assert {row["name"]: row for _, row in again.rows["organisations"]}["Muzeul Satului"]["region"] == "BG"


def test_a_mapping_is_checked_and_round_trips_through_yaml() -> None:
    with pytest.raises(ValueError, match="choose a column for kind"):
        Mapping(target=Target.ORGANISATIONS, columns={"name": "Denumire"})
    with pytest.raises(ValueError, match="unknown field"):
        Mapping(target=Target.PROJECTS, columns={"title": "T", "colour": "C"})
    mapping = Mapping(
        target=Target.ORGANISATIONS,
        columns={"name": "Denumire", "kind": "Tip"},
        values={"kind": {"Bibliotecă": "library"}},
    )
    assert Mapping.from_yaml(mapping.to_yaml()) == mapping
