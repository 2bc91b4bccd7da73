"""Column and value mappings: any table of organisations, projects or participations in.

A :class:`Mapping` says which column holds which PartnerNet field (suggested from
English and Romanian headers: "Denumire" is the name, "Județ" the county), how cells
become values (kind names, country names to ISO codes, Romanian counties to ISO
3166-2), and constants for fields the table lacks (``country: RO``). Applying it to a
:class:`~graph.readwrite.tables.Table` gives raw rows for
:func:`graph.readwrite.dataset.parse_rows`, and errors naming the line and column.

Ids are never typed by the user: an organisation's id is a slug of its name and city,
a project's of its title, so importing the same table again updates the same nodes.
Participations name their organisation and project as the table writes them (name or
title), resolved against the same table and the graph.

Example:
    >>> suggest("organisations", ["Denumire", "Oraș", "Județ", "Tip", "E-mail"])
    {'name': 'Denumire', 'kind': 'Tip', 'city': 'Oraș', 'county': 'Județ', 'email': 'E-mail'}
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from graph.imports.places import country_code, subdivision_code
from graph.imports.vocab import amount, iso_date, kind_of, role_of
from graph.readwrite.dataset import RowError
from graph.readwrite.tables import Table
from graph.text import normalise, slugify


class Target(StrEnum):
    """What one row of a mapped table describes."""

    ORGANISATIONS = "organisations"
    PROJECTS = "projects"
    PARTICIPATIONS = "participations"


# Per target: field -> header words (search keys) that suggest it, English then Romanian.
FIELDS: dict[Target, dict[str, tuple[str, ...]]] = {
    Target.ORGANISATIONS: {
        "name": ("name", "organisation", "organization", "denumire", "denumirea", "nume", "institutia", "organizatia"),
        "kind": ("kind", "type", "category", "tip", "tipul", "categorie", "activitytype"),
        "city": ("city", "town", "locality", "oras", "orasul", "localitate", "localitatea"),
        "county": ("county", "judet", "judetul", "subdivision"),
        "country": ("country", "tara", "state"),
        "website": ("website", "web", "url", "site", "site web", "pagina web", "organizationurl"),
        "email": ("email", "e-mail", "mail", "adresa de email"),
        "phone": ("phone", "telephone", "telefon", "tel"),
        "contact_name": ("contact", "contact name", "contact person", "persoana de contact"),
        "description": ("description", "descriere", "about", "despre"),
        "languages": ("languages", "limbi"),
        "size": ("size", "staff", "employees", "angajati", "personal"),
    },
    Target.PROJECTS: {
        "title": ("title", "project", "project title", "titlu", "titlul", "proiect", "denumire proiect"),
        "programme": ("programme", "program", "programul"),
        "funder": ("funder", "finantator", "donor"),
        "start": ("start", "start date", "startdate", "begin", "inceput", "data inceput", "data de inceput"),
        "end": ("end", "end date", "enddate", "sfarsit", "data sfarsit", "data de sfarsit", "final"),
        "budget": ("budget", "buget", "total cost", "totalcost", "valoare"),
        "currency": ("currency", "moneda", "valuta"),
        "summary": ("summary", "description", "objective", "rezumat", "descriere", "obiectiv"),
    },
    Target.PARTICIPATIONS: {
        "organisation": ("organisation", "organization", "partner", "organizatia", "partener", "denumire"),
        "project": ("project", "project title", "proiect", "titlu", "title"),
        "role": ("role", "rol", "rolul"),
    },
}
REQUIRED: dict[Target, tuple[str, ...]] = {
    Target.ORGANISATIONS: ("name", "kind"),
    Target.PROJECTS: ("title",),
    Target.PARTICIPATIONS: ("organisation", "project"),
}


class Mapping(BaseModel):
    """Which column feeds which field, value translations, and constants.

    ``values`` maps a field to ``{cell as written: value}`` (checked before the built-in
    vocabularies); ``defaults`` gives a field a value when its column is missing or empty.
    """

    model_config = ConfigDict(extra="forbid")

    target: Target
    columns: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    defaults: dict[str, str] = {}

    @model_validator(mode="after")
    def _known_fields(self) -> Mapping:
        known = FIELDS[self.target]
        for where in (self.columns, self.values, self.defaults):
            unknown = sorted(set(where) - set(known))
            if unknown:
                raise ValueError(f"unknown field(s) {', '.join(unknown)}; {self.target} has {', '.join(known)}")
        missing = [f for f in REQUIRED[self.target] if f not in self.columns and f not in self.defaults]
        if missing:
            raise ValueError(f"choose a column for {', '.join(missing)}")
        return self

    @classmethod
    def from_yaml(cls, text: str) -> Mapping:
        """A mapping from a YAML file's text (the CLI's ``--mapping``)."""
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise ValueError(f"the mapping is not valid YAML: {exc}") from None
        return cls.model_validate(data)

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.model_dump(mode="json"), allow_unicode=True, sort_keys=False)


def suggest(target: Target | str, headers: list[str]) -> dict[str, str]:
    """Field -> header for the headers whose words name a field (each header used once)."""
    keys = {h: normalise(h).strip() for h in headers if h}
    chosen: dict[str, str] = {}
    for name, words in FIELDS[Target(target)].items():
        # Exact header names first, then headers that start with a field word.
        exact = [h for h, k in keys.items() if k in words and h not in chosen.values()]
        loose = [h for h, k in keys.items() if any(k.startswith(w + " ") for w in words) and h not in chosen.values()]
        if exact or loose:
            chosen[name] = (exact or loose)[0]
    return chosen


@dataclass
class Known:
    """What the graph already holds that a mapped row may refer to (names by :func:`~graph.text.slugify`
    key), and the organisations' kinds by id, which a source that does not know one keeps."""

    org_by_name: dict[str, str] = field(default_factory=dict)
    project_by_title: dict[str, str] = field(default_factory=dict)
    kind_by_id: dict[str, str] = field(default_factory=dict)


@dataclass
class Mapped:
    """Raw rows per dataset table, ready for :func:`~graph.readwrite.dataset.parse_rows`."""

    rows: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    def add(self, table: str, line: int, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append((line, row))

    def sources(self, name: str) -> list[tuple[str, str, list[tuple[int, dict[str, Any]]]]]:
        return [(name, table, rows) for table, rows in self.rows.items()]


class Cells:
    """One row's cells through a mapping: translated values, or an error per cell."""

    def __init__(self, mapping: Mapping, record: dict[str, str], line: int, mapped: Mapped, name: str) -> None:
        self.mapping, self.record, self.line, self.mapped, self.name = mapping, record, line, mapped, name

    def raw(self, fld: str) -> str | None:
        header = self.mapping.columns.get(fld)
        cell = self.record.get(header, "") if header else ""
        return cell or self.mapping.defaults.get(fld) or None

    def get(self, fld: str, convert: Callable[[str], str | None] | None = None, what: str = "") -> str | None:
        cell = self.raw(fld)
        if cell is None:
            return None
        own = self.mapping.values.get(fld, {})
        if cell in own:
            return own[cell]
        if convert is None:
            return cell
        value = convert(cell)
        if value is None:
            column = self.mapping.columns.get(fld, fld)
            self.mapped.errors.append(RowError(self.name, self.line, column, f"unknown {what} {cell!r}; map it"))
        return value


def resolve_columns(columns: dict[str, str], headers: list[str]) -> dict[str, str]:
    """Field -> the table's own header: as typed, or by search key ("Oraș" finds "Oraş").

    >>> resolve_columns({"city": "Oraș"}, ["Denumire", "Oraş"])
    {'city': 'Oraş'}
    """
    by_key = {normalise(h).strip(): h for h in headers}
    return {f: h if h in headers else by_key.get(normalise(h).strip(), h) for f, h in columns.items()}


def apply_mapping(mapping: Mapping, table: Table, known: Known | None = None) -> Mapped:
    """Turn a table's rows into raw dataset rows through ``mapping``."""
    known = known or Known()
    mapped = Mapped()
    columns = resolve_columns(mapping.columns, table.headers)
    missing = sorted(h for h in columns.values() if h not in table.headers)
    if missing:
        mapped.errors.append(RowError(table.name, 1, ", ".join(missing), "no such column in the table"))
        return mapped
    mapping = mapping.model_copy(update={"columns": columns})
    make = {Target.ORGANISATIONS: organisation_row, Target.PROJECTS: project_row}.get(mapping.target)
    for line, record in table.records():
        cells = Cells(mapping, record, line, mapped, table.name)
        before = len(mapped.errors)
        row = make(cells) if make is not None else _participation(cells, known)
        # A row with a cell the mapping could not translate is reported once, for that cell.
        if row is not None and len(mapped.errors) == before:
            mapped.add(mapping.target.value, line, row)
    return mapped


def stable_id(text: str, limit: int = 110) -> str:
    """A slug id that is the same every time ``text`` is imported.

    Letters a slug cannot hold (Cyrillic, Greek) are kept apart by a short hash of the
    text's search key, so "Читалище Просвета" and "Δήμος Βέροιας" get different ids.

    >>> stable_id("Biblioteca Județeană „Sorin Titel” Timișoara")
    'biblioteca-judeteana-sorin-titel-timisoara'
    >>> stable_id("Читалище Просвета 1")
    '1-b9993c10c8'
    """
    slug, key = slugify(text, limit), normalise(text).strip()
    if any(c.isalnum() and not c.isascii() for c in key):
        digest = hashlib.sha1(key.encode()).hexdigest()[:10]
        slug = "-".join(p for p in (slug[: limit - 11].strip("-"), digest) if p)
    return slug or "x"


def org_id(name: str, city: str | None) -> str:
    """The id an imported organisation gets: from its name and city."""
    return stable_id(f"{name} {city or ''}")


def _region(cells: Cells) -> str | None:
    country = cells.get("country", country_code, "country")
    county = cells.raw("county")
    if county is None:
        return country
    code = subdivision_code(country or "RO", county)
    if code is None:
        cells.mapped.errors.append(
            RowError(
                cells.name,
                cells.line,
                cells.mapping.columns.get("county", "county"),
                f"unknown county {county!r} in {country or 'RO'}",
            )
        )
    return code


def organisation_row(cells: Cells) -> dict[str, Any]:
    """The raw organisation row of one table row (id from its name and city)."""
    name, city = cells.get("name"), cells.get("city")
    row: dict[str, Any] = {
        "id": org_id(name or "", city),
        "name": name,
        "kind": cells.get("kind", kind_of, "kind"),
        "region": _region(cells),
        "city": city,
    }
    for fld in ("website", "email", "phone", "contact_name", "description", "languages", "size"):
        row[fld] = cells.get(fld)
    return {k: v for k, v in row.items() if v is not None}


def project_row(cells: Cells) -> dict[str, Any]:
    """The raw project row of one table row (id from its title)."""
    title = cells.get("title") or ""
    row: dict[str, Any] = {
        "id": stable_id(title),
        "title": title or None,
        "programme": cells.get("programme"),
        "funder": cells.get("funder"),
        "start": cells.get("start", iso_date),
        "end": cells.get("end", iso_date),
        "budget": cells.get("budget", amount),
        "currency": cells.get("currency"),
        "summary": cells.get("summary"),
    }
    return {k: v for k, v in row.items() if v is not None}


def _participation(cells: Cells, known: Known) -> dict[str, Any] | None:
    org, project = cells.get("organisation") or "", cells.get("project") or ""
    refs = {
        "organisation": known.org_by_name.get(slugify(org)),
        "project": known.project_by_title.get(slugify(project)),
    }
    for what, text in (("organisation", org), ("project", project)):
        if refs[what] is None:
            header = cells.mapping.columns.get(what, what)
            cells.mapped.errors.append(
                RowError(cells.name, cells.line, header, f"no {what} named {text!r} in the graph")
            )
    if refs["organisation"] is None or refs["project"] is None:
        return None
    row = {"org": refs["organisation"], "project": refs["project"], "role": cells.get("role", role_of, "role")}
    return {k: v for k, v in row.items() if v is not None}
