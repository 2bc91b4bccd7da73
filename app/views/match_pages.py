"""Pages for brokers: match results with their explanations, and the consortium builder.

``/orgs/<org_id>/match`` takes the same query parameters as ``/api/match/<org_id>``
(its JSON twin, also served with ``?format=json``) and offers the results as CSV with
one column per term. ``/consortium`` shows a call form (``?example=<name>`` prefills
one of seeds/calls) and, posted, the proposed consortia or what makes the call
impossible.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, ValidationError

from app.consortium_form import call_data, call_form, example, examples, show_call_errors
from app.db import get_store
from app.forms import SaveConsortiumForm, options
from app.params import match_args, parse_args
from app.render import requested_format, respond
from app.templating import term
from graph.explore.labels import joint_projects, names_of
from graph.explore.search import search_options
from graph.matching.consortium import Call, build
from graph.matching.index import MatchIndex
from graph.matching.match import match
from graph.matching.model import TERMS, FamiliarityMode, MatchFilters, MatchReport, Weights
from graph.members.consortia import org_by_name
from graph.members.editing import EditError
from graph.models import OrgKind
from graph.params import BadParameter
from graph.store.driver import Store

bp = Blueprint("match_pages", __name__)


class ExampleQuery(BaseModel):
    """``/consortium?example=ro-bg-libraries`` prefills the form with an example call."""

    example: str | None = None


def _rows(report: MatchReport) -> list[dict[str, Any]]:
    """The CSV rows: one per candidate, one column per term."""
    return [
        {
            "id": r.id,
            "name": r.name,
            "kind": r.kind.value,
            "country": r.country,
            "score": r.score,
            **{t: r.terms.get(t, 0.0) for t in TERMS},
        }
        for r in report.results
    ]


def _competence_names(store: Store) -> dict[str, str]:
    return {c.id: term(c.id) for c in search_options(store).competences}


def _values(filters: MatchFilters, weights: Weights) -> dict[str, Any]:
    """What the filter form shows: the parsed filters, and only the weights that were set."""
    values: dict[str, Any] = {
        "top": filters.top,
        "kinds": [k.value for k in filters.kinds],
        "countries": ", ".join(filters.countries),
        "regions": ", ".join(filters.regions),
        "min_score": "" if filters.min_score is None else f"{filters.min_score:g}",
        "cross_border": filters.cross_border,
        "balkan": filters.balkan,
        "exclude_partners": filters.exclude_partners,
        "w.familiarity_mode": weights.familiarity_mode.value,
        "weights_set": bool(weights.model_fields_set - {"familiarity_mode"}),
    }
    for name in Weights.model_fields:
        if name != "familiarity_mode":
            values[f"w.{name}"] = f"{getattr(weights, name):g}" if name in weights.model_fields_set else ""
    return values


def _raw_values() -> dict[str, Any]:
    """What the filter form shows after a refused query: the values as typed."""
    values: dict[str, Any] = {k: ", ".join(v for v in vs if v) for k, vs in request.args.lists()}
    values["kinds"] = [k.strip() for v in request.args.getlist("kinds") for k in v.split(",")]
    for name in ("cross_border", "balkan", "exclude_partners"):
        values[name] = values.get(name, "").lower() in ("1", "true", "on", "yes")
    values["weights_set"] = True
    return defaultdict(str, values)


@bp.get("/orgs/<org_id>/match")
def match_page(org_id: str) -> ResponseReturnValue:
    store = get_store()
    context: dict[str, Any] = {
        "org_id": org_id,
        "kinds": list(OrgKind),
        "terms": TERMS,
        "modes": list(FamiliarityMode),
        "defaults": Weights(),
        "error": None,
    }
    try:
        filters, weights = match_args()
    except BadParameter as exc:
        if requested_format() != "html":
            raise  # answered by app.errors
        context.update(error=exc, values=_raw_values(), report=None)
        return render_template("match/match.html", **context), 400
    report = match(store, org_id, filters, weights, index=MatchIndex.current(store))
    top = max((sum(v for v in r.terms.values() if v > 0) for r in report.results), default=0.0)
    return respond(
        "match/match.html",
        report,
        rows=_rows(report),
        filename=f"{org_id}-matches.csv",
        report=report,
        values=_values(filters, weights),
        scale=top or 1.0,
        names=_names(store, report),
        tied=joint_projects(store, report.seeker.id, [r.id for r in report.results]),
        **context,
    )


def _names(store: Store, report: MatchReport) -> dict[str, str]:
    """Names of every id the explanations mention: narrower competences, introducer path steps."""
    ids = {i.through for r in report.results for part in (r.via.need_coverage, r.via.reciprocity) for i in part}
    ids |= {x for r in report.results for i in r.introducers for s in i.path for x in (s.from_, s.to, s.ref)}
    return names_of(store, (i for i in ids if i))


@bp.route("/consortium", methods=["GET", "POST"])
def consortium() -> ResponseReturnValue:
    store = get_store()
    names = _competence_names(store)
    choices = options(sorted(names.items(), key=lambda item: item[1].lower()))
    context: dict[str, Any] = {"examples": examples(), "names": names, "result": None}
    if request.method == "GET":
        prefill = None
        asked = parse_args(ExampleQuery).example
        if asked:
            prefill = example(asked)
            if prefill is None:
                raise BadParameter("example", f"no example call named {asked!r}; there are {', '.join(examples())}")
        return render_template("match/consortium.html", form=call_form(choices, prefill), **context)
    form = call_form(choices)
    data, rows = call_data(form)
    try:
        if data.get("lead"):  # picked by name
            data["lead"] = org_by_name(store, data["lead"], "lead").id
        call = Call.model_validate(data)
    except EditError as exc:
        form.lead.errors = list(exc.errors.values())
        return render_template("match/consortium.html", form=form, **context), 400
    except ValidationError as exc:
        show_call_errors(form, exc, rows)
        return render_template("match/consortium.html", form=form, **context), 400
    context.update(result=build(store, call), save_form=SaveConsortiumForm())
    return render_template("match/consortium.html", form=form, **context)
