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

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from graph.readwrite.dataset import RowError
from graph.readwrite.places import country_code, subdivision_code
from graph.readwrite.tables import Table
from graph.readwrite.vocab import amount, iso_date, kind_of, role_of
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
        return cls.model_validate(yaml.safe_load(text) or {})

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
    """What the graph already holds that a mapped row may refer to, by search key."""

    org_by_name: dict[str, str] = field(default_factory=dict)
    project_by_title: dict[str, str] = field(default_factory=dict)


@dataclass
class Mapped:
    """Raw rows per dataset table, ready for :func:`~graph.readwrite.dataset.parse_rows`."""

    rows: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    def add(self, table: str, line: int, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append((line, row))

    def sources(self, name: str) -> list[tuple[str, str, list[tuple[int, dict[str, Any]]]]]:
        return [(name, table, rows) for table, rows in self.rows.items()]


class _Cells:
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


def apply_mapping(mapping: Mapping, table: Table, known: Known | None = None) -> Mapped:
    """Turn a table's rows into raw dataset rows through ``mapping``."""
    known = known or Known()
    mapped = Mapped()
    missing = sorted(h for h in mapping.columns.values() if h not in table.headers)
    if missing:
        mapped.errors.append(RowError(table.name, 1, ", ".join(missing), "no such column in the table"))
        return mapped
    rows = {Target.ORGANISATIONS: _organisation, Target.PROJECTS: _project, Target.PARTICIPATIONS: _participation}
    make = rows[mapping.target]
    for line, record in table.records():
        make(_Cells(mapping, record, line, mapped, table.name), known)
    return mapped


def org_id(name: str, city: str | None) -> str:
    """The id an imported organisation gets: a slug of its name and city.

    >>> org_id("Biblioteca Județeană „Sorin Titel”", "Timișoara")
    'biblioteca-judeteana-sorin-titel-timisoara'
    """
    return slugify(f"{name} {city or ''}", limit=110) or "org"


def _region(cells: _Cells) -> str | None:
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


def _organisation(cells: _Cells, known: Known) -> None:
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
    cells.mapped.add("organisations", cells.line, {k: v for k, v in row.items() if v is not None})


def _project(cells: _Cells, known: Known) -> None:
    title = cells.get("title") or ""
    row: dict[str, Any] = {
        "id": slugify(title, limit=110) or "project",
        "title": title or None,
        "programme": cells.get("programme"),
        "funder": cells.get("funder"),
        "start": cells.get("start", iso_date),
        "end": cells.get("end", iso_date),
        "budget": cells.get("budget", amount),
        "currency": cells.get("currency"),
        "summary": cells.get("summary"),
    }
    cells.mapped.add("projects", cells.line, {k: v for k, v in row.items() if v is not None})


def _participation(cells: _Cells, known: Known) -> None:
    org, project = cells.get("organisation") or "", cells.get("project") or ""
    org_ref = known.org_by_name.get(normalise(org))
    project_ref = known.project_by_title.get(normalise(project))
    for ref, text, column, what in (
        (org_ref, org, "organisation", "organisation"),
        (project_ref, project, "project", "project"),
    ):
        if ref is None:
            header = cells.mapping.columns.get(column, column)
            cells.mapped.errors.append(
                RowError(cells.name, cells.line, header, f"no {what} named {text!r} in the graph")
            )
    if org_ref and project_ref:
        row = {"org": org_ref, "project": project_ref, "role": cells.get("role", role_of, "role")}
        cells.mapped.add("participations", cells.line, {k: v for k, v in row.items() if v is not None})
