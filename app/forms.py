"""The web forms (Flask-WTF, CSRF on). They only carry input: validation is done by
the pydantic models in ``graph``, whose messages :func:`show_errors` puts next to
the fields. Select boxes accept any value (``validate_choice=False``) so that a
forged choice is refused by the model with a message, like any other bad input."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice

from app.templating import term
from graph.members.accounts import AccessRole, AccountStatus, MemberKind
from graph.members.introductions import Status
from graph.models import OrgKind, Role
from graph.text import normalise


def options(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """Select-box options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def competence_options(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """Select-box options of competences, named and sorted in the interface language."""
    named = [(competence, term(competence)) for competence, _ in pairs]
    return options(sorted(named, key=lambda pair: normalise(pair[1])))


LEVELS = options([(str(n), str(n)) for n in range(1, 6)])


def Select(label: str, choices: list[SelectChoice] | None = None) -> SelectField:  # noqa: N802
    return SelectField(label, choices=choices or [], validate_choice=False)


class LoginForm(FlaskForm):
    username = StringField("User name")
    password = PasswordField("Password")


class RegisterForm(FlaskForm):
    username = StringField("User name")
    name = StringField("Your name")
    email = StringField("E-mail")
    password = PasswordField("Password (at least 10 characters)")
    kind = RadioField(
        "I register",
        default=MemberKind.INDIVIDUAL.value,
        validate_choice=False,
        choices=options(
            [
                (MemberKind.INDIVIDUAL.value, "as an individual member"),
                (MemberKind.INSTITUTIONAL.value, "for my organisation"),
            ]
        ),
    )


class PasswordForm(FlaskForm):
    old_password = PasswordField("Current password")
    new_password = PasswordField("New password (at least 10 characters)")


class PersonForm(FlaskForm):
    name = StringField("Name")
    email = StringField("E-mail")
    phone = StringField("Phone")


class OrgForm(FlaskForm):
    description = TextAreaField("Description")
    kind = Select("Kind", options([(k.value, k.value) for k in OrgKind]))
    region = Select("Region")
    city = StringField("City")
    website = StringField("Website")
    email = StringField("Contact e-mail")
    phone = StringField("Contact phone")
    contact_name = StringField("Contact person")
    version = HiddenField()  # the version the form shows: a stale save answers 409


class OfferForm(FlaskForm):
    competence = Select("Competence")
    level = Select("Level (1-5)", LEVELS)
    evidence = TextAreaField("Evidence")


class NeedForm(FlaskForm):
    competence = Select("Competence")
    priority = Select("Priority (1-5)", LEVELS)
    note = TextAreaField("Note")


class PracticeForm(FlaskForm):
    title = StringField("Title")
    summary = TextAreaField("Summary")
    year = StringField("Year")
    competences = SelectMultipleField("Competences", choices=[], validate_choice=False)
    links = TextAreaField("Links (one per line)")


class HubForm(FlaskForm):
    competence = Select("Competence")
    description = TextAreaField("Description")
    since = StringField("Hub since (year)")


class IntroductionForm(FlaskForm):
    """The note of a proposed introduction; its two organisations are name fields (app.picking)."""

    note = TextAreaField("Note")


class StageForm(FlaskForm):
    status = Select("Next stage", options([(s.value, s.value) for s in Status]))
    note = TextAreaField("Note")


class ProjectLinkForm(FlaskForm):
    """The link to a partnership's project; the project is a name field (app.picking)."""


class RoleForm(FlaskForm):
    role = Select("Role", options([(r.value, r.value) for r in AccessRole if r is not AccessRole.VISITOR]))


class AccountStatusForm(FlaskForm):
    status = Select("Status", options([(s.value, s.value) for s in AccountStatus]))


class ImportForm(FlaskForm):
    files = MultipleFileField("Table files (organisations.csv, offers.json, ...)")


class SaveConsortiumForm(FlaskForm):
    """Save a proposal of the consortium builder (the call and members come as hidden fields)."""

    title = StringField(_l("Title of the saved consortium"))
    call = HiddenField()
    coordinator = HiddenField()


class ConsortiumMemberForm(FlaskForm):
    name = StringField(_l("Organisation (its name)"))
    role = Select(_l("Role"), options([(r.value, r.value) for r in Role]))


class PartnerRequestForm(FlaskForm):
    org = StringField(_l("Organisation looking for partners (its name)"))
    title = StringField(_l("Call or project idea"))
    competences = SelectMultipleField(_l("Competences sought"), choices=[], validate_choice=False)
    countries = StringField(_l("Partners from these countries (codes, e.g. RO, BG; blank: any)"))
    kinds = SelectMultipleField(_l("Kinds of partner (none chosen: any)"), choices=[], validate_choice=False)
    deadline = StringField(_l("Deadline"))
    text = TextAreaField(_l("Short description"))
    public = BooleanField(_l("Visible to visitors (without contacts)"), default=True)


class EmptyForm(FlaskForm):
    """A form with only its CSRF token (buttons that post)."""


def data(form: FlaskForm, *names: str) -> dict[str, Any]:
    """The submitted values of ``names`` (all fields but the token when none given)."""
    fields = names or tuple(f.name for f in form if f.name != "csrf_token")
    return {name: form[name].data for name in fields}


def show_errors(form: FlaskForm, errors: Mapping[str, str]) -> None:
    """Attach model errors to their fields; others become form-level errors."""
    for name, message in errors.items():
        if name in form._fields:
            form[name].errors = [*form[name].errors, message]
        else:
            form.form_errors.append(f"{name}: {message}")
