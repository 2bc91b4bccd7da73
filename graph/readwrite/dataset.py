"""Reading and validating PartnerNet datasets: a directory of tables, or single files.

A dataset is a directory holding one file per table, named ``<table>.yaml``,
``<table>.json`` or ``<table>.csv`` (``organisations.yaml``, ``offers.csv``...). YAML and
JSON files hold a list of rows (mappings); CSV files have a header row, and list cells
are ``;``-separated. Every row goes through its pydantic model; references between
tables (an offer's organisation and competence, a region's parent...) are checked
across the whole dataset, including rows already in the database when the caller
passes their ids.

Errors are collected, not raised one by one, so a user sees every bad row at once;
each names the file, the row (1-based data row; for CSV the line number) and the field.

Example:
    >>> ds = read_dataset("graph/seeds/demo")          # doctest: +SKIP
    >>> ds.summary()["organisations"]            # doctest: +SKIP
    58
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from graph import models as m
from graph.readwrite.tables import UNICODE_ENCODINGS, decode, detect_encoding

# Table name -> row model, in dependency order (a table only refers to earlier ones).
TABLES: dict[str, type[m.Model]] = {
    "regions": m.Region,
    "competences": m.Competence,
    "organisations": m.Organisation,
    "people": m.Person,
    "projects": m.Project,
    "participations": m.Participation,
    "project_competences": m.ProjectCompetence,
    "offers": m.Offer,
    "needs": m.Need,
    "memberships": m.Membership,
    "hubs": m.Hub,
    "practices": m.Practice,
    "introductions": m.Introduction,
}
FORMATS = (".yaml", ".yml", ".json", ".csv")
MAX_FILE_BYTES = 200 * 1024 * 1024

# For each table: (field, referenced table) pairs checked for referential integrity.
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "regions": (("parent", "regions"),),
    "competences": (("broader", "competences"),),
    "organisations": (("region", "regions"),),
    "people": (("org", "organisations"),),
    "participations": (("org", "organisations"), ("project", "projects")),
    "project_competences": (("project", "projects"), ("competence", "competences")),
    "offers": (("org", "organisations"), ("competence", "competences")),
    "needs": (("org", "organisations"), ("competence", "competences")),
    "memberships": (("org", "organisations"), ("network", "organisations")),
    "hubs": (("org", "organisations"), ("competence", "competences")),
    "practices": (("org", "organisations"), ("competences", "competences")),
    "introductions": (
        ("broker", "people"),
        ("source", "organisations"),
        ("target", "organisations"),
        ("project", "projects"),
    ),
}
# Tables whose rows are identified by a key other than `id` (for duplicate detection).
LINK_KEYS: dict[str, tuple[str, ...]] = {
    "participations": ("org", "project"),
    "project_competences": ("project", "competence"),
    "offers": ("org", "competence"),
    "needs": ("org", "competence"),
    "memberships": ("org", "network"),
}


@dataclass(frozen=True)
class RowError:
    """One problem in one row: where it is and what is wrong."""

    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, field '{self.field}': {self.message}"


class DatasetError(ValueError):
    """Raised when a dataset has bad rows; ``errors`` lists every one of them."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        shown = "\n".join(f"  {e}" for e in errors[:50])
        more = f"\n  ... and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(f"{len(errors)} error(s) in the dataset:\n{shown}{more}")


@dataclass
class Dataset:
    """Validated rows per table, ready to load, and the names of the files they came from."""

    tables: dict[str, list[Any]] = field(default_factory=lambda: {t: [] for t in TABLES})
    files: list[str] = field(default_factory=list)
    # Rows hold only the fields their source has: a field left empty keeps what the graph
    # holds instead of clearing it (imports of other people's tables, CORDIS).
    partial: bool = False
    # Organisations the graph did not hold when the rows were validated against it: the
    # loader creates them and their links rather than merging (graph.readwrite.importer).
    new_organisations: frozenset[str] = frozenset()

    def rows(self, table: str) -> list[Any]:
        return self.tables[table]

    def total_rows(self) -> int:
        return sum(len(rows) for rows in self.tables.values())

    def summary(self) -> dict[str, int]:
        """Row count per table, plus the number of distinct countries of organisations."""
        counts = {table: len(rows) for table, rows in self.tables.items()}
        counts["countries"] = len({o.country for o in self.tables["organisations"]})
        return counts


def read_dataset(path: str | Path, known_ids: dict[str, set[str]] | None = None) -> Dataset:
    """Parse and validate a dataset directory or a single table file.

    ``known_ids`` maps table names to ids already in the database, so a file of offers
    may refer to organisations loaded earlier. Raises :class:`DatasetError` listing
    every bad row; nothing is returned half-valid.
    """
    root = Path(path)
    if root.is_dir():
        files = sorted(p for p in root.iterdir() if p.suffix in FORMATS and p.is_file())
        unknown = [p.name for p in files if p.stem not in TABLES]
        if unknown:
            raise DatasetError(
                [RowError(name, 0, "file", f"unknown table; expected one of {', '.join(TABLES)}") for name in unknown]
            )
        if not files:
            raise DatasetError([RowError(str(root), 0, "file", "no table files found")])
    elif root.is_file():
        files = [root]
    else:
        raise DatasetError([RowError(str(root), 0, "path", "no such file or directory")])
    sources = [(p.name, p.stem, p.read_bytes()) for p in files]
    return parse_tables(sources, known_ids)


def parse_tables(sources: Iterable[tuple[str, str, bytes]], known_ids: dict[str, set[str]] | None = None) -> Dataset:
    """Validate ``(file name, table name, content)`` triples into a :class:`Dataset`.

    This is the one path for dataset directories, CLI files and browser uploads.
    """
    errors: list[RowError] = []
    read: list[tuple[str, str, list[tuple[int, dict[str, Any]]]]] = []
    for name, table, content in sources:
        model = TABLES.get(table)
        if model is None:
            errors.append(RowError(name, 0, "file", f"unknown table {table!r}"))
            continue
        if len(content) > MAX_FILE_BYTES:
            errors.append(RowError(name, 0, "file", f"larger than {MAX_FILE_BYTES} bytes"))
            continue
        try:
            read.append((name, table, list(_read_rows(name, content))))
        except ValueError as exc:
            errors.append(RowError(name, 0, "file", str(exc)))
    return parse_rows(read, known_ids, errors)


def parse_rows(
    sources: Iterable[tuple[str, str, Iterable[tuple[int, dict[str, Any]]]]],
    known_ids: dict[str, set[str]] | None = None,
    errors: list[RowError] | None = None,
) -> Dataset:
    """Validate ``(file name, table name, [(row number, raw row)])`` into a :class:`Dataset`.

    For rows already read (mapped spreadsheets, CORDIS); ``errors`` found while reading
    them are reported together with the validation errors. Raises :class:`DatasetError`.
    """
    dataset = Dataset()
    errors = list(errors or [])
    origin: dict[str, list[tuple[str, int]]] = {t: [] for t in TABLES}
    for name, table, rows in sources:
        if name not in dataset.files:
            dataset.files.append(name)
        model = TABLES.get(table)
        if model is None:
            errors.append(RowError(name, 0, "file", f"unknown table {table!r}"))
            continue
        for row_number, raw in rows:
            parsed = _validate(model, raw, name, row_number, errors)
            if parsed is not None:
                dataset.tables[table].append(parsed)
                origin[table].append((name, row_number))
    errors.extend(_check_duplicates(dataset, origin))
    errors.extend(_check_references(dataset, origin, known_ids or {}))
    if errors:
        raise DatasetError(errors)
    if known_ids is not None:
        known = known_ids.get("organisations", set())
        dataset.new_organisations = frozenset(o.id for o in dataset.tables["organisations"] if o.id not in known)
    return dataset


def _decode(name: str, content: bytes) -> str:
    # Unicode only: legacy single-byte encodings look alike (0xBA is ş or ș), so they
    # go through the import page or `partnernet import`, which show a preview first.
    encoding = detect_encoding(content)
    if encoding not in UNICODE_ENCODINGS:
        raise ValueError(
            "not UTF-8; import it with `partnernet import` or the import page, "
            "which detect its encoding and show a preview, or save it as UTF-8"
        )
    return decode(name, content, encoding)[0]


def _read_rows(name: str, content: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (row number, raw mapping) from a YAML, JSON or CSV file."""
    text = _decode(name, content)
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = [name.strip() for name in next(reader, [])]
            for record in reader:
                if not record:  # a blank line
                    continue
                if len(record) > len(header):
                    raise ValueError(f"line {reader.line_num} has more cells than the header")
                # a short row's missing cells, like empty ones, are not given ("Field required")
                yield reader.line_num, {k: v for k, v in zip(header, record, strict=False) if k and v != ""}
        except csv.Error as exc:  # e.g. a cell over the csv module's 131,072-character limit
            raise ValueError(f"line {reader.line_num + 1} cannot be read: {exc}") from None
        return
    try:
        data = json.loads(text) if suffix == ".json" else yaml.load(text, Loader=_YAML_LOADER)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"cannot be parsed: {exc}") from None
    except RecursionError:
        raise ValueError("cannot be parsed: nested too deeply") from None
    if data is None:
        return
    if not isinstance(data, list):
        raise ValueError("must hold a list of rows")
    for number, record in enumerate(data, start=1):
        if not isinstance(record, dict):
            raise ValueError(f"row {number} is not a mapping of field names to values")
        yield number, record


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _validate(
    model: type[BaseModel], raw: dict[str, Any], name: str, row: int, errors: list[RowError]
) -> BaseModel | None:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for problem in exc.errors():
            where = ".".join(str(p) for p in problem["loc"]) or "row"
            errors.append(RowError(name, row, where, problem["msg"]))
        return None


def _key(table: str, row: Any) -> tuple[str, ...]:
    return tuple(getattr(row, f) for f in LINK_KEYS.get(table, ("id",)))


def _check_duplicates(dataset: Dataset, origin: dict[str, list[tuple[str, int]]]) -> Iterator[RowError]:
    for table, rows in dataset.tables.items():
        seen: dict[tuple[str, ...], int] = {}
        for index, row in enumerate(rows):
            key = _key(table, row)
            if key in seen:
                name, number = origin[table][index]
                first = origin[table][seen[key]][1]
                fields = "+".join(LINK_KEYS.get(table, ("id",)))
                yield RowError(name, number, fields, f"duplicate of row {first}: {'/'.join(key)}")
            else:
                seen[key] = index


def _check_references(
    dataset: Dataset, origin: dict[str, list[tuple[str, int]]], known: dict[str, set[str]]
) -> Iterator[RowError]:
    ids = {
        table: {row.id for row in rows} | known.get(table, set())
        for table, rows in dataset.tables.items()
        if table not in LINK_KEYS
    }
    for table, refs in REFERENCES.items():
        for index, row in enumerate(dataset.tables[table]):
            for field_name, target in refs:
                value = getattr(row, field_name)
                values = value if isinstance(value, list) else [value]
                for ref in values:
                    if ref is not None and ref not in ids[target]:
                        name, number = origin[table][index]
                        yield RowError(name, number, field_name, f"no {target} row has id {ref!r}")
