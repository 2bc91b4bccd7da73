"""Reading organisations: lists and profiles.

Output models live here too: what the CLI prints, the pages show and the API returns
is shaped by these models, and contact fields are only included when the caller
asks for them (the web layer decides who may see them).

Example:
    >>> profile = get_profile(store, "anbpr")          # doctest: +SKIP
    >>> [o.id for o in profile.offers][:1]             # doctest: +SKIP
    ['partnership-brokering']
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.errors import NotFound
from graph.models import CONTACT_FIELDS, OrgKind, Role
from graph.outputs import OutModel, Ref
from graph.store.driver import Store
from graph.store.queries import query

LIST_ORGS = query("orgs/list_orgs")
GET_PROFILE = query("orgs/get_profile")


class OrgSummary(OutModel):
    """One line of an organisation list."""

    id: str
    name: str
    kind: OrgKind
    country: str
    region: str | None = None
    city: str | None = None


class OfferOut(OutModel):
    id: str
    name: str
    level: int
    evidence: str | None = None


class NeedOut(OutModel):
    id: str
    name: str
    priority: int
    note: str | None = None


class ProjectRole(OutModel):
    id: str
    title: str
    role: Role
    start: date | None = None
    end: date | None = None
    programme: str | None = None


class PartnerOut(OutModel):
    id: str
    name: str
    kind: OrgKind
    country: str
    joint_projects: int


class HubOut(OutModel):
    id: str
    competence: str
    competence_name: str
    description: str | None = None
    since: int | None = None


class PracticeOut(OutModel):
    id: str
    title: str
    summary: str | None = None
    year: int | None = None
    links: list[str] = []
    competences: list[str] = []


class Contact(OutModel):
    email: str | None = None
    phone: str | None = None
    contact_name: str | None = None


class OrgProfile(OutModel):
    """Everything an organisation's profile shows."""

    id: str
    name: str
    kind: OrgKind
    country: str
    region: Ref | None = None
    country_name: str | None = None
    city: str | None = None
    description: str | None = None
    website: str | None = None
    languages: list[str] = []
    size: int | None = None
    offers: list[OfferOut] = []
    needs: list[NeedOut] = []
    projects: list[ProjectRole] = []
    partners: list[PartnerOut] = []
    member_of: list[Ref] = []
    members: list[Ref] = []
    hubs: list[HubOut] = []
    practices: list[PracticeOut] = []
    contact: Contact | None = None


def list_orgs(
    store: Store,
    kind: OrgKind | None = None,
    country: str | None = None,
    skip: int = 0,
    limit: int = 10_000,
) -> list[OrgSummary]:
    """Organisations in name order, optionally of one kind and/or country."""
    rows = store.read(
        LIST_ORGS,
        kind=kind.value if kind else None,
        country=country.upper() if country else None,
        skip=skip,
        limit=limit,
    )
    return [OrgSummary.model_validate(row) for row in rows]


def get_profile(store: Store, org_id: str, include_contacts: bool = False) -> OrgProfile:
    """The full profile of ``org_id``; contact fields only if ``include_contacts``.

    Raises :class:`NotFound` when there is no such organisation.
    """
    rows = store.read(GET_PROFILE, id=org_id)
    if not rows:
        raise NotFound(f"no organisation with id {org_id!r}")
    row = rows[0]
    org: dict[str, Any] = row.pop("org")
    contact = {k: org.pop(k, None) for k in CONTACT_FIELDS}
    country = row.pop("country") or {}
    profile: dict[str, Any] = {**org, **row, "country_name": country.get("name")}
    if include_contacts:
        profile["contact"] = contact
    return OrgProfile.model_validate(profile)
