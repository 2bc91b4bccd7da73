"""The brokering workflow: introductions a broker proposes and follows up.

An introduction links two organisations through an ``(:Introduction)`` node:
``(Person)-[:PROPOSED]->(Introduction {status, at, note})-[:SOURCE|TARGET]->(Organisation)``,
and once a partnership is formed ``-[:LED_TO]->(Project)``. It moves

    proposed -> contacted -> accepted -> partnership
         \\-----------\\-----------\\--> declined

and :data:`TRANSITIONS` is the only place that says so. Every step is written with its
audit event in one transaction; a step from a stale stage (two brokers at once) is
refused rather than applied twice.

Each stage appends a dated entry to the introduction's history,
``(Introduction)-[:HAS_STEP]->(IntroductionStep {seq, at, status, note})-[:BY]->(Person)``;
the introduction's own note (why it was proposed) is never replaced. An introduction
recorded without a history (imported, or older data) shows its current state as one
entry, which is stored as the first step when it next moves on.

Example:
    >>> new = {"source": "blia", "target": "agenda-21"}
    >>> intro_id = propose(store, "irina", "irina-vladescu", new)  # doctest: +SKIP
    >>> advance(store, "irina", intro_id, IntroductionStatus.CONTACTED)           # doctest: +SKIP
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from neo4j import ManagedTransaction

from graph import models as m
from graph.errors import NotFound
from graph.members import audit
from graph.members.editing import EditError, new_id, validated
from graph.models import IntroductionStatus as Status
from graph.outputs import OutModel, Ref
from graph.store.changes import Introduced, Topic
from graph.store.changes import record as log_change
from graph.store.driver import Store, run
from graph.store.queries import query

CREATE_INTRODUCTION = query("introductions/create_introduction")
SET_STATUS = query("introductions/set_status")
KEEP_STATE_AS_STEP = query("introductions/keep_state_as_step")
INTRODUCTION_HISTORY = query("introductions/introduction_history")
LINK_PROJECT = query("introductions/link_project")
INTRODUCTION_IDS = query("introductions/introduction_ids")
ORG_INTRODUCTION_IDS = query("introductions/org_introduction_ids")
DESCRIBE_INTRODUCTIONS = query("introductions/describe_introductions")
GET_ORG = query("editing/get_org")
GET_PROJECT = query("editing/get_project")

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.PROPOSED: frozenset({Status.CONTACTED, Status.DECLINED}),
    Status.CONTACTED: frozenset({Status.ACCEPTED, Status.DECLINED}),
    Status.ACCEPTED: frozenset({Status.PARTNERSHIP, Status.DECLINED}),
    Status.DECLINED: frozenset(),
    Status.PARTNERSHIP: frozenset(),
}
OPEN = tuple(s for s, nexts in TRANSITIONS.items() if nexts)


class InvalidTransition(ValueError):
    """The requested stage cannot follow the introduction's current one."""


class Step(OutModel):
    """One entry of an introduction's history: who moved it to which stage, when, and why."""

    at: datetime | date | None = None  # a date for a state recorded before histories were kept
    status: Status
    note: str | None = None
    by: Ref | None = None


class IntroductionOut(OutModel):
    """An introduction as the broker's pages and the API show it (``history``: one
    introduction's stages, oldest first; lists leave it out)."""

    id: str
    status: Status
    at: date | None = None
    note: str | None = None
    updated_at: datetime | None = None
    source: Ref
    target: Ref
    broker: Ref | None = None
    project: Ref | None = None
    history: list[Step] | None = None

    @property
    def next_statuses(self) -> list[Status]:
        return sorted(TRANSITIONS[self.status], key=list(Status).index)


def list_introductions(
    store: Store,
    statuses: tuple[Status, ...] | None = None,
    skip: int = 0,
    limit: int = 500,
    org: str | None = None,
) -> list[IntroductionOut]:
    """Introductions newest first, optionally only in the given stages or involving ``org``.

    Two auto-commit reads, the second only when the first found any: most organisations
    have none, and a profile then pays one round trip instead of a transaction's three.
    Introductions are never deleted, so each id chosen is still there to describe."""
    chosen = {"statuses": [s.value for s in statuses] if statuses else None, "skip": skip, "limit": limit}
    if org is None:
        ids = store.read(INTRODUCTION_IDS, **chosen)
    else:
        ids = store.read(ORG_INTRODUCTION_IDS, org=org, **chosen)
    rows = store.read(DESCRIBE_INTRODUCTIONS, ids=[row["id"] for row in ids]) if ids else []
    return [IntroductionOut.model_validate(row) for row in rows]


def get_introduction(store: Store, intro_id: str) -> IntroductionOut:
    """One introduction with its history; :class:`NotFound` if there is none."""

    def work(tx: ManagedTransaction) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return run(tx, DESCRIBE_INTRODUCTIONS, ids=[intro_id]), run(tx, INTRODUCTION_HISTORY, id=intro_id)

    rows, steps = store.read_tx(work)
    if not rows:
        raise NotFound(f"no introduction with id {intro_id!r}")
    intro = rows[0]
    if not steps:  # recorded before histories were kept: its state is its history
        steps = [{"at": intro["at"], "status": intro["status"], "note": intro["note"], "by": intro["broker"]}]
    return IntroductionOut.model_validate({**intro, "history": steps})


def propose(store: Store, actor: str, broker: str, fields: dict[str, Any]) -> str:
    """Record that ``broker`` (a person id) proposes introducing ``source`` to ``target``;
    the new introduction's id (:func:`get_introduction` reads it: the form only needs
    the id to show it, and a read-back was two more queries on every proposal)."""
    source, target = str(fields.get("source") or ""), str(fields.get("target") or "")
    intro = validated(
        m.Introduction,
        {
            "id": new_id("intro", f"{source} {target}"[:80]),
            "broker": broker,
            "source": source,
            "target": target,
            "note": fields.get("note"),
        },
    )

    def work(tx: ManagedTransaction) -> None:
        created = run(
            tx,
            CREATE_INTRODUCTION,
            id=intro.id,
            source=intro.source,
            target=intro.target,
            broker=broker,
            note=intro.note,
        )
        if not created:  # it creates nothing unless all three exist: say which does not
            for field in ("source", "target"):
                if not run(tx, GET_ORG, id=getattr(intro, field)):
                    raise EditError({field: f"no organisation with id {getattr(intro, field)!r}"})
            raise EditError({"broker": f"no person with id {broker!r}"})
        (row,) = created
        log_change(
            tx,
            Topic.INTRODUCTIONS,
            [intro.source, intro.target],
            facts=[
                Introduced(intro.source, tuple(row["source_partners"])),
                Introduced(intro.target, tuple(row["target_partners"])),
            ],
        )
        audit.record(
            tx,
            actor,
            "introduction.propose",
            "Introduction",
            intro.id,
            audit.diff(
                {},
                {"source": intro.source, "target": intro.target, "status": Status.PROPOSED.value, "note": intro.note},
            ),
        )

    store.write_tx(work)
    return intro.id


def advance(
    store: Store, actor: str, intro_id: str, status: Status, note: str | None = None, person: str | None = None
) -> IntroductionOut:
    """Move an introduction to ``status``, appending an entry (by ``person``, with
    ``note``) to its history, if the stage may follow the current one."""
    current = get_introduction(store, intro_id)
    if status not in TRANSITIONS[current.status]:
        allowed = ", ".join(s.value for s in current.next_statuses) or "none (it is closed)"
        raise InvalidTransition(
            f"an introduction that is {current.status.value} cannot become {status.value}; next stages: {allowed}"
        )
    step_note = (
        None
        if note is None
        else validated(
            m.Introduction, {"id": intro_id, "source": current.source.id, "target": current.target.id, "note": note}
        ).note
    )

    def work(tx: ManagedTransaction) -> None:
        run(tx, KEEP_STATE_AS_STEP, id=intro_id)
        moved = run(
            tx,
            SET_STATUS,
            id=intro_id,
            current=current.status.value,
            status=status.value,
            note=step_note,
            person=person,
        )
        if not moved:
            raise InvalidTransition(f"introduction {intro_id!r} changed meanwhile; reload it")
        log_change(tx, Topic.INTRODUCTIONS)  # no organisation's facts change: only counts
        changes = audit.diff({"status": current.status.value}, {"status": status.value, "step_note": step_note})
        audit.record(tx, actor, "introduction.status", "Introduction", intro_id, changes)

    store.write_tx(work)
    return get_introduction(store, intro_id)


def link_project(store: Store, actor: str, intro_id: str, project_id: str) -> IntroductionOut:
    """Record the project a formed partnership led to."""
    current = get_introduction(store, intro_id)
    if current.status is not Status.PARTNERSHIP:
        raise InvalidTransition("only a formed partnership can be linked to a project")

    def work(tx: ManagedTransaction) -> None:
        if not run(tx, GET_PROJECT, id=project_id):
            raise EditError({"project": f"no project with id {project_id!r}"})
        run(tx, LINK_PROJECT, id=intro_id, project=project_id)
        log_change(tx, Topic.INTRODUCTIONS)
        audit.record(
            tx,
            actor,
            "introduction.project",
            "Introduction",
            intro_id,
            audit.diff({"project": current.project.id if current.project else None}, {"project": project_id}),
        )

    store.write_tx(work)
    return get_introduction(store, intro_id)
