"""The audit trail in words: "Raluca Stoica changed the description of ANBPR".

:func:`describe` turns a recorded event (graph.members.audit) into a sentence in the
interface language, with people and organisations by name, and each changed field as
a label with its value before and after, written for people (no Python reprs, no codes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.templating import label, number, region_name
from graph.members.audit import NODE_VALUE_FIELDS, AuditEvent

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
    "member": _l("member"),
    "members": _l("members"),
    "merged": _l("merged organisation"),
    "source": _l("organisation introduced"),
    "target": _l("introduced to"),
    "countries": _l("countries"),
    "kinds": _l("kinds"),
    "deadline": _l("deadline"),
    "text": _l("text"),
    "public": _l("public"),
    "spec": _l("column mapping"),
}

# Fields recorded as ISO dates: shown as dates of the interface language.
DATE_FIELDS = frozenset({"deadline", "start", "end", "at"})

# Fields whose values are ids of nodes: shown by the nodes' names.
NODE_FIELDS = frozenset(NODE_VALUE_FIELDS)


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


def _value(value: Any, key: str = "", names: dict[str, str] | None = None) -> str:
    """A recorded value for people: numbers for the language, lists joined, records as
    "level 3", ids of nodes by their names."""
    names = names or {}
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return number(value)
    if key == "region" and isinstance(value, str):
        return region_name(value)
    if key in DATE_FIELDS and isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    if key in NODE_FIELDS and isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, list):
        return ", ".join(_value(v, key, names) for v in value)
    if isinstance(value, dict) and key == "members":  # a consortium's member: name and role
        member = str(value.get("id") or value.get("org") or "")
        return " ".join(p for p in (names.get(member, member), label(value.get("role"))) if p)
    if isinstance(value, dict):  # an offer or need: "level 3; evidence ..." (its org is the event's)
        shown = {k: v for k, v in value.items() if v not in (None, "") and k != "org"}
        parts = [f"{field_label(k, {})} {_value(v, k, names)}" for k, v in shown.items()]
        return "; ".join(p for p in parts if p.strip())
    return label(value)


# What each recorded action says, with who did it, what it was about, and the fields changed.
SENTENCES = {
    "organisation.update": _l("%(who)s changed the %(fields)s of %(what)s"),
    "person.update": _l("%(who)s changed the %(fields)s of %(what)s"),
    "offer.set": _l("%(who)s recorded what %(what)s offers: %(fields)s"),
    "offer.remove": _l("%(who)s removed an offer of %(what)s: %(fields)s"),
    "need.set": _l("%(who)s recorded what %(what)s needs: %(fields)s"),
    "need.remove": _l("%(who)s removed a need of %(what)s: %(fields)s"),
    "practice.add": _l("%(who)s documented the practice “%(what)s”"),
    "hub.designate": _l("%(who)s made a service hub: %(what)s"),
    "hub.remove": _l("%(who)s withdrew a service hub: %(what)s"),
    "account.register": _l("%(who)s registered the account of %(what)s"),
    "account.confirm": _l("%(who)s confirmed that %(what)s represents their organisation"),
    "account.role": _l("%(who)s changed the role of %(what)s"),
    "account.status": _l("%(who)s changed the status of %(what)s"),
    "account.password": _l("%(who)s changed the password of %(what)s"),
    "account.logout": _l("%(who)s signed out"),
    "account.rehash": _l("%(who)s signed in and the password's storage was renewed"),
    "introduction.propose": _l("%(who)s proposed an introduction: %(what)s"),
    "introduction.status": _l("%(who)s moved an introduction to its next stage: %(what)s"),
    "introduction.project": _l("%(who)s linked an introduction to its project: %(what)s"),
    "request.publish": _l("%(who)s published a partner request: %(what)s"),
    "consortium.save": _l("%(who)s saved the consortium %(what)s"),
    "consortium.member": _l("%(who)s changed the members of the consortium %(what)s: %(fields)s"),
    "consortium.remove_member": _l("%(who)s removed a member of the consortium %(what)s: %(fields)s"),
    "dataset.import": _l("%(who)s imported tables: %(what)s"),
    "dataset.refresh": _l("%(who)s loaded a dataset again over the data: %(what)s"),
    "org.merge": _l("%(who)s merged a duplicate into %(what)s"),
    "org.not_duplicate": _l("%(who)s marked two organisations as different: %(what)s"),
    "import_mapping.save": _l("%(who)s saved the column mapping %(what)s"),
}


def _sentence(event: AuditEvent, names: dict[str, str], fields: str) -> str:
    who = names.get(event.actor, event.actor)
    what = names.get(event.target_id, event.target_id)
    template = SENTENCES.get(event.action)
    if template is None:  # an action recorded by a newer version: still readable
        return f"{who}: {event.action} {what}"
    return str(template) % {"who": who, "what": what, "fields": fields}


# Changes an event records for the machinery, not for people: an organisation's version
# step (graph.members.editing) stays in the JSON trail and out of the sentences.
BOOKKEEPING = frozenset({"version"})


def describe(event: AuditEvent, names: dict[str, str]) -> Described:
    """The event as a sentence and a list of changed fields with their before/after values."""
    changes = [
        Change(field_label(k, names), _value(c.get("before"), k, names), _value(c.get("after"), k, names))
        for k, c in event.changes.items()
        if k not in BOOKKEEPING
    ]
    fields = ", ".join(c.field for c in changes)
    return Described(event, _sentence(event, names, fields), changes)
