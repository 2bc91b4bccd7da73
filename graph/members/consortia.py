"""Saved consortia: a broker keeps a proposal for a call, edits it, and turns it into introductions.

``(:Consortium {id, title, status: 'draft'})-[:ANSWERS]->(:Call {id, title, rules})``,
``(Consortium)-[:INCLUDES {role}]->(Organisation)`` and ``(Person)-[:SAVED]->(Consortium)``.
The call's rules are kept as the JSON the consortium builder validated (this package
does not import :mod:`graph.matching`; the web layer checks the call before saving).
Members are picked by name (:func:`org_by_name`), never by id. A consortium shows the
ties already among its members (a joint project, a membership, a recorded introduction)
and the pairs with none; :func:`propose_missing` turns those into proposed introductions
with :func:`graph.members.introductions.propose`. Every write is audited in its own
transaction.

Example:
    >>> saved = save(store, "bogdan", "bogdan-broker", "Danube draft", "Danube libraries",
    ...              rules, [("anbpr", Role.COORDINATOR), ("bj-satu-mare", Role.PARTNER)])  # doctest: +SKIP
    >>> [(p.a.name, p.b.name) for p in saved.missing]                                     # doctest: +SKIP
"""

from __future__ import annotations

import json
from datetime import datetime
from itertools import combinations
from typing import Any

from neo4j import ManagedTransaction

from graph.errors import NotFound
from graph.members import audit, introductions
from graph.members.editing import EditError, new_id
from graph.models import OrgKind, Role
from graph.outputs import OutModel, Ref
from graph.store.cache import cached
from graph.store.changes import Topic
from graph.store.driver import Store, run
from graph.store.queries import query
from graph.text import normalise

CREATE_CONSORTIUM = query("consortia/create_consortium")
CONSORTIUM_IDS = query("consortia/consortium_ids")
ORGS_IN_CONSORTIA = query("consortia/orgs_in_consortia")
DESCRIBE_CONSORTIA = query("consortia/describe_consortia")
MEMBER_TIES = query("consortia/member_ties")
SET_MEMBER = query("consortia/set_member")
REMOVE_MEMBER = query("consortia/remove_member")
ORGS_BY_NAME = query("consortia/orgs_by_name")
MAX_MEMBERS = 30


class ConsortiumMember(OutModel):
    id: str
    name: str
    kind: OrgKind | None = None
    country: str | None = None
    role: Role


class SavedCall(OutModel):
    id: str
    title: str
    rules: dict[str, Any]


class Pair(OutModel):
    """Two members and what already ties them (nothing: a missing tie)."""

    a: Ref
    b: Ref
    ties: list[str]  # "project", "membership", "introduction"


class SavedConsortium(OutModel):
    id: str
    title: str
    status: str
    created_at: datetime | None = None
    updated_at: datetime | None = None
    call: SavedCall
    broker: Ref | None = None
    members: list[ConsortiumMember]
    ties: list[Pair] = []
    missing: list[Pair] = []


def org_by_name(store: Store, name: str, field: str = "name") -> Ref:
    """The organisation called ``name`` (case and diacritics ignored); :class:`EditError`
    naming ``field`` when there is none or several."""
    rows = store.read(ORGS_BY_NAME, name=normalise(name.strip()))
    if not rows:
        raise EditError({field: f"no organisation is called {name.strip()!r}"})
    if len(rows) > 1:
        places = "; ".join(f"{r['name']} ({r['city'] or '?'}, {r['country'] or '?'})" for r in rows)
        raise EditError({field: f"several organisations are called {name.strip()!r}: {places}"})
    return Ref(id=rows[0]["id"], name=rows[0]["name"])


def _describe(store: Store, ids: list[str], with_ties: bool) -> list[SavedConsortium]:
    out = []
    for row in store.read(DESCRIBE_CONSORTIA, ids=ids) if ids else []:
        row["call"]["rules"] = json.loads(row["call"]["rules"] or "{}")
        saved = SavedConsortium.model_validate(row)
        if with_ties:
            saved = _with_ties(store, saved)
        out.append(saved)
    return out


def _with_ties(store: Store, saved: SavedConsortium) -> SavedConsortium:
    names = {m.id: m.name for m in saved.members}
    found = {(r["a"], r["b"]): r for r in store.read(MEMBER_TIES, ids=sorted(names))}
    pairs = []
    for a, b in combinations(sorted(names), 2):
        row = found.get((a, b), {})
        kinds = [k for k in ("project", "membership", "introduction") if row.get(k)]
        pairs.append(Pair(a=Ref(id=a, name=names[a]), b=Ref(id=b, name=names[b]), ties=kinds))
    return saved.model_copy(update={"ties": [p for p in pairs if p.ties], "missing": [p for p in pairs if not p.ties]})


def get_consortium(store: Store, consortium_id: str) -> SavedConsortium:
    """One saved consortium with the ties among its members; :class:`NotFound` if none."""
    found = _describe(store, [consortium_id], with_ties=True)
    if not found:
        raise NotFound(f"no saved consortium with id {consortium_id!r}")
    return found[0]


def list_consortia(store: Store, org: str | None = None, limit: int = 200) -> list[SavedConsortium]:
    """Saved consortia, newest first; with ``org``, those including that organisation
    (no read for one that none includes: every profile asks)."""
    if org is not None and org not in orgs_in_consortia(store):
        return []
    ids = [r["id"] for r in store.read(CONSORTIUM_IDS, org=org, limit=limit)]
    return _describe(store, ids, with_ties=False)


@cached(maxsize=1, depends=frozenset({Topic.OTHER, Topic.ORGS}))
def orgs_in_consortia(store: Store) -> frozenset[str]:
    """The organisations some saved consortium includes, kept per process until a write
    that records no topic (as consortia's do) or one of organisations."""
    return frozenset(row["id"] for row in store.read(ORGS_IN_CONSORTIA))


def save(
    store: Store,
    actor: str,
    broker: str | None,
    title: str,
    call_title: str,
    rules: dict[str, Any],
    members: list[tuple[str, Role]],
) -> SavedConsortium:
    """Save a proposal as a draft consortium for its call (``members``: (org id, role))."""
    title = title.strip()
    if not title or len(title) > 200:
        raise EditError({"title": "give the consortium a title of 1 to 200 characters"})
    ids = [org for org, _ in members]
    if not members or len(members) > MAX_MEMBERS or len(set(ids)) != len(ids):
        raise EditError({"members": f"a consortium has 1 to {MAX_MEMBERS} different members"})
    consortium_id, call_id = new_id("consortium", title), new_id("call", call_title)
    rows = [{"id": org, "role": Role(role).value} for org, role in members]

    def work(tx: ManagedTransaction) -> None:
        created = run(
            tx,
            CREATE_CONSORTIUM,
            id=consortium_id,
            title=title,
            call_id=call_id,
            call_title=call_title,
            rules=json.dumps(rules, ensure_ascii=False),
            broker=broker or "",
            members=rows,
        )
        if not created or created[0]["members"] != len(rows):
            raise EditError({"members": "a member is no longer in the network; reload the proposal"})
        audit.record(
            tx, actor, "consortium.save", "Consortium", consortium_id, audit.diff({}, {"title": title, "members": rows})
        )

    store.write_tx(work)
    return get_consortium(store, consortium_id)


def set_member(store: Store, actor: str, consortium_id: str, name: str, role: Role) -> SavedConsortium:
    """Add the organisation called ``name`` to a consortium, or change its role."""
    current = get_consortium(store, consortium_id)
    org = org_by_name(store, name)
    before = next((m.role.value for m in current.members if m.id == org.id), None)
    if before is None and len(current.members) >= MAX_MEMBERS:
        raise EditError({"name": f"a consortium has at most {MAX_MEMBERS} members"})

    def work(tx: ManagedTransaction) -> None:
        if not run(tx, SET_MEMBER, id=consortium_id, org=org.id, role=Role(role).value):
            raise NotFound(f"no saved consortium with id {consortium_id!r}")
        audit.record(
            tx,
            actor,
            "consortium.member",
            "Consortium",
            consortium_id,
            audit.diff({f"member:{org.id}": before}, {f"member:{org.id}": Role(role).value}),
        )

    store.write_tx(work)
    return get_consortium(store, consortium_id)


def remove_member(store: Store, actor: str, consortium_id: str, org_id: str) -> SavedConsortium:
    """Take an organisation out of a consortium (the last one stays: a consortium is never empty)."""
    current = get_consortium(store, consortium_id)
    member = next((m for m in current.members if m.id == org_id), None)
    if member is None:
        raise EditError({"member": "that organisation is not a member of this consortium"})
    if len(current.members) == 1:
        raise EditError({"member": "a consortium keeps at least one member"})

    def work(tx: ManagedTransaction) -> None:
        if run(tx, REMOVE_MEMBER, id=consortium_id, org=org_id):
            audit.record(
                tx,
                actor,
                "consortium.remove_member",
                "Consortium",
                consortium_id,
                audit.diff({f"member:{org_id}": member.role.value}, {}),
            )

    store.write_tx(work)
    return get_consortium(store, consortium_id)


def propose_missing(store: Store, actor: str, broker: str, consortium_id: str) -> list[introductions.IntroductionOut]:
    """Propose an introduction for every pair of members with no tie yet (each audited)."""
    current = get_consortium(store, consortium_id)
    note = f"To work together in the consortium “{current.title}” ({current.call.title})."
    made = [
        introductions.propose(store, actor, broker, {"source": p.a.id, "target": p.b.id, "note": note})
        for p in current.missing
    ]
    return [introductions.get_introduction(store, intro_id) for intro_id in made]
