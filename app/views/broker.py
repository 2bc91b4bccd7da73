"""The brokering workflow: introductions proposed, followed up and turned into projects.

Members and brokers see introductions; only brokers (and admins) propose and move
them. A match result can link here with ``/introductions/new?source=A&target=B``.
"""

from __future__ import annotations

from typing import Literal

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from pydantic import BaseModel

from app.access import current_account
from app.db import get_store
from app.forms import IntroductionForm, ProjectLinkForm, StageForm, data, options, show_errors
from app.params import parse_args
from app.picking import Pick, abort_unresolved, form_status, pick, unresolved
from app.render import requested_format, respond
from app.templating import label
from graph.explore.suggest import PickKind
from graph.members import introductions as intros
from graph.members.consortia import list_consortia
from graph.members.editing import EditError
from graph.members.introductions import InvalidTransition, Status
from graph.members.pipeline import PipelineFilters, pipeline
from graph.members.pipeline import rows as pipeline_rows
from graph.outputs import OutModel

bp = Blueprint("broker", __name__)


class IntroductionList(OutModel):
    status: str | None = None
    items: list[intros.IntroductionOut]


class StatusFilter(BaseModel):
    """``?status=``: the open introductions, or those at one stage."""

    status: Literal["open"] | Status | None = None

    def statuses(self) -> tuple[Status, ...] | None:
        if self.status is None:
            return None
        return intros.OPEN if self.status == "open" else (Status(self.status),)


def _listed() -> IntroductionList:
    asked = parse_args(StatusFilter)
    items = intros.list_introductions(get_store(), asked.statuses())
    return IntroductionList(status=asked.status, items=items)


@bp.get("/introductions")
def introductions() -> ResponseReturnValue:
    payload = _listed()
    return respond(
        "broker/introductions.html",
        payload,
        rows=[
            {
                "id": i.id,
                "status": i.status.value,
                "at": i.at,
                "source": i.source.id,
                "target": i.target.id,
                "broker": i.broker.id if i.broker else None,
                "project": i.project.id if i.project else None,
                "note": i.note,
            }
            for i in payload.items
        ],
        filename="introductions.csv",
    )


@bp.get("/api/introductions")
def api_introductions() -> ResponseReturnValue:
    return respond(None, _listed())


@bp.get("/introductions/<intro_id>")
def introduction(intro_id: str) -> ResponseReturnValue:
    intro = intros.get_introduction(get_store(), intro_id)
    stage_form = StageForm()
    stage_form.status.choices = options([(s.value, s.value) for s in intro.next_statuses])
    return render_template(
        "broker/introduction.html",
        intro=intro,
        stage_form=stage_form,
        project_form=ProjectLinkForm(),
        project=pick("project", PickKind.PROJECT, required=False),
    )


@bp.get("/api/introductions/<intro_id>")
def api_introduction(intro_id: str) -> ResponseReturnValue:
    return respond(None, intros.get_introduction(get_store(), intro_id))


# Introductions the dashboard shows a stage (its JSON and CSV give them all): an
# association with years of introductions has thousands (6,300 made a 1.7 MB page).
STAGE_ITEMS = 50


@bp.get("/broker")
def dashboard() -> ResponseReturnValue:
    """The pipeline of introductions (``?stale_days=&quiet=1&broker=&org=&country=``, the
    organisation by name; ``?format=csv|json``)."""
    store = get_store()
    org = pick("org", PickKind.ORG, required=False)
    html = requested_format() == "html"
    if not html:
        abort_unresolved(unresolved(org))
    board = pipeline(store, parse_args(PipelineFilters, resolved={"org": org.id}))
    saved = list_consortia(store, limit=20) if html else []
    page = respond(
        "broker/dashboard.html",
        board,
        rows=pipeline_rows(board),
        filename="introductions-pipeline.csv",
        consortia=saved,
        org=org,
        stage_items=STAGE_ITEMS,
    )
    return page, form_status(unresolved(org))


@bp.route("/introductions/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    """Propose an introduction; ``?source=&target=`` (names or ids) prefill it."""
    me = current_account()
    assert me is not None
    posted = request.method == "POST"
    form = IntroductionForm()
    source, target = pick("source", PickKind.ORG, required=posted), pick("target", PickKind.ORG, required=posted)
    problems = unresolved(source, target)
    if not posted or problems:
        return render_template("broker/new.html", form=form, source=source, target=target), form_status(problems)
    try:
        fields = {**data(form), "source": source.id, "target": target.id}
        intro_id = intros.propose(get_store(), me.username, me.person, fields)
    except EditError as exc:
        show_errors(form, exc.errors)
        return render_template("broker/new.html", form=form, source=source, target=target), 400
    flash(_("Introduction proposed: %(source)s to %(target)s.", source=source.value, target=target.value))
    return redirect(url_for("broker.introduction", intro_id=intro_id))


def _refused(
    intro_id: str, message: str, field: str, form: StageForm | ProjectLinkForm, project: Pick | None = None
) -> ResponseReturnValue:
    intro = intros.get_introduction(get_store(), intro_id)
    stage_form = form if isinstance(form, StageForm) else StageForm()
    project_form = form if isinstance(form, ProjectLinkForm) else ProjectLinkForm()
    stage_form.status.choices = options([(s.value, s.value) for s in intro.next_statuses])
    if message:
        show_errors(form, {field: message})
    return render_template(
        "broker/introduction.html",
        intro=intro,
        stage_form=stage_form,
        project_form=project_form,
        project=project or pick("project", PickKind.PROJECT, required=False),
    ), 400


@bp.post("/introductions/<intro_id>/status")
def status(intro_id: str) -> ResponseReturnValue:
    me = current_account()
    assert me is not None
    form = StageForm()
    try:
        stage = Status(str(form.status.data))
    except ValueError:
        return _refused(intro_id, f"must be one of {', '.join(Status)}", "status", form)
    note = form.note.data if form.note.data else None
    try:
        intros.advance(get_store(), me.username, intro_id, stage, note, person=me.person)
    except InvalidTransition as exc:
        return _refused(intro_id, str(exc), "status", form)
    except EditError as exc:
        field, message = next(iter(exc.errors.items()))
        return _refused(intro_id, message, "note" if field == "note" else "status", form)
    flash(_("The introduction is now %(stage)s.", stage=label(stage.value)))
    return redirect(url_for("broker.introduction", intro_id=intro_id))


@bp.post("/introductions/<intro_id>/project")
def project(intro_id: str) -> ResponseReturnValue:
    """Link the project a partnership led to, picked by its title."""
    me = current_account()
    assert me is not None
    form = ProjectLinkForm()
    chosen = pick("project", PickKind.PROJECT)
    if chosen.problem is not None:
        return _refused(intro_id, "", "project", form, chosen)
    try:
        intros.link_project(get_store(), me.username, intro_id, str(chosen.id))
    except InvalidTransition as exc:
        return _refused(intro_id, str(exc), "project", form, chosen)
    except EditError as exc:
        return _refused(intro_id, next(iter(exc.errors.values())), "project", form, chosen)
    flash(_("Project linked: %(title)s.", title=chosen.value))
    return redirect(url_for("broker.introduction", intro_id=intro_id))
