"""The brokering workflow: introductions proposed, followed up and turned into projects.

Members and brokers see introductions; only brokers (and admins) propose and move
them. A match result can link here with ``/introductions/new?source=A&target=B``.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.access import current_account
from app.db import get_store
from app.forms import IntroductionForm, ProjectLinkForm, StageForm, data, options, show_errors
from app.render import json_response, respond
from graph.members import introductions as intros
from graph.members.editing import EditError
from graph.members.introductions import InvalidTransition, Status
from graph.outputs import OutModel

bp = Blueprint("broker", __name__)


class IntroductionList(OutModel):
    status: str | None = None
    items: list[intros.IntroductionOut]


def _statuses() -> tuple[Status, ...] | None:
    asked = request.args.get("status")
    if not asked:
        return None
    if asked == "open":
        return intros.OPEN
    try:
        return (Status(asked),)
    except ValueError:
        abort(400, description=f"status must be open or one of {', '.join(Status)}")


@bp.get("/introductions")
def introductions() -> ResponseReturnValue:
    items = intros.list_introductions(get_store(), _statuses())
    payload = IntroductionList(status=request.args.get("status"), items=items)
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
            for i in items
        ],
        filename="introductions.csv",
    )


@bp.get("/api/introductions")
def api_introductions() -> ResponseReturnValue:
    items = intros.list_introductions(get_store(), _statuses())
    return json_response(IntroductionList(status=request.args.get("status"), items=items))


@bp.get("/introductions/<intro_id>")
def introduction(intro_id: str) -> ResponseReturnValue:
    intro = intros.get_introduction(get_store(), intro_id)
    stage_form = StageForm()
    stage_form.status.choices = options([(s.value, s.value) for s in intro.next_statuses])
    return render_template(
        "broker/introduction.html", intro=intro, stage_form=stage_form, project_form=ProjectLinkForm()
    )


@bp.get("/api/introductions/<intro_id>")
def api_introduction(intro_id: str) -> ResponseReturnValue:
    return json_response(intros.get_introduction(get_store(), intro_id))


@bp.get("/broker")
def dashboard() -> ResponseReturnValue:
    items = intros.list_introductions(get_store(), intros.OPEN)
    return render_template("broker/dashboard.html", items=items, Status=Status)


@bp.route("/introductions/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    me = current_account()
    assert me is not None
    if request.method == "GET":
        form = IntroductionForm(
            data={"source": request.args.get("source", ""), "target": request.args.get("target", "")}
        )
        return render_template("broker/new.html", form=form)
    form = IntroductionForm()
    try:
        intro = intros.propose(get_store(), me.username, me.person, data(form))
    except EditError as exc:
        show_errors(form, exc.errors)
        return render_template("broker/new.html", form=form), 400
    flash("Introduction proposed.")
    return redirect(url_for("broker.introduction", intro_id=intro.id))


def _refused(intro_id: str, message: str, field: str, form: StageForm | ProjectLinkForm) -> ResponseReturnValue:
    intro = intros.get_introduction(get_store(), intro_id)
    stage_form = form if isinstance(form, StageForm) else StageForm()
    project_form = form if isinstance(form, ProjectLinkForm) else ProjectLinkForm()
    stage_form.status.choices = options([(s.value, s.value) for s in intro.next_statuses])
    show_errors(form, {field: message})
    return render_template(
        "broker/introduction.html", intro=intro, stage_form=stage_form, project_form=project_form
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
    flash(f"The introduction is now {stage.value}.")
    return redirect(url_for("broker.introduction", intro_id=intro_id))


@bp.post("/introductions/<intro_id>/project")
def project(intro_id: str) -> ResponseReturnValue:
    me = current_account()
    assert me is not None
    form = ProjectLinkForm()
    try:
        intros.link_project(get_store(), me.username, intro_id, str(form.project.data or ""))
    except InvalidTransition as exc:
        return _refused(intro_id, str(exc), "project", form)
    except EditError as exc:
        return _refused(intro_id, next(iter(exc.errors.values())), "project", form)
    flash("Project linked.")
    return redirect(url_for("broker.introduction", intro_id=intro_id))
