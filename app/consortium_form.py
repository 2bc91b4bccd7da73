"""The consortium builder's form: a call as rows of fields, validated by graph.matching.consortium.Call.

The form only carries input. :func:`call_data` turns it into the dict that
:class:`graph.matching.consortium.Call` validates (blank competence rows and kind counts are
left out, blank numbers take the model's defaults), and :func:`show_call_errors` puts
each of the model's messages next to the field it names, down to a competence row.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from pydantic import ValidationError
from wtforms import BooleanField, FieldList, Form, FormField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from app.forms import LEVELS, options
from app.model_messages import in_words
from app.templating import LABELS
from graph.matching.consortium import Call
from graph.models import OrgKind
from graph.resources import CALLS_DIR

ROWS = 8  # competence rows offered on an empty form
MAX_ROWS = 20  # Call accepts at most 20 competences


class RequirementRow(Form):
    """One required competence (a sub-form: the outer form carries the CSRF token)."""

    id = SelectField(_l("Competence"), choices=[], validate_choice=False)
    min_level = SelectField(_l("Minimum level"), choices=LEVELS, validate_choice=False)


KindCounts = type("KindCounts", (Form,), {kind.value: StringField(LABELS[kind.value]) for kind in OrgKind})


class CallForm(FlaskForm):
    title = StringField(_l("Title of the call"))
    competences = FieldList(FormField(RequirementRow), min_entries=ROWS, max_entries=MAX_ROWS)
    min_countries = StringField(_l("Minimum number of countries"))
    countries = StringField(_l("Members only from these countries (codes, e.g. RO, BG)"))
    kinds = FormField(KindCounts, label=_l("Required kinds (how many of each)"))
    max_size = StringField(_l("Maximum size of a consortium"))
    lead = StringField(_l("Lead organisation (its name, optional)"))
    experienced_coordinator = BooleanField(_l("At least one experienced coordinator"))
    results = StringField(_l("Number of proposals"))
    prefer_known = BooleanField(_l("Among equally good consortia, prefer members who already know each other"))
    time_limit = StringField(_l("Time limit for the solver (seconds)"))


def call_form(competences: list[SelectChoice], call: Call | None = None) -> CallForm:
    """The form, with the competence choices; prefilled from ``call`` when given."""
    if call is None:
        form = CallForm()
    else:
        form = CallForm(
            formdata=None,
            data={
                "title": call.title,
                "competences": [{"id": r.id, "min_level": f"{r.min_level:g}"} for r in call.competences],
                "min_countries": str(call.min_countries),
                "countries": ", ".join(call.countries),
                "kinds": {k.value: str(n) for k, n in call.kinds.items()},
                "max_size": str(call.max_size),
                "lead": call.lead or "",
                "experienced_coordinator": call.experienced_coordinator,
                "results": str(call.results),
                "prefer_known": call.prefer_known,
                "time_limit": f"{call.time_limit:g}",
            },
        )
        while len(form.competences) < min(len(call.competences) + 2, MAX_ROWS):
            form.competences.append_entry()
    choices = options([("", "—")]) + competences
    for row in form.competences:
        row.form.id.choices = choices
    return form


def example(name: str) -> Call | None:
    """The example call ``name`` (a file of seeds/calls), or None if there is none."""
    names = {path.stem: path for path in CALLS_DIR.glob("*.yaml")}
    return Call.from_yaml(names[name]) if name in names else None


def examples() -> list[str]:
    """Names of the example calls."""
    return sorted(path.stem for path in CALLS_DIR.glob("*.yaml"))


def _requirement(row: Form) -> dict[str, Any]:
    """One competence row; a missing level takes the model's default."""
    level = (row.min_level.data or "").strip()
    return {"id": row.id.data, **({"min_level": level} if level else {})}


def call_data(form: CallForm) -> tuple[dict[str, Any], list[int]]:
    """The call as a dict for :class:`Call`, and the form row of each competence kept."""
    rows = [i for i, row in enumerate(form.competences) if row.form.id.data]
    data: dict[str, Any] = {
        "competences": [_requirement(form.competences[i].form) for i in rows],
        "kinds": {k: v.strip() for k, v in form.kinds.form.data.items() if v and v.strip()},
        "countries": [c.strip() for c in (form.countries.data or "").split(",") if c.strip()],
        "experienced_coordinator": bool(form.experienced_coordinator.data),
        "prefer_known": bool(form.prefer_known.data),
    }
    for name in ("title", "min_countries", "max_size", "lead", "results", "time_limit"):
        value = (form[name].data or "").strip()
        if value:
            data[name] = value
    return data, rows


def _attach(field: Any, message: str) -> None:
    field.errors = [*field.errors, message]


def show_call_errors(form: CallForm, exc: ValidationError, rows: list[int]) -> None:
    """Put each of the model's messages next to the field (or competence row) it names."""
    for err in exc.errors():
        loc, message = err["loc"], in_words(str(err["msg"]).removeprefix("Value error, "))
        head = str(loc[0]) if loc else message.split(":", 1)[0]
        if head == "competences" and len(loc) >= 3 and isinstance(loc[1], int):
            _attach(form.competences[rows[loc[1]]].form[str(loc[2])], message)
        elif head == "kinds":  # a count, or the kinds as a whole (the fieldset's message)
            if len(loc) >= 2 and str(loc[1]) in form.kinds.form:
                _attach(form.kinds.form[str(loc[1])], message)
            else:
                form.kinds.form.form_errors.append(message)
        elif head in form and head != "csrf_token":
            _attach(form[head], message)
        else:
            form.form_errors.append(message)
