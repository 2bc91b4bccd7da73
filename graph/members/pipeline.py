"""The introduction pipeline: every introduction by stage, the quiet ones flagged, filtered.

A broker's dashboard shows a column per stage (:class:`graph.models.IntroductionStatus`,
in workflow order) with its count, flags open introductions unchanged for ``stale_days``
days or more (closed ones, declined or a partnership, do not go quiet), and filters by
broker, organisation (either end) and country (either end's). The choices offered by
the filter come from all introductions, so one query reads them all, kept until an
introduction or an organisation changes (thousands took seconds to read at every view);
filtering and dating are done here. Read-only.

Example:
    >>> board = pipeline(store, PipelineFilters(stale_days=14, quiet=True))   # doctest: +SKIP
    >>> [(s.status.value, s.count) for s in board.stages]                    # doctest: +SKIP
    [('proposed', 2), ('contacted', 1), ('accepted', 0), ('declined', 0), ('partnership', 0)]
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from graph.models import IntroductionStatus as Status
from graph.outputs import OutModel, Ref
from graph.store.cache import cached
from graph.store.changes import Topic
from graph.store.driver import Store
from graph.store.queries import query

LIST_INTRODUCTIONS = query("pipeline/list_introductions")
CLOSED = frozenset({Status.DECLINED, Status.PARTNERSHIP})


def _blank(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _code(value: Any) -> Any:
    value = _blank(value)
    return value.strip().upper() if isinstance(value, str) else value


class PipelineFilters(BaseModel):
    """What the dashboard shows: the filters are in the address, blank means all."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    stale_days: Annotated[int, Field(ge=1, le=3650)] = 30
    quiet: bool = False  # only the open introductions unchanged for stale_days or more
    broker: Annotated[str | None, BeforeValidator(_blank)] = None  # person id
    org: Annotated[str | None, BeforeValidator(_blank)] = None  # organisation id, either end
    country: Annotated[str | None, BeforeValidator(_code), Field(pattern=r"^[A-Z]{2}$")] = None  # either end


class Party(Ref):
    country: str | None = None


class PipelineItem(OutModel):
    id: str
    status: Status
    at: date | None = None
    updated_at: datetime | None = None
    source: Party
    target: Party
    broker: Ref | None = None
    days_unchanged: int | None = None
    quiet: bool = False


class Stage(OutModel):
    status: Status
    count: int
    items: list[PipelineItem]


class Pipeline(OutModel):
    """The dashboard: the filters used, stages with their introductions, filter choices."""

    filters: PipelineFilters
    today: date
    total: int
    quiet: int
    stages: list[Stage]
    brokers: list[Ref]
    countries: list[str]


def _days(item: PipelineItem, today: date) -> int | None:
    changed = item.updated_at.date() if item.updated_at else item.at
    return None if changed is None else (today - changed).days


def _chosen(item: PipelineItem, f: PipelineFilters) -> bool:
    return (
        (f.broker is None or (item.broker is not None and item.broker.id == f.broker))
        and (f.org is None or f.org in (item.source.id, item.target.id))
        and (f.country is None or f.country in (item.source.country, item.target.country))
        and (not f.quiet or item.quiet)
    )


@cached(maxsize=1, depends=frozenset({Topic.INTRODUCTIONS, Topic.ORGS}))
def _introductions(store: Store) -> tuple[PipelineItem, ...]:
    """Every introduction as the pipeline reads it, undated (see the module doc)."""
    return tuple(PipelineItem.model_validate(row) for row in store.read(LIST_INTRODUCTIONS))


def pipeline(store: Store, filters: PipelineFilters, today: date | None = None) -> Pipeline:
    """Introductions by stage under ``filters`` (``today`` fixes the date for "quiet")."""
    today = today or date.today()
    items = []
    for item in _introductions(store):
        days = _days(item, today)
        quiet = item.status not in CLOSED and days is not None and days >= filters.stale_days
        items.append(item.model_copy(update={"days_unchanged": days, "quiet": quiet}))
    shown = [i for i in items if _chosen(i, filters)]
    brokers = {i.broker.id: i.broker for i in items if i.broker}
    return Pipeline(
        filters=filters,
        today=today,
        total=len(shown),
        quiet=sum(i.quiet for i in shown),
        stages=[
            Stage(status=s, count=len(mine), items=mine)
            for s in Status
            for mine in [[i for i in shown if i.status is s]]
        ],
        brokers=sorted(brokers.values(), key=lambda r: (r.name.casefold(), r.id)),
        countries=sorted({p.country for i in items for p in (i.source, i.target) if p.country}),
    )


def rows(board: Pipeline) -> list[dict[str, Any]]:
    """The CSV rows: one per introduction shown, by stage."""
    return [
        {
            "id": i.id,
            "status": i.status.value,
            "source": i.source.name,
            "source_country": i.source.country,
            "target": i.target.name,
            "target_country": i.target.country,
            "broker": i.broker.name if i.broker else "",
            "at": i.at,
            "updated_at": i.updated_at,
            "days_unchanged": i.days_unchanged,
            "quiet": i.quiet,
        }
        for stage in board.stages
        for i in stage.items
    ]
