"""Editing the network by hand: organisation profiles, offers, needs, practices, hubs.

Every function validates through the pydantic models of :mod:`graph.models` (the same
gate as dataset files), checks that the nodes it links exist, and writes the change
and its audit event in ONE transaction. Refused input raises :class:`EditError`,
whose ``errors`` map form fields to messages, and writes nothing. Who may edit what
is the web layer's business (``app.access``); these functions trust their caller.

Edits change only what they name, and never silently win over another: a profile
update writes only the fields whose value changes, and every write to an
organisation (profile, offers, needs, practices, hubs) increments its ``version``
in the same transaction. An editor passes the version it read (``expected``); if the
organisation changed since, :class:`Conflict` says what changed meanwhile and nothing
is written. Each audit event of an organisation records its version step.

Example:
    >>> update_org(store, "ana", "anbpr", {"website": "https://anbpr.org.ro"}, expected=3)  # doctest: +SKIP
    Saved(changes={'website': {'before': None, 'after': 'https://anbpr.org.ro'}}, version=4)
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from neo4j import ManagedTransaction
from pydantic import ValidationError

from graph import models as m
from graph.errors import NotFound
from graph.members import audit
from graph.store.changes import Link, Props, Topic
from graph.store.changes import record as log_change
from graph.store.changes import unchanged as nothing_changed
from graph.store.driver import Store, run
from graph.store.queries import query
from graph.text import slugify

GET_ORG = query("editing/get_org")
GET_REGION = query("editing/get_region")
GET_COMPETENCE = query("editing/get_competence")
LIST_CHOICES = query("editing/list_choices")
GET_OFFER = query("editing/get_offer")
GET_NEED = query("editing/get_need")
REMOVE_OFFER = query("editing/remove_offer")
REMOVE_NEED = query("editing/remove_need")
GET_PERSON = query("editing/get_person")
UPDATE_PERSON = query("editing/update_person")
REMOVE_HUB = query("editing/remove_hub")
CLAIM_VERSION = query("editing/claim_version")
UPDATE_ORG = query("editing/update_org")
MOVE_ORG = query("editing/move_org")
MERGE_OFFERS = query("load/merge_offers")
MERGE_NEEDS = query("load/merge_needs")
MERGE_PRACTICES = query("load/merge_practices")
MERGE_HUBS = query("load/merge_hubs")

# What the profile form may change; the name and id stay as imported.
ORG_FIELDS = ("description", "kind", "region", "city", "website", "email", "phone", "contact_name")
PERSON_FIELDS = ("name", "email", "phone")
# Profile fields that no cached view shows (graph.store.cache: counts, regions, matrix, search,
# metrics show names, kinds, places and links): a change of only these keeps the caches. The
# description is searched (graph.explore.finder): its change is logged under its own topic.
DETAIL_FIELDS = frozenset({"description", "website", "email", "phone", "contact_name"})
# The relation of an offer or a need, as the change log's facts name it.
LINKS: dict[str, Literal["offers", "needs"]] = {"offer": "offers", "need": "needs"}

M = TypeVar("M", bound=m.Model)


class EditError(ValueError):
    """Refused input: ``errors`` maps each bad field to a message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


@dataclass(frozen=True)
class Saved:
    """What an edit changed (field -> before/after) and the organisation's version after it."""

    changes: audit.Changes
    version: int


class Conflict(Exception):
    """The organisation changed after its editor read it (at version ``expected``).

    Nothing was written. ``version`` is the current version and ``changes`` what
    changed meanwhile, per field: the value at ``expected`` (before) and now (after).
    """

    def __init__(self, org_id: str, expected: int, version: int, changes: audit.Changes) -> None:
        self.org_id, self.expected, self.version, self.changes = org_id, expected, version, changes
        super().__init__(
            f"{org_id} changed since version {expected} (now {version}): {', '.join(changes) or 'details unknown'}"
        )


class _Stale(Exception):
    """Raised inside a transaction to roll it back: the version moved on to ``current``."""

    def __init__(self, current: int) -> None:
        self.current = current


def validated(model: type[M], data: Mapping[str, Any]) -> M:
    """``model`` built from ``data``, or :class:`EditError` naming each bad field."""
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for problem in exc.errors():
            field = str(problem["loc"][0]) if problem["loc"] else "form"
            errors.setdefault(field, problem["msg"].removeprefix("Value error, "))
        raise EditError(errors) from None


def new_id(prefix: str, text: str) -> str:
    """A fresh slug id: ``prefix``, a readable part of ``text``, and a random suffix."""
    return "-".join(p for p in (prefix, slugify(text), secrets.token_hex(3)) if p)


def choices(store: Store) -> dict[str, list[tuple[str, str]]]:
    """(id, name) of every region and competence, for the forms' select boxes."""
    found: dict[str, list[tuple[str, str]]] = {"regions": [], "competences": []}
    for row in store.read(LIST_CHOICES):
        found[row["kind"]].append((row["id"], row["name"]))
    for values in found.values():
        values.sort()
    return found


def _one(rows: list[dict[str, Any]], org_id: str) -> dict[str, Any]:
    """The stored organisation of ``GET_ORG``'s rows; :class:`NotFound` if none."""
    if not rows:
        raise NotFound(f"no organisation with id {org_id!r}")
    return dict(rows[0]["org"])


def _stored(tx: ManagedTransaction, org_id: str) -> dict[str, Any]:
    return _one(run(tx, GET_ORG, id=org_id), org_id)


def _model(stored: dict[str, Any]) -> m.Organisation:
    return m.Organisation.model_validate({k: v for k, v in stored.items() if k in m.Organisation.model_fields})


def _org(tx: ManagedTransaction, org_id: str) -> m.Organisation:
    return _model(_stored(tx, org_id))


def _claim(tx: ManagedTransaction, org_id: str, expected: int | None, changes: audit.Changes) -> audit.Changes:
    """Increment ``org_id``'s version in ``tx``; ``changes`` with that step added (for the audit).

    Raises :class:`_Stale` (rolling ``tx`` back) when the version is not ``expected``.
    """
    rows = run(tx, CLAIM_VERSION, id=org_id)
    if not rows:
        raise NotFound(f"no organisation with id {org_id!r}")
    current, version = rows[0]["current"], rows[0]["version"]
    if expected is not None and current != expected:
        raise _Stale(current)
    return {**changes, "version": {"before": current, "after": version}}


def _conflict(store: Store, org_id: str, expected: int, current: int) -> Conflict:
    """The :class:`Conflict` of an edit made at ``expected``: what changed since, from the audit trail."""
    steps = [
        event.changes
        for event in reversed(audit.list_events(store, target_id=org_id, limit=1000))
        if event.target_kind == "Organisation" and (event.changes.get("version") or {}).get("after", 0) > expected
    ]
    meanwhile: audit.Changes = {}
    for changes in steps:  # oldest first: keep each field's first before and last after
        for field, change in changes.items():
            if field != "version":
                meanwhile[field] = {"before": meanwhile.get(field, change)["before"], "after": change["after"]}
    return Conflict(org_id, expected, current, {k: v for k, v in meanwhile.items() if v["before"] != v["after"]})


def _versioned(store: Store, org_id: str, expected: int | None, write: Any) -> Any:
    """Run ``store.write_tx(write)``; a stale version becomes :class:`Conflict`."""
    try:
        return store.write_tx(write)
    except _Stale as stale:
        assert expected is not None
        raise _conflict(store, org_id, expected, stale.current) from None


def _require(tx: ManagedTransaction, q: Any, field: str, value: str, what: str) -> None:
    if not run(tx, q, id=value):
        raise EditError({field: f"no {what} with id {value!r}"})


def get_org_and_version(store: Store, org_id: str) -> tuple[m.Organisation, int]:
    """The stored organisation as its model (contacts included) and its version (0 before
    its first edit), for the edit form and its API's ETag: one auto-commit read (a
    transaction's BEGIN and COMMIT were two more round trips)."""
    stored = _one(store.read(GET_ORG, id=org_id), org_id)
    return _model(stored), int(stored.get("version") or 0)


def get_org(store: Store, org_id: str) -> m.Organisation:
    """The stored organisation as its model (contacts included)."""
    return get_org_and_version(store, org_id)[0]


def get_version(store: Store, org_id: str) -> int:
    """The organisation's current version (0 before its first edit)."""
    return get_org_and_version(store, org_id)[1]


def update_org(store: Store, actor: str, org_id: str, fields: Mapping[str, Any], expected: int | None = None) -> Saved:
    """Set the profile fields given in ``fields`` that differ from the stored ones (audited).

    With ``expected`` (the version the editor read), :class:`Conflict` is raised and
    nothing written if the organisation changed since. A change of nothing writes
    nothing (the version stays).
    """
    given = {k: fields[k] for k in ORG_FIELDS if k in fields}

    def work(tx: ManagedTransaction) -> Saved:
        stored = _stored(tx, org_id)
        before = _model(stored)
        after = validated(m.Organisation, {**before.model_dump(exclude={"name_norm", "city_norm", "country"}), **given})
        changes = audit.diff({k: before.props()[k] for k in ORG_FIELDS}, {k: after.props()[k] for k in ORG_FIELDS})
        if not changes:
            version = int(stored.get("version") or 0)
            if expected is not None and version != expected:
                raise _Stale(version)
            nothing_changed()
            return Saved({}, version)
        if after.region != before.region:
            _require(tx, GET_REGION, "region", after.region, "region")
        audited = _claim(tx, org_id, expected, changes)
        props = {k: v for k, v in after.props().items() if v != before.props()[k]}  # derived fields too
        run(tx, UPDATE_ORG, id=org_id, props=props)
        if "region" in changes:
            run(tx, MOVE_ORG, id=org_id, region=after.region)
        audit.record(tx, actor, "organisation.update", "Organisation", org_id, audited)
        if not set(changes) <= DETAIL_FIELDS - {"description"}:  # what the indexes hold changed
            topic = Topic.TEXT if set(changes) <= DETAIL_FIELDS else Topic.ORGS
            held = {k: v for k, v in props.items() if k == "description" or k not in DETAIL_FIELDS}
            log_change(tx, topic, [org_id], facts=[Props(org_id, held)])
        return Saved(changes, audited["version"]["after"])

    keep = store.cache_neutral() if set(given) <= DETAIL_FIELDS else contextlib.nullcontext()
    with keep:
        saved: Saved = _versioned(store, org_id, expected, work)
        return saved


def _set_link(store: Store, actor: str, item: m.Offer | m.Need) -> audit.Changes:
    is_offer = isinstance(item, m.Offer)
    getter, merger = (GET_OFFER, MERGE_OFFERS) if is_offer else (GET_NEED, MERGE_NEEDS)
    kind = "offer" if is_offer else "need"

    def work(tx: ManagedTransaction) -> audit.Changes:
        _org(tx, item.org)
        _require(tx, GET_COMPETENCE, "competence", item.competence, "competence")
        rows = run(tx, getter, org=item.org, competence=item.competence)
        after = {k: v for k, v in item.props().items() if k not in ("org", "competence")}
        changes = audit.diff(rows[0] if rows else {}, after)
        if changes:
            run(tx, merger, rows=[item.props()])
            value = item.level if isinstance(item, m.Offer) else item.priority
            log_change(tx, Topic.LINKS, [item.org], facts=[Link(item.org, LINKS[kind], item.competence, value)])
            audited = _claim(
                tx, item.org, None, {f"{kind}:{item.competence}": {"before": rows[0] if rows else None, "after": after}}
            )
            audit.record(tx, actor, f"{kind}.set", "Organisation", item.org, audited)
        else:
            nothing_changed()
        return changes

    return store.write_tx(work)


def set_offer(store: Store, actor: str, offer: m.Offer) -> audit.Changes:
    """Add or change what an organisation offers (competence, level, evidence)."""
    return _set_link(store, actor, offer)


def set_need(store: Store, actor: str, need: m.Need) -> audit.Changes:
    """Add or change what an organisation needs (competence, priority, note)."""
    return _set_link(store, actor, need)


def remove_link(store: Store, actor: str, kind: str, org_id: str, competence: str) -> bool:
    """Remove an offer (``kind="offer"``) or need; False if there was none."""
    getter, remover = {"offer": (GET_OFFER, REMOVE_OFFER), "need": (GET_NEED, REMOVE_NEED)}[kind]

    def work(tx: ManagedTransaction) -> bool:
        rows = run(tx, getter, org=org_id, competence=competence)
        if not rows:
            nothing_changed()
            return False
        run(tx, remover, org=org_id, competence=competence)
        log_change(tx, Topic.LINKS, [org_id], facts=[Link(org_id, LINKS[kind], competence, 0)])
        audited = _claim(tx, org_id, None, {f"{kind}:{competence}": {"before": rows[0], "after": None}})
        audit.record(tx, actor, f"{kind}.remove", "Organisation", org_id, audited)
        return True

    return store.write_tx(work)


def add_practice(store: Store, actor: str, fields: Mapping[str, Any]) -> m.Practice:
    """Document a best practice of ``fields["org"]`` (a new id is made for it)."""
    data = {**fields, "id": new_id("practice", str(fields.get("title") or ""))}
    practice = validated(m.Practice, data)

    def work(tx: ManagedTransaction) -> None:
        _org(tx, practice.org)
        for competence in practice.competences:
            _require(tx, GET_COMPETENCE, "competences", competence, "competence")
        run(tx, MERGE_PRACTICES, rows=[practice.props()])
        _claim(tx, practice.org, None, {})
        audit.record(tx, actor, "practice.add", "Practice", practice.id, audit.diff({}, practice.props()))

    store.write_tx(work)
    return practice


def designate_hub(store: Store, actor: str, fields: Mapping[str, Any]) -> m.Hub:
    """Make ``fields["org"]`` the network's service hub for ``fields["competence"]``."""
    data = {**fields, "id": f"hub-{fields.get('org')}-{fields.get('competence')}"[:120]}
    hub = validated(m.Hub, data)

    def work(tx: ManagedTransaction) -> None:
        _org(tx, hub.org)
        _require(tx, GET_COMPETENCE, "competence", hub.competence, "competence")
        run(tx, MERGE_HUBS, rows=[hub.props()])
        _claim(tx, hub.org, None, {})
        audit.record(tx, actor, "hub.designate", "Hub", hub.id, audit.diff({}, hub.props()))

    store.write_tx(work)
    return hub


def remove_hub(store: Store, actor: str, org_id: str, hub_id: str) -> None:
    """Withdraw a hub designation of ``org_id`` (audited)."""

    def work(tx: ManagedTransaction) -> None:
        run(tx, REMOVE_HUB, id=hub_id, org=org_id)
        _claim(tx, org_id, None, {})
        audit.record(tx, actor, "hub.remove", "Hub", hub_id, {"org": {"before": org_id, "after": None}})

    store.write_tx(work)


def get_person(store: Store, person_id: str) -> dict[str, Any]:
    rows = store.read(GET_PERSON, id=person_id)
    if not rows:
        raise NotFound(f"no person with id {person_id!r}")
    return rows[0]


def update_person(store: Store, actor: str, person_id: str, fields: Mapping[str, Any]) -> audit.Changes:
    """Change a person's name, e-mail and phone (a member's own profile; audited)."""

    def work(tx: ManagedTransaction) -> audit.Changes:
        rows = run(tx, GET_PERSON, id=person_id)
        if not rows:
            raise NotFound(f"no person with id {person_id!r}")
        before = {k: rows[0][k] for k in PERSON_FIELDS}
        given = {k: fields[k] for k in PERSON_FIELDS if k in fields}
        after = validated(m.Person, {"id": person_id, **before, **given}).props()
        changes = audit.diff(before, {k: after[k] for k in PERSON_FIELDS})
        if changes:
            run(tx, UPDATE_PERSON, id=person_id, **{k: after[k] for k in PERSON_FIELDS})
            audit.record(tx, actor, "person.update", "Person", person_id, changes)
        return changes

    return store.write_tx(work)
