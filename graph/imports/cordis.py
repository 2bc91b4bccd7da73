"""The EU's open data on Horizon Europe and Horizon 2020 projects (CORDIS) in.

CORDIS's bulk download is a zip holding ``project.csv`` and ``organization.csv``
(``;``-separated, quoted, UTF-8). Columns are read by header name, so newer exports
with extra columns, or files without the optional ones, still read. Organisations are
keyed on CORDIS's ``organisationID`` (the PIC: id ``pic-<PIC>``) and projects on
CORDIS's project id (``cordis-<id>``), so importing a newer download updates what an
older one brought instead of duplicating it.

``activityType`` becomes a kind (HES university, PUB authority, PRC business, REC and
OTH other; without one, no such column or an empty cell, an organisation the graph
already holds keeps its kind and a new one is "other"), ``role`` a role (coordinator;
participant and partner are partners; third parties and associated partners
stakeholders), ``country`` a region (the EU writes ``EL`` for Greece and ``UK`` for the
United Kingdom), ``frameworkProgramme`` the funder and ``fundingScheme`` the programme.

Example:
    >>> mapped = read_cordis("cordis-HORIZONprojects-csv.zip", content, {"RO", "BG"}, known(store))  # doctest: +SKIP
    >>> sorted(mapped.rows)                                                                    # doctest: +SKIP
    ['organisations', 'participations', 'projects']
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from graph.imports.mapping import Known, Mapped
from graph.imports.places import country_code
from graph.imports.vocab import amount
from graph.models import OrgKind, Role
from graph.readwrite.dataset import RowError

PROJECT_FILE, ORG_FILE = "project.csv", "organization.csv"
PROJECT_REQUIRED = ("id", "title")
ORG_REQUIRED = ("projectID", "organisationID", "name", "country")
KINDS = {"HES": OrgKind.UNIVERSITY, "PUB": OrgKind.AUTHORITY, "PRC": OrgKind.BUSINESS, "REC": OrgKind.OTHER}
ROLES = {
    "coordinator": Role.COORDINATOR,
    "participant": Role.PARTNER,
    "partner": Role.PARTNER,
    "thirdparty": Role.STAKEHOLDER,
    "associatedpartner": Role.STAKEHOLDER,
}
# A participation's role outranks another when an organisation appears twice in one project.
_RANK = {Role.COORDINATOR: 0, Role.PARTNER: 1, Role.STAKEHOLDER: 2}
_MAX_TITLE, _MAX_SUMMARY = 300, 5000


class CordisError(ValueError):
    """The file is not a CORDIS download: the message says what is missing."""


def read_cordis(name: str, content: bytes, countries: set[str] | None = None, known: Known | None = None) -> Mapped:
    """Raw organisation, project and participation rows from a CORDIS zip.

    ``countries`` (ISO codes) keeps only organisations in those countries, their
    participations, and the projects they took part in. ``known`` (what the graph holds,
    :func:`graph.imports.checking.known`) gives the kinds of organisations whose rows have
    no ``activityType``; without it every organisation counts as new.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise CordisError(f"{name}: not a zip file; download the CSV zip from CORDIS") from None
    with archive:
        projects = _rows(archive, PROJECT_FILE, PROJECT_REQUIRED)
        orgs = _rows(archive, ORG_FILE, ORG_REQUIRED)
        mapped = Mapped()
        kept_projects = _organisations(orgs, countries, (known or Known()).kind_by_id, mapped)
        _projects(projects, kept_projects, mapped)
    return mapped


def _member(archive: zipfile.ZipFile, wanted: str) -> str:
    for member in archive.namelist():
        if member.rsplit("/", 1)[-1].lower() == wanted:
            return member
    raise CordisError(f"the zip holds no {wanted}")


def _rows(archive: zipfile.ZipFile, wanted: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    member = _member(archive, wanted)
    text = io.TextIOWrapper(archive.open(member), encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text, delimiter=";", quotechar='"')
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise CordisError(f"{wanted} has no column {', '.join(missing)}")
    for record in reader:
        yield reader.line_num, {k: (v or "").strip() for k, v in record.items() if k}


def _organisations(
    rows: Iterator[tuple[int, dict[str, str]]], countries: set[str] | None, held: dict[str, str], mapped: Mapped
) -> set[str]:
    """Add organisations and participations; return the CORDIS ids of projects kept.

    ``held`` is the graph's kind of each organisation by id.
    """
    seen: set[str] = set()
    roles: dict[tuple[str, str], tuple[int, Role]] = {}
    for line, r in rows:
        region = country_code(r["country"]) if r["country"] else None
        if region is None:
            mapped.errors.append(RowError(ORG_FILE, line, "country", f"unknown country {r['country']!r}"))
            continue
        if countries is not None and region not in countries:
            continue
        org = f"pic-{r['organisationID']}"
        if org not in seen:
            seen.add(org)
            row: dict[str, Any] = {
                "id": org,
                "name": r["name"] or r.get("shortName"),
                "kind": _kind(r.get("activityType", ""), held.get(org)),
                "region": region,
                "city": r.get("city") or None,
                "website": _url(r.get("organizationURL", "")),
            }
            mapped.add("organisations", line, {k: v for k, v in row.items() if v})
        role = ROLES.get(r.get("role", "").lower(), Role.PARTNER)
        key = (org, r["projectID"])
        if key not in roles or _RANK[role] < _RANK[roles[key][1]]:
            roles[key] = (line, role)
    for (org, project), (line, role) in roles.items():
        mapped.add("participations", line, {"org": org, "project": f"cordis-{project}", "role": role.value})
    return {project for _, project in roles}


def _projects(rows: Iterator[tuple[int, dict[str, str]]], kept: set[str], mapped: Mapped) -> None:
    for line, r in rows:
        if r["id"] not in kept:
            continue
        row: dict[str, Any] = {
            "id": f"cordis-{r['id']}",
            "title": _cut(r["title"] or r.get("acronym", ""), _MAX_TITLE),
            "funder": r.get("frameworkProgramme"),
            "programme": r.get("fundingScheme"),
            "start": r.get("startDate", "")[:10],
            "end": r.get("endDate", "")[:10],
            "budget": amount(r.get("totalCost", "")),
            "currency": "EUR" if r.get("totalCost") else None,
            "summary": _cut(r.get("objective", ""), _MAX_SUMMARY),
        }
        mapped.add("projects", line, {k: v for k, v in row.items() if v})


def _kind(activity: str, held: str | None) -> str:
    """The kind an ``activityType`` code gives; without a code, the kind the graph holds.

    A missing or empty code says nothing about the organisation, so it must not turn a
    kind someone chose into "other"; an unknown code is "other", as OTH is.

    >>> _kind("HES", "library"), _kind("", "library"), _kind("", None), _kind("XYZ", None)
    ('university', 'library', 'other', 'other')
    """
    if not activity:
        return held or OrgKind.OTHER.value
    return KINDS.get(activity.upper(), OrgKind.OTHER).value


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _url(text: str) -> str | None:
    """CORDIS writes many addresses without a scheme (``www.uvt.ro``)."""
    if not text:
        return None
    return text if text.lower().startswith(("http://", "https://")) else f"https://{text}"
