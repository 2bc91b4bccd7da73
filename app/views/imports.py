"""Administration: importing data in the browser.

Two ways in. PartnerNet's own table files (``organisations.csv``, ``offers.json``...)
are checked and imported on one page. Anything else (a spreadsheet or CSV of
organisations, projects or participations, a wide partner table, a CORDIS zip) becomes
an import job (:mod:`graph.imports.jobs`): a page with a preview in the detected
encoding, the column mapping, a dry run with row-level errors, then the import in one
transaction whose progress the page shows (and which can be left and come back to),
then the probable duplicates it brought, to merge or keep apart. An import whose worker
process died shows as interrupted; the import page removes finished jobs' folders once
their retention (``PARTNERNET_IMPORT_RETENTION_DAYS``) is over.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from pydantic import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from app.access import current_account
from app.db import get_store
from app.errors import error_response
from app.forms import ImportForm
from app.render import json_response
from graph.errors import NotFound
from graph.imports import checking as imports
from graph.imports import jobs
from graph.imports.mapping import FIELDS, REQUIRED, Mapping, resolve_columns, suggest
from graph.imports.merge import MergeError, merge_orgs, reject
from graph.imports.places import country_code
from graph.imports.vocab import kind_of
from graph.models import OrgKind
from graph.readwrite.dataset import FORMATS, DatasetError, RowError, parse_tables
from graph.readwrite.importer import existing_ids, load_dataset_at_once
from graph.readwrite.tables import DELIMITERS, ENCODINGS, SPREADSHEETS, TEXT_TABLES, TableError

bp = Blueprint("imports", __name__)

# A CORDIS download is far larger than the app's usual upload limit.
IMPORT_MAX_BYTES = 512 * 1024 * 1024
PREVIEW_ROWS = 10


def _actor() -> str:
    me = current_account()
    assert me is not None  # the policy lets admins only
    return me.username


def _jobs() -> jobs.Jobs:
    return jobs.Jobs.for_settings(current_app.config["PARTNERNET_SETTINGS"])


def _uploads() -> tuple[list[tuple[str, str, bytes]], list[RowError]]:
    sources, errors = [], []
    for upload in request.files.getlist("files"):
        name = Path(upload.filename or "").name
        if not name:
            continue
        if Path(name).suffix.lower() not in FORMATS:
            errors.append(RowError(name, 0, "file", f"must end in {', '.join(FORMATS)}"))
            continue
        sources.append((name, Path(name).stem, upload.read()))
    if not sources and not errors:
        errors.append(RowError("-", 0, "files", "choose at least one table file"))
    return sources, errors


def _page(status: int = 200, **context: object) -> ResponseReturnValue:
    context.setdefault("form", ImportForm())
    folder = _jobs()
    folder.prune()  # finished imports past their retention go before the list is shown
    return render_template("admin/import.html", shapes=list(jobs.Shape), recent=folder.recent(), **context), status


@bp.route("/admin/import", methods=["GET", "POST"])
def import_data() -> ResponseReturnValue:
    """PartnerNet's own table files: a dry run, or an all-or-nothing import."""
    if request.method == "GET":
        return _page()
    sources, errors = _uploads()
    store = get_store()
    dataset = None
    if not errors:
        try:
            dataset = parse_tables(sources, existing_ids(store))
        except DatasetError as exc:
            errors = exc.errors
    if errors or dataset is None:
        return _page(400, errors=errors)
    summary = {t: n for t, n in dataset.summary().items() if n and t != "countries"}
    if request.form.get("action") != "import":
        return _page(checked=summary)
    report = load_dataset_at_once(store, dataset, _actor())
    return _page(imported=report.rows)


@bp.post("/admin/import/upload")
def upload() -> ResponseReturnValue:
    """Keep an uploaded table or CORDIS zip as a new import job and open its page."""
    file = request.files.get("table")
    name = Path(file.filename or "").name if file else ""
    try:
        shape = jobs.Shape(request.form.get("shape", ""))
    except ValueError:
        return _page(400, upload_error=_("shape: choose what the file holds"))
    allowed = (".zip",) if shape is jobs.Shape.CORDIS else SPREADSHEETS + TEXT_TABLES
    if file is None or not name:
        return _page(400, upload_error=_("table: choose a file"))
    if Path(name).suffix.lower() not in allowed:
        return _page(400, upload_error=_("table: the file must end in %(suffixes)s", suffixes=", ".join(allowed)))
    job = _jobs().create(_actor(), name, file.read(), shape)
    return redirect(url_for("imports.job", token=job.token))


def _choose(job: jobs.ImportJob) -> list[str]:
    """Apply the form's choices (encoding, columns, values, countries) to ``job``; list problems."""
    problems: list[str] = []
    form = request.form
    if form.get("encoding") is not None:
        job.encoding = form["encoding"] if form["encoding"] in ENCODINGS else None
    if form.get("delimiter") is not None:
        job.delimiter = form["delimiter"] if form["delimiter"] in DELIMITERS else None
    if job.shape is jobs.Shape.CORDIS:
        codes = [c for c in form.get("countries", "").replace(";", ",").split(",") if c.strip()]
        unknown = [c.strip() for c in codes if country_code(c) is None]
        if unknown:
            problems.append(_("countries: unknown %(names)s", names=", ".join(unknown)))
        job.countries = sorted({code for c in codes if (code := country_code(c))})
    elif job.shape is jobs.Shape.WIDE:
        job.default_country = _country(form.get("default_country", ""), problems)
    elif job.target is not None:
        columns = {f: form[f"col:{f}"] for f in FIELDS[job.target] if form.get(f"col:{f}")}
        defaults = {"country": code} if (code := _country(form.get("default_country", ""), problems)) else {}
        if form.get("default_kind") in {k.value for k in OrgKind}:
            defaults["kind"] = form["default_kind"]
        values = {"kind": {k.removeprefix("kind:"): v for k, v in form.items() if k.startswith("kind:") and v}}
        try:
            job.mapping = Mapping(target=job.target, columns=columns, defaults=defaults, values=values)
        except ValidationError as exc:
            problems.append(_("columns: %(problem)s", problem=_message(exc)))
    return problems


def _country(text: str, problems: list[str]) -> str | None:
    if not text.strip():
        return None
    code = country_code(text)
    if code is None:
        problems.append(_("country: unknown %(name)s", name=text.strip()))
    return code


def _message(exc: ValidationError) -> str:
    """The first problem of a validation error, without pydantic's decoration."""
    return str(exc.errors()[0]["msg"]).removeprefix("Value error, ")


def _job_page(job: jobs.ImportJob, status: int = 200, problems: list[str] | None = None) -> ResponseReturnValue:
    store, folder = get_store(), _jobs()
    table, table_error = None, None
    if job.tabular:
        try:
            table = jobs.table_of(folder, job)
        except TableError as exc:
            table_error = str(exc)
    columns: dict[str, str] = {}
    unknown_kinds: list[str] = []
    if table is not None and job.target is not None:
        columns = (
            resolve_columns(job.mapping.columns, table.headers) if job.mapping else suggest(job.target, table.headers)
        )
        kind_column = columns.get("kind")
        if kind_column in table.headers:
            at = table.headers.index(kind_column)
            unknown_kinds = sorted({r[at] for r in table.rows if len(r) > at and r[at] and kind_of(r[at]) is None})
    return render_template(
        "admin/import_job.html",
        job=job,
        table=table,
        preview=table.preview(PREVIEW_ROWS) if table else [],
        table_error=table_error,
        problems=problems or [],
        encodings=ENCODINGS,
        fields=FIELDS.get(job.target, {}) if job.target else {},
        required=REQUIRED.get(job.target, ()) if job.target else (),
        columns=columns,
        unknown_kinds=unknown_kinds,
        kinds=list(OrgKind),
        saved=imports.saved_mappings(store) if job.target else {},
    ), status


@bp.route("/admin/import/<token>", methods=["GET", "POST"])
def job(token: str) -> ResponseReturnValue:
    """An import job: preview, mapping, dry run, import, progress, duplicates."""
    folder = _jobs()
    job = folder.get(token)
    if request.method == "GET":
        return _job_page(job)
    if job.state is jobs.JobState.RUNNING or job.state is jobs.JobState.DONE or job.written:
        return _job_page(job, 409, [_("This import has already run.")])
    action = request.form.get("action", "check")
    if action == "use":
        chosen = imports.saved_mappings(get_store()).get(request.form.get("saved", ""))
        if chosen is None or chosen.target != job.target:
            return _job_page(job, 400, [_("saved: choose a saved mapping for this kind of table")])
        job.mapping = chosen
        folder.save(job)
        return _job_page(job)
    problems = _choose(job)
    if problems:
        folder.save(job)
        return _job_page(job, 400, problems)
    if action == "preview":
        folder.save(job)
        return _job_page(job)
    if action == "save":
        name = request.form.get("mapping_name", "").strip()
        if not name or job.mapping is None:
            return _job_page(job, 400, [_("mapping_name: give the mapping a name")])
        imports.save_mapping(get_store(), _actor(), name[:120], job.mapping)
        folder.save(job)
        flash(_("Mapping saved as %(name)s.", name=name[:120]))
        return redirect(url_for("imports.job", token=token))
    if action == "import":
        started = jobs.start(get_store(), folder, job)
        return redirect(url_for("imports.job", token=token)) if started else _job_page(job, 400)
    dataset = jobs.check(get_store(), folder, job)
    folder.save(job)
    return _job_page(job, 200 if dataset is not None else 400)


@bp.get("/api/admin/import/<token>")
def api_job(token: str) -> ResponseReturnValue:
    """The job's state and progress as JSON (the page's machine-readable twin)."""
    return json_response(_jobs().get(token).model_dump(mode="json"))


@bp.post("/admin/import/<token>/merge")
def merge(token: str) -> ResponseReturnValue:
    """Merge the organisation an import brought into the one already there (or keep them apart)."""
    folder = _jobs()
    job = folder.get(token)
    pair = next((c for c in job.duplicates if c.new == request.form.get("new")), None)
    if pair is None:
        return _job_page(job, 400, [_("new: not a duplicate this import found")])
    store = get_store()
    if request.form.get("action") == "distinct":
        reject(store, _actor(), pair.new, pair.existing)
        flash(_("%(new)s and %(existing)s are kept apart.", new=pair.new_name, existing=pair.existing_name))
    else:
        try:
            merge_orgs(store, _actor(), keep=pair.existing, drop=pair.new)
        except (MergeError, NotFound) as exc:
            return _job_page(job, 400, [str(exc)])
        flash(_("%(new)s was merged into %(existing)s.", new=pair.new_name, existing=pair.existing_name))
    jobs.forget_candidate(folder, job, pair.new, pair.existing)
    return redirect(url_for("imports.job", token=token))


def init_app(app: Flask) -> None:
    """Larger uploads for import jobs, and a friendly answer to uploads over the limit.

    Call it before CSRF protection is installed: that reads the form, and the limit must
    be set before anything does.
    """

    @app.before_request
    def larger_import_uploads() -> None:
        if request.endpoint == "imports.upload":
            request.max_content_length = IMPORT_MAX_BYTES

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc: RequestEntityTooLarge) -> ResponseReturnValue:
        limit = request.max_content_length or current_app.config.get("MAX_CONTENT_LENGTH") or 0
        message = (
            f"The upload is too large: at most {limit / 1_048_576:.1f} MB at once. "
            "Split the data into smaller files, or load it with `partnernet load`."
        )
        return error_response(413, message)
