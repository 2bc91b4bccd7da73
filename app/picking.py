"""Form fields that name a node: what the user typed, resolved by name on the server.

Every field that takes an organisation, project, competence or region is a plain text
field (``pick_field`` in ``_pick.html``). ``static/pick.js`` turns it into an
autocomplete that submits the chosen node's id; without JavaScript the server resolves
the typed name (:func:`graph.explore.suggest.resolve`) and, when it names several nodes
or none, the page shows the field again with the candidates to choose from. A choice
made on that page arrives as ``pick.<field>`` (POST forms) or as the field itself (links
of GET forms), so it always wins over the text typed before.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from flask_babel import gettext as _

from app.db import get_store
from app.templating import region_name, term
from graph.errors import NotFound
from graph.explore.suggest import Choice, PickKind, Unresolved, resolve
from graph.params import BadParameter

PICK_PREFIX = "pick."


@dataclass(frozen=True)
class Pick:
    """One name field of a submitted form: the text, and the node it names or the problem."""

    param: str
    kind: PickKind
    text: str = ""
    choice: Choice | None = None
    problem: Unresolved | None = None

    @property
    def value(self) -> str:
        """What the field shows: the node's name once resolved (a competence's and a
        country's in the reader's language), else the text as typed."""
        if self.choice is None:
            return self.text
        if self.kind is PickKind.COMPETENCE:
            return term(self.choice.id)
        return region_name(self.choice.id) if self.kind is PickKind.REGION else self.choice.name

    @property
    def id(self) -> str | None:
        return self.choice.id if self.choice else None

    def message(self) -> str:
        """The problem in words, naming what was typed (empty when resolved)."""
        if self.problem is None:
            return ""
        if not self.text:
            return _("Enter a name.")
        if self.problem.choices:
            return _("Several match “%(text)s”: choose one.", text=self.text)
        return _("Nothing is called “%(text)s”. Try part of the name.", text=self.text)


def pick(param: str, kind: PickKind, required: bool = True) -> Pick:
    """Resolve the request's field ``param`` (query string or form) to a node of ``kind``.

    A blank optional field resolves to nothing; a blank required one is a problem with no
    candidates, like a name that matches nothing.
    """
    text = (request.values.get(PICK_PREFIX + param) or request.values.get(param) or "").strip()[:200]
    if not text:
        problem = Unresolved(kind, text, []) if required else None
        return Pick(param, kind, text, problem=problem)
    return _resolved(param, kind, text)


def _resolved(param: str, kind: PickKind, text: str) -> Pick:
    try:
        return Pick(param, kind, text, choice=resolve(get_store(), kind, text))
    except Unresolved as exc:
        return Pick(param, kind, text, problem=exc)


def pick_each(param: str, kind: PickKind) -> tuple[list[Pick], Pick]:
    """The optional field ``param`` naming several nodes, separated by commas (repeated keys
    join): each name resolved, and one Pick that shows them all in the field again (the
    names, and the first problem when one needs the user's choice)."""
    text = ", ".join(value for value in request.args.getlist(param) if value.strip())[:1000]
    picks = [_resolved(param, kind, part.strip()) for part in text.split(",") if part.strip()]
    shown = ", ".join(p.value for p in picks)
    problem = next((p.problem for p in picks if p.problem is not None), None)
    return picks, Pick(param, kind, next((p.text for p in picks if p.problem), shown), problem=problem)


def unresolved(*picks: Pick) -> list[Pick]:
    """The picks that need the user's choice (an empty list when all are resolved)."""
    return [p for p in picks if p.problem is not None]


def form_status(picks: list[Pick]) -> int:
    """The status of a form shown again: 200 when it only asks to choose among candidates,
    400 when a name names nothing or a required one is blank."""
    return 400 if any(p.problem is not None and not p.problem.choices for p in picks) else 200


def abort_unresolved(picks: list[Pick]) -> None:
    """For the JSON twins: 404 for a name of nothing (as for an unknown id), else 400, naming
    the parameter and the candidates."""
    if not picks:
        return
    first = picks[0]
    names = "; ".join(f"{c.name} ({c.id})" for c in first.problem.choices) if first.problem else ""
    detail = f" Candidates: {names}." if names else ""
    unknown = bool(first.text) and first.problem is not None and not first.problem.choices
    if unknown:
        raise NotFound(f"parameter {first.param!r}: {first.message()}")
    raise BadParameter(first.param, f"{first.message()}{detail}")
