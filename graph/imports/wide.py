"""Wide partner tables: one row per project, a column group per partner.

Many programme exports list a project per row with its coordinator and partners side
by side: "Coordinator", "Coordinator country", "Partner 1", "Partner 1 country",
"Partner 2 type"... (in Romanian "Coordonator", "Partener 1 țara", "Partener 2 tip").
:func:`groups` finds those column groups; :func:`read_wide` turns each row into a
project, an organisation per filled group and a participation with its role. The other
columns describe the project and are suggested like any project table's.

Example:
    >>> found = groups(["Titlu", "Coordonator", "Coordonator țara", "Partener 1", "Partener 1 tip"])
    >>> found[("coordinator", 0)], found[("partner", 1)]
    ({'name': 'Coordonator', 'country': 'Coordonator țara'}, {'name': 'Partener 1', 'kind': 'Partener 1 tip'})
"""

from __future__ import annotations

import re

from graph.imports.mapping import FIELDS, Cells, Mapped, Mapping, Target, organisation_row, project_row, suggest
from graph.models import Role
from graph.readwrite.tables import Table
from graph.text import normalise

_GROUP = re.compile(
    r"^(coordinator|coordonator|lead partner|lead|partner|partener|participant)\s*(\d*)\s*[-_:.]?\s*(.*)$"
)
_ROLE_OF = dict.fromkeys(("coordinator", "coordonator", "lead partner", "lead"), Role.COORDINATOR)
_NAME_WORDS = ("", "name", "nume", "denumire", "denumirea", "organisation", "organization", "organizatia")

Group = tuple[str, int]


def groups(headers: list[str]) -> dict[Group, dict[str, str]]:
    """``(role, number)`` -> organisation field -> header, for every partner column group."""
    found: dict[Group, dict[str, str]] = {}
    fields = FIELDS[Target.ORGANISATIONS]
    for header in headers:
        match = _GROUP.match(normalise(header).strip())
        if match is None:
            continue
        word, number, rest = match.groups()
        role = _ROLE_OF.get(word, Role.PARTNER)
        if role is Role.PARTNER and not number:
            continue  # "Partner country" without a number is not a group
        field = "name" if rest in _NAME_WORDS else next((f for f, words in fields.items() if rest in words), None)
        if field is not None:
            found.setdefault((role.value, int(number or 0)), {}).setdefault(field, header)
    return {key: cols for key, cols in sorted(found.items()) if "name" in cols}


def read_wide(table: Table, project: Mapping | None = None, defaults: dict[str, str] | None = None) -> Mapped:
    """Projects, organisations and participations from a wide partner table.

    ``project`` maps the project columns (suggested when not given); ``defaults`` gives
    every organisation a value its group lacks (``{"country": "RO"}``).
    """
    partner_groups = groups(table.headers)
    grouped = {h for cols in partner_groups.values() for h in cols.values()}
    if project is None:
        rest = [h for h in table.headers if h not in grouped]
        project = Mapping(target=Target.PROJECTS, columns=suggest(Target.PROJECTS, rest))
    base = defaults or {}
    group_mappings = {
        key: Mapping(
            target=Target.ORGANISATIONS, columns=cols, defaults=base if "kind" in cols else {"kind": "other", **base}
        )
        for key, cols in partner_groups.items()
    }
    mapped = Mapped()
    orgs: set[str] = set()
    for line, record in table.records():
        project_cells = project_row(Cells(project, record, line, mapped, table.name))
        mapped.add("projects", line, project_cells)
        for (role, _), group in group_mappings.items():
            if not record.get(group.columns["name"]):
                continue
            org = organisation_row(Cells(group, record, line, mapped, table.name))
            if org["id"] not in orgs:
                orgs.add(org["id"])
                mapped.add("organisations", line, org)
            mapped.add("participations", line, {"org": org["id"], "project": project_cells.get("id"), "role": role})
    return mapped
