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

from app.model_messages import in_words
from app.templating import LABELS, by_term, region_name, term
from graph.members.accounts import AccessRole, AccountStatus, MemberKind
from graph.members.introductions import Status
from graph.models import OrgKind, Role


def options(pairs: list[tuple[str, Any]]) -> list[SelectChoice]:
    """Select-box options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def region_options(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """Select-box options of regions in code order (a country, then its subdivisions),
    named in the interface language (a country's name; a subdivision's as the graph has it)."""
    return options([(region, region_name(region)) for region, _ in pairs])


def competence_options(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """Select-box options of competences, named and sorted in the interface language."""
    return options([(competence, term(competence)) for competence in by_term(c for c, _ in pairs)])


LEVELS = options([(str(n), str(n)) for n in range(1, 6)])


def Select(label: str, choices: list[SelectChoice] | None = None) -> SelectField:  # noqa: N802
    return SelectField(label, choices=choices or [], validate_choice=False)


class LoginForm(FlaskForm):
    username = StringField(_l("User name"))
    password = PasswordField(_l("Password"))


class RegisterForm(FlaskForm):
    username = StringField(_l("User name"))
    name = StringField(_l("Your name"))
    email = StringField(_l("E-mail"))
    password = PasswordField(_l("Password (at least 10 characters)"))
    kind = RadioField(
        _l("I register"),
        default=MemberKind.INDIVIDUAL.value,
        validate_choice=False,
        choices=options(
            [
                (MemberKind.INDIVIDUAL.value, _l("as an individual member")),
                (MemberKind.INSTITUTIONAL.value, _l("for my organisation")),
            ]
        ),
    )


class PasswordForm(FlaskForm):
    old_password = PasswordField(_l("Current password"))
    new_password = PasswordField(_l("New password (at least 10 characters)"))


class PersonForm(FlaskForm):
    name = StringField(_l("Name"))
    email = StringField(_l("E-mail"))
    phone = StringField(_l("Phone"))


class OrgForm(FlaskForm):
    description = TextAreaField(_l("Description"))
    kind = Select(_l("Kind"), options([(k.value, LABELS[k.value]) for k in OrgKind]))
    region = Select(_l("Region"))
    city = StringField(_l("City"))
    website = StringField(_l("Website"))
    email = StringField(_l("Contact e-mail"))
    phone = StringField(_l("Contact phone"))
    contact_name = StringField(_l("Contact person"))
    version = HiddenField()  # the version the form shows: a stale save answers 409


class OfferForm(FlaskForm):
    competence = Select(_l("Competence"))
    level = Select(_l("Level (1-5)"), LEVELS)
    evidence = TextAreaField(_l("Evidence"))


class NeedForm(FlaskForm):
    competence = Select(_l("Competence"))
    priority = Select(_l("Priority (1-5)"), LEVELS)
    note = TextAreaField(_l("Note"))


class PracticeForm(FlaskForm):
    title = StringField(_l("Title"))
    summary = TextAreaField(_l("Summary"))
    year = StringField(_l("Year"))
    competences = SelectMultipleField(_l("Competences"), choices=[], validate_choice=False)
    links = TextAreaField(_l("Links (one per line)"))


class HubForm(FlaskForm):
    competence = Select(_l("Competence"))
    description = TextAreaField(_l("Description"))
    since = StringField(_l("Hub since (year)"))


class IntroductionForm(FlaskForm):
    """The note of a proposed introduction; its two organisations are name fields (app.picking)."""

    note = TextAreaField(_l("Note"))


class StageForm(FlaskForm):
    status = Select(_l("Next stage"), options([(s.value, LABELS[s.value]) for s in Status]))
    note = TextAreaField(_l("Note"))


class ProjectLinkForm(FlaskForm):
    """The link to a partnership's project; the project is a name field (app.picking)."""


class RoleForm(FlaskForm):
    role = Select(_l("Role"), options([(r.value, LABELS[r.value]) for r in AccessRole if r is not AccessRole.VISITOR]))


class AccountStatusForm(FlaskForm):
    status = Select(_l("Status"), options([(s.value, LABELS[s.value]) for s in AccountStatus]))


class ImportForm(FlaskForm):
    files = MultipleFileField(_l("Table files (organisations.csv, offers.json, ...)"))


class SaveConsortiumForm(FlaskForm):
    """Save a proposal of the consortium builder (the call and members come as hidden fields)."""

    title = StringField(_l("Title of the saved consortium"))
    call = HiddenField()
    coordinator = HiddenField()


class ConsortiumMemberForm(FlaskForm):
    name = StringField(_l("Organisation (its name)"))
    role = Select(_l("Role"), options([(r.value, LABELS[r.value]) for r in Role]))


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
    for name, english in errors.items():
        message = in_words(english)
        if name in form._fields:
            form[name].errors = [*form[name].errors, message]
        else:
            form.form_errors.append(f"{name}: {message}")
