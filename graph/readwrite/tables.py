"""Reading tables as people keep them: .xlsx, .ods and CSV in the encodings Excel writes.

A :class:`Table` is a header row plus data rows of cell strings, whatever the file was.
CSV bytes are decoded with the encoding the caller names, or one detected here (byte
order marks first, then strict UTF-8, then ``charset-normalizer`` among the encodings
Romanian, Bulgarian and Greek offices use); the delimiter (``,`` ``;`` or tab) is
detected from the first lines. Text is kept as typed: legacy cedilla letters (ş ţ)
stay cedilla letters; only search keys fold them (:func:`graph.text.normalise`).

Windows-1250, ISO-8859-2 and ISO-8859-16 give Romanian letters the same bytes
(0xBA is ş in the first two and ș in the third), so no detector can tell them apart:
detection says Windows-1250 (what Romanian Windows writes), and the import shows a
preview with it and lets the user choose another.

Example:
    >>> t = read_table("orgs.csv", "Denumire;Oraş\\nBiblioteca „Ştefan”;Timişoara\\n".encode("cp1250"))
    >>> t.encoding, t.delimiter, t.headers, t.rows
    ('cp1250', ';', ['Denumire', 'Oraş'], [['Biblioteca „Ştefan”', 'Timişoara']])
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes
from python_calamine import CalamineError, CalamineWorkbook

# The encodings a user may choose, with the names shown to them.
ENCODINGS: dict[str, str] = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 little-endian",
    "utf-16-be": "UTF-16 big-endian",
    "cp1250": "Windows-1250 (Central European)",
    "iso-8859-2": "ISO-8859-2 (Latin-2)",
    "iso-8859-16": "ISO-8859-16 (Romanian)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "cp1253": "Windows-1253 (Greek)",
    "iso-8859-7": "ISO-8859-7 (Greek)",
}
UNICODE_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be")
SPREADSHEETS = (".xlsx", ".xlsm", ".ods", ".xls")
TEXT_TABLES = (".csv", ".tsv", ".txt")
DELIMITERS = ",;\t"

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# charset-normalizer's names for the single-byte candidates, mapped to ours.
_DETECTABLE = {
    "cp1250": "cp1250",
    "iso8859_2": "iso-8859-2",
    "iso8859_16": "iso-8859-16",
    "cp1251": "cp1251",
    "cp1253": "cp1253",
    "iso8859_7": "iso-8859-7",
    "utf_16": "utf-16",
}
_LATIN2 = ("cp1250", "iso-8859-16", "iso-8859-2")  # ties go to the first
# Letters and signs of Romanian and its neighbours' Latin text: a reading that needs others is unlikely.
_LIKELY = frozenset("ăâîșțşţĂÂÎȘȚŞŢáéíóúöőüűäëčćđšžČĆĐŠŽ„”“«»–—…°€§")
_SAMPLE_BYTES = 64 * 1024


class TableError(ValueError):
    """The file cannot be read as a table; the message says why and what to do."""


@dataclass(frozen=True)
class Table:
    """A header row and data rows of strings, with how the file was read.

    ``first_line`` is the file line (or sheet row) of ``rows[0]``, so errors name the
    line a user sees in their spreadsheet.
    """

    name: str
    headers: list[str]
    rows: list[list[str]]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    first_line: int = 2

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Yield ``(line number, {header: cell})`` per data row; empty cells are left out."""
        for offset, row in enumerate(self.rows):
            if any(row):
                yield self.first_line + offset, {h: c for h, c in zip(self.headers, row, strict=False) if h and c != ""}

    def preview(self, limit: int = 10) -> list[list[str]]:
        """The first ``limit`` non-empty data rows, for the user to check the letters before importing."""
        return [row for row in self.rows if any(row)][:limit]


def read_table(name: str, content: bytes, encoding: str | None = None, delimiter: str | None = None) -> Table:
    """Read a spreadsheet or a CSV file's first sheet into a :class:`Table`.

    ``encoding`` and ``delimiter`` override detection (CSV only). Raises
    :class:`TableError` naming the problem.
    """
    suffix = Path(name).suffix.lower()
    if suffix in SPREADSHEETS:
        return _read_spreadsheet(name, content)
    if suffix not in TEXT_TABLES:
        raise TableError(f"{name}: must end in {', '.join(SPREADSHEETS + TEXT_TABLES)}")
    if encoding is not None and encoding not in ENCODINGS:
        raise TableError(f"encoding must be one of {', '.join(ENCODINGS)} (got {encoding!r})")
    if delimiter is not None and (len(delimiter) != 1 or delimiter not in DELIMITERS):
        raise TableError("delimiter must be ',', ';' or a tab")
    text, chosen = decode(name, content, encoding)
    sep = delimiter or detect_delimiter(text)
    lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    return _table(name, lines, encoding=chosen, delimiter=sep)


def decode(name: str, content: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` of a text file: ``encoding`` if given, else detected."""
    chosen = encoding or detect_encoding(content)
    try:
        text = content.decode(chosen)
    except UnicodeDecodeError as exc:
        raise TableError(f"{name}: not {ENCODINGS[chosen]} (byte {exc.start}); choose another encoding") from None
    return text.removeprefix("\ufeff"), chosen


def detect_encoding(content: bytes) -> str:
    """Return the encoding of CSV bytes, as a key of :data:`ENCODINGS`.

    >>> detect_encoding("Oraș".encode("utf-8"))
    'utf-8'
    >>> detect_encoding("Oraș".encode("utf-16"))
    'utf-16'
    """
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    sample = content[:_SAMPLE_BYTES]
    unmarked = _utf16_without_bom(sample)
    if unmarked is not None:
        return unmarked
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    if any(0x80 <= b <= 0x9F for b in sample):
        # C1 controls in the ISO sets; Windows puts „ ” – there.
        return "cp1250"
    best = from_bytes(sample, cp_isolation=list(_DETECTABLE)).best()
    found = _DETECTABLE.get(best.encoding, "cp1250") if best is not None else "cp1250"
    return _latin2(sample) if found in _LATIN2 else found


def _latin2(sample: bytes) -> str:
    """Of the three Latin-2 sets, the one whose reading has the fewest unlikely characters.

    They give Romanian letters the same bytes, so a tie is the rule; it goes to
    Windows-1250, what Romanian Windows writes. Quotes and dashes tell them apart.
    """

    def unlikely(encoding: str) -> int:
        text = sample.decode(encoding, errors="replace")
        return sum(1 for c in text if not (c.isascii() or c in _LIKELY))

    return min(_LATIN2, key=unlikely)


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 without a byte order mark: Latin text has a zero in every other byte."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    if sample[1::2].count(0) > pairs // 2:
        return "utf-16-le"
    if sample[0::2].count(0) > pairs // 2:
        return "utf-16-be"
    return None


def detect_delimiter(text: str) -> str:
    """Return the delimiter of CSV text: ``,``, ``;`` or a tab.

    >>> detect_delimiter("name;city\\nA;B\\n")
    ';'
    """
    head = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(head, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = text.split("\n", 1)[0]
        return max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ","


def _read_spreadsheet(name: str, content: bytes) -> Table:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        if not workbook.sheet_names:
            raise TableError(f"{name}: the workbook has no sheets")
        sheet = workbook.sheet_names[0]
        cells = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except CalamineError as exc:
        raise TableError(f"{name}: cannot be read as a spreadsheet ({exc})") from None
    return _table(name, [[_cell(c) for c in row] for row in cells], sheet=sheet)


def _cell(value: Any) -> str:
    """A spreadsheet cell as the text a user sees (12.0 is 12; dates are ISO)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip() if value is not None else ""


def _table(
    name: str,
    lines: list[list[str]],
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> Table:
    # Leading blank lines (titles above the header are common) are skipped.
    start = next((i for i, line in enumerate(lines) if any(c.strip() for c in line)), None)
    if start is None:
        raise TableError(f"{name}: the table is empty")
    headers = [h.strip() for h in lines[start]]
    rows = [[c.strip() for c in line] for line in lines[start + 1 :]]
    while rows and not any(rows[-1]):
        rows.pop()
    return Table(name, headers, rows, encoding, delimiter, sheet, first_line=start + 2)
