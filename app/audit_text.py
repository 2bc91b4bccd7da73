"""The audit trail in words: "Raluca Stoica changed the description of ANBPR".

:func:`describe` turns a recorded event (graph.members.audit) into a sentence in the
interface language, with people and organisations by name, and each changed field as
a label with its value before and after, written for people (no Python reprs, no codes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.templating import label, number, region_name
from graph.members.audit import AuditEvent

FIELDS = {
    "description": _l("description"),
    "website": _l("website"),
    "kind": _l("kind"),
    "region": _l("region"),
    "city": _l("city"),
    "email": _l("e-mail"),
    "phone": _l("phone"),
    "contact_name": _l("contact person"),
    "name": _l("name"),
    "role": _l("role"),
    "status": _l("status"),
    "level": _l("level"),
    "evidence": _l("evidence"),
    "priority": _l("priority"),
    "note": _l("note"),
    "title": _l("title"),
    "summary": _l("summary"),
    "year": _l("year"),
    "links": _l("links"),
    "competences": _l("competences"),
    "competence": _l("competence"),
    "since": _l("since"),
    "org": _l("organisation"),
    "offer": _l("offer"),
    "need": _l("need"),
    "project": _l("project"),
    "rows": _l("rows"),
}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Described:
    event: AuditEvent
    sentence: str
    changes: list[Change]


def field_label(key: str, names: dict[str, str]) -> str:
    """``description`` -> "description"; ``offer:advocacy`` -> "offer: Advocacy"."""
    if ":" in key:
        kind, node = key.split(":", 1)
        return f"{FIELDS.get(kind, kind)}: {names.get(node, node)}"
    return str(FIELDS.get(key, key.replace("_", " ")))


def _value(value: Any, key: str = "") -> str:
    """A recorded value for people: numbers for the language, lists joined, records as "level 3"."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return number(value)
    if key == "region" and isinstance(value, str):
        return region_name(value)
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        parts = [f"{field_label(k, {})} {_value(v)}" for k, v in value.items() if v not in (None, "") and k != "org"]
        return "; ".join(p for p in parts if p.strip())
    return label(value)


def _sentence(event: AuditEvent, names: dict[str, str], fields: str) -> str:
    who = names.get(event.actor, event.actor)
    what = names.get(event.target_id, event.target_id)
    sentences = {
        "organisation.update": _("%(who)s changed the %(fields)s of %(what)s", who=who, fields=fields, what=what),
        "person.update": _("%(who)s changed the %(fields)s of %(what)s", who=who, fields=fields, what=what),
        "offer.set": _("%(who)s recorded what %(what)s offers: %(fields)s", who=who, fields=fields, what=what),
        "offer.remove": _("%(who)s removed an offer of %(what)s: %(fields)s", who=who, fields=fields, what=what),
        "need.set": _("%(who)s recorded what %(what)s needs: %(fields)s", who=who, fields=fields, what=what),
        "need.remove": _("%(who)s removed a need of %(what)s: %(fields)s", who=who, fields=fields, what=what),
        "practice.add": _("%(who)s documented the practice “%(what)s”", who=who, what=what),
        "hub.designate": _("%(who)s made a service hub: %(what)s", who=who, what=what),
        "hub.remove": _("%(who)s withdrew a service hub: %(what)s", who=who, what=what),
        "account.register": _("%(who)s registered the account of %(what)s", who=who, what=what),
        "account.confirm": _("%(who)s confirmed that %(what)s represents their organisation", who=who, what=what),
        "account.role": _("%(who)s changed the role of %(what)s", who=who, what=what),
        "account.status": _("%(who)s changed the status of %(what)s", who=who, what=what),
        "account.password": _("%(who)s changed the password of %(what)s", who=who, what=what),
        "introduction.propose": _("%(who)s proposed an introduction: %(what)s", who=who, what=what),
        "introduction.status": _("%(who)s moved an introduction to its next stage: %(what)s", who=who, what=what),
        "introduction.project": _("%(who)s linked an introduction to its project: %(what)s", who=who, what=what),
        "dataset.import": _("%(who)s imported tables: %(what)s", who=who, what=what),
    }
    return sentences.get(event.action, f"{who}: {event.action} {what}")


# Changes an event records for the machinery, not for people: an organisation's version
# step (graph.members.editing) stays in the JSON trail and out of the sentences.
BOOKKEEPING = frozenset({"version"})


def describe(event: AuditEvent, names: dict[str, str]) -> Described:
    """The event as a sentence and a list of changed fields with their before/after values."""
    changes = [
        Change(field_label(k, names), _value(c.get("before"), k), _value(c.get("after"), k))
        for k, c in event.changes.items()
        if k not in BOOKKEEPING
    ]
    fields = ", ".join(c.field for c in changes)
    return Described(event, _sentence(event, names, fields), changes)
