"""Partner requests: an organisation says "we are looking for partners for this call".

``(:PartnerRequest {id, title, countries, kinds, deadline, text, public})-[:BY]->(Organisation)``
and ``-[:SEEKS]->(Competence)``, published by a member for their own organisation or by
a broker for any (the web layer checks who may). Lists hold only open requests: one
whose deadline has passed leaves every list by itself (the queries compare it with
today). Visitors see public requests, never the requester's contact fields. Who may
fit a request is ranked by :func:`graph.matching.requests.rank_for_request`.
Publishing is audited.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from neo4j import ManagedTransaction
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from graph.members import audit
from graph.members.editing import EditError, new_id, validated
from graph.models import LongText, Model, OrgKind, ShortText, Slug, _split_list
from graph.outputs import OutModel, Ref
from graph.store.cache import cached
from graph.store.changes import Topic
from graph.store.driver import Store, run
from graph.store.queries import query

CREATE_REQUEST = query("requests/create_request")
LIST_REQUESTS = query("requests/list_requests")
# How many requests a list holds at most (soonest deadlines first).
LIST_LIMIT = 200

Code = Annotated[
    str, BeforeValidator(lambda v: v.strip().upper() if isinstance(v, str) else v), Field(pattern=r"^[A-Z]{2}$")
]


class NewRequest(Model):
    """What a partner request says (validated before anything is written)."""

    org: Slug
    title: ShortText  # the call or project idea
    competences: Annotated[list[Slug], BeforeValidator(_split_list), Field(min_length=1, max_length=10)]
    countries: Annotated[list[Code], BeforeValidator(_split_list), Field(max_length=30)] = []
    kinds: Annotated[list[OrgKind], BeforeValidator(_split_list)] = []
    deadline: date
    text: Annotated[LongText, Field(max_length=1000)] = ""
    public: bool = True

    @field_validator("deadline")
    @classmethod
    def _future(cls, value: date) -> date:
        if value < date.today():
            raise ValueError("the deadline has passed; give today or a later date")
        return value


class RequestFilters(BaseModel):
    """Filters of the request list (in the address; blank means all)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    competence: Annotated[Slug | None, BeforeValidator(lambda v: v or None)] = None
    country: Annotated[Code | None, BeforeValidator(lambda v: v or None)] = None
    until: Annotated[date | None, BeforeValidator(lambda v: v or None)] = None  # deadline on or before


class Contact(OutModel):
    email: str | None = None
    phone: str | None = None
    name: str | None = None


class Requester(Ref):
    country: str | None = None


class PartnerRequest(OutModel):
    id: str
    title: str
    org: Requester
    competences: list[Ref]
    countries: list[str] = []
    kinds: list[OrgKind] = []
    deadline: date
    text: str | None = None
    public: bool = True
    created_at: datetime | None = None
    contact: Contact | None = None  # members and up only


def publish(store: Store, actor: str, fields: dict[str, Any]) -> PartnerRequest:
    """Publish a partner request; :class:`EditError` naming the field when something is wrong."""
    request = validated(NewRequest, fields)
    request_id = new_id("request", request.title[:60])

    def work(tx: ManagedTransaction) -> None:
        created = run(
            tx,
            CREATE_REQUEST,
            id=request_id,
            org=request.org,
            title=request.title,
            countries=request.countries,
            kinds=[k.value for k in request.kinds],
            deadline=request.deadline,
            text=request.text,
            public=request.public,
            competences=request.competences,
        )
        if not created or created[0]["competences"] != len(set(request.competences)):
            raise EditError({"competences": "a competence sought is not in the vocabulary"})
        audit.record(
            tx, actor, "request.publish", "PartnerRequest", request_id, audit.diff({}, request.model_dump(mode="json"))
        )

    store.write_tx(work)
    return list_requests(store, ids=[request_id], contacts=True)[0]


def list_requests(
    store: Store,
    filters: RequestFilters | None = None,
    org: str | None = None,
    ids: list[str] | None = None,
    public_only: bool = False,
    contacts: bool = False,
    today: date | None = None,
    limit: int = LIST_LIMIT,
) -> list[PartnerRequest]:
    """Open requests (deadline today or later), soonest first, under ``filters``."""
    f = filters or RequestFilters()
    rows = store.read(
        LIST_REQUESTS,
        today=today or date.today(),
        until=f.until,
        org=org,
        ids=ids,
        public_only=public_only,
        country=f.country,
        competence=f.competence,
        contacts=contacts,
        limit=limit,
    )
    return [PartnerRequest.model_validate(row) for row in rows]


@cached(maxsize=8, depends=frozenset({Topic.ORGS, Topic.OTHER}))
def open_requests(store: Store, public_only: bool, today: date) -> tuple[PartnerRequest, ...]:
    """The open requests (at most :data:`LIST_LIMIT`, soonest first) without contact
    fields, kept per process: every profile lists its own and those it may fit, and would
    otherwise read them twice per view. Publishing records no topic (so it moves every
    one); renaming or moving the requester moves ``ORGS``; ``today`` in the key lets a
    passed deadline leave the list the next day."""
    return tuple(list_requests(store, public_only=public_only, today=today))
