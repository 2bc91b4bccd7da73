"""Pydantic models for every node and relationship kind in the PartnerNet graph.

These models are the one gate between the outside world (dataset files, forms, the
API, the CLI) and the store: everything that enters is validated here, and everything
that leaves is shaped here. Identifiers are slugs (``anbpr``, ``partnership-brokering``)
or ISO 3166 codes for regions (``RO``, ``RO-TM``), never database-internal ids.

Example:
    >>> Organisation(id="anbpr", name="ANBPR", kind="ngo", region="RO-B").name_norm
    'anbpr'
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum, StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    computed_field,
    model_validator,
)

from graph.text import clean_text, normalise

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,119}$")
REGION_RE = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
# A host written without a scheme ("www.anbpr.org.ro/x"): taken as https.
_BARE_HOST_RE = re.compile(r"^[\w-]+(\.[\w-]+)+(:\d{1,5})?([/?#]|$)")
_EMAIL_PART = r"[^@\s<>()\[\]\\,;:\"'`/?#%]+"
EMAIL_RE = re.compile(rf"^{_EMAIL_PART}@{_EMAIL_PART}\.{_EMAIL_PART}$")
WEB_SCHEMES = ("http", "https")
# Characters an address never holds unencoded (RFC 3986): markup and whitespace.
_NOT_IN_URLS = frozenset('<>"`{}|\\^') | frozenset(map(chr, range(33))) | {"\x7f"}


class OrgKind(StrEnum):
    """The kinds of organisation a broker distinguishes (cross-sector matching uses it)."""

    LIBRARY = "library"
    NGO = "ngo"
    AUTHORITY = "authority"
    BUSINESS = "business"
    UNIVERSITY = "university"
    NETWORK = "network"
    OTHER = "other"


class Role(StrEnum):
    """An organisation's role in a project."""

    COORDINATOR = "coordinator"
    PARTNER = "partner"
    STAKEHOLDER = "stakeholder"


class IntroductionStatus(StrEnum):
    """The stages an introduction moves through, in order."""

    PROPOSED = "proposed"
    CONTACTED = "contacted"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    PARTNERSHIP = "partnership"


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError(
            "must be a slug: lower-case letters, digits, '.', '_' or '-', "
            f"starting with a letter or digit, at most 120 characters (got {value!r})"
        )
    return value


def _region_code(value: str) -> str:
    if not REGION_RE.match(value):
        raise ValueError(f"must be an ISO 3166 code such as 'RO' or 'RO-TM' (got {value!r})")
    return value


def web_url(value: str) -> str:
    """``value`` as an ``http(s)://`` address, or ValueError: no other scheme may be a link.

    A bare host gets ``https://``; ``javascript:``, ``data:``, ``vbscript:`` and the
    rest are refused, and so are whitespace (browsers drop it inside a scheme) and
    markup characters, which an address holds only percent-encoded.

    >>> web_url("www.anbpr.org.ro")
    'https://www.anbpr.org.ro'
    >>> web_url("javascript:alert(1)//://")
    Traceback (most recent call last):
    ValueError: must be a web address starting with http:// or https:// (got 'javascript:alert(1)//://')
    """
    text = value.strip()
    if _BARE_HOST_RE.match(text):
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname or any(c in _NOT_IN_URLS for c in text):
        raise ValueError(f"must be a web address starting with http:// or https:// (got {value!r})")
    return text


def email_address(value: str) -> str:
    """``value`` as a bare e-mail address (a ``mailto:`` prefix is dropped), or ValueError.

    >>> email_address("mailto:ana@anbpr.example.org")
    'ana@anbpr.example.org'
    """
    text = value.strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    if not EMAIL_RE.match(text):
        raise ValueError(f"is not an e-mail address (got {value!r})")
    return text


def link_url(value: str) -> str:
    """A link target that cannot run script: an ``http(s)`` address or a ``mailto:`` one."""
    if value.strip()[:7].lower() == "mailto:":
        return "mailto:" + email_address(value)
    return web_url(value)


def _split_list(value: Any) -> Any:
    """Accept a list, or a ';'-separated string as CSV cells carry lists."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _blank_to_none(value: Any) -> Any:
    """CSV cells are strings: an empty cell means 'not given'."""
    if isinstance(value, str) and value.strip() == "":
        return None
    return value


Slug = Annotated[str, BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v), AfterValidator(_slug)]
RegionCode = Annotated[
    str, BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v), AfterValidator(_region_code)
]
ShortText = Annotated[str, BeforeValidator(clean_text), Field(min_length=1, max_length=300)]
LongText = Annotated[str, BeforeValidator(clean_text), Field(max_length=5000)]
OptionalShort = Annotated[ShortText | None, BeforeValidator(_blank_to_none)]
OptionalLong = Annotated[LongText | None, BeforeValidator(_blank_to_none)]
Level = Annotated[int, Field(ge=1, le=5)]
TextList = Annotated[list[ShortText], BeforeValidator(_split_list)]
SlugList = Annotated[list[Slug], BeforeValidator(_split_list)]
OptionalDate = Annotated[date | None, BeforeValidator(_blank_to_none)]
# The bound goes on the number, not on the union: pydantic applies a union's ge to None too.
OptionalInt = Annotated[Annotated[int, Field(ge=0)] | None, BeforeValidator(_blank_to_none)]
OptionalFloat = Annotated[Annotated[float, Field(ge=0)] | None, BeforeValidator(_blank_to_none)]
OptionalSlug = Annotated[Slug | None, BeforeValidator(_blank_to_none)]
OptionalRegion = Annotated[RegionCode | None, BeforeValidator(_blank_to_none)]
WebUrl = Annotated[ShortText, AfterValidator(web_url)]
Email = Annotated[ShortText, AfterValidator(email_address)]
OptionalUrl = Annotated[WebUrl | None, BeforeValidator(_blank_to_none)]
OptionalEmail = Annotated[Email | None, BeforeValidator(_blank_to_none)]
UrlList = Annotated[list[WebUrl], BeforeValidator(_split_list)]


class Model(BaseModel):
    """Base for all PartnerNet models: strict about unknown fields, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    def props(self) -> dict[str, Any]:
        """Properties as stored in the graph, ``None`` included so ``SET n += props``
        clears a field that was emptied; enums become their values, dates stay dates."""
        return {k: v.value if isinstance(v, Enum) else v for k, v in self.model_dump().items()}


# --- nodes -------------------------------------------------------------------------


class Region(Model):
    """An ISO 3166 country (``RO``) or ISO 3166-2 subdivision (``RO-TM``)."""

    id: RegionCode
    name: ShortText
    parent: OptionalRegion = None
    tags: TextList = []

    @model_validator(mode="after")
    def _parent_is_country(self) -> Region:
        if self.parent is not None and not self.id.startswith(self.parent + "-"):
            raise ValueError(f"parent {self.parent!r} is not the country of {self.id!r}")
        return self

    @property
    def country(self) -> str:
        return self.id.split("-", 1)[0]


# The languages a vocabulary term may also be named in, besides its ``name`` (English):
# the partners' languages, the same as the interface's.
NAME_LANGUAGES: tuple[str, ...] = ("ro", "bg", "el", "it")


class Competence(Model):
    """A term of the controlled competence vocabulary, optionally narrower than another.

    ``name`` is the term's English name; ``name_ro``, ``name_bg``, ``name_el`` and
    ``name_it`` name it in the partners' languages, so each user reads (and finds) it in
    theirs.
    """

    id: Slug
    name: ShortText
    broader: OptionalSlug = None
    description: OptionalLong = None
    name_ro: OptionalShort = None
    name_bg: OptionalShort = None
    name_el: OptionalShort = None
    name_it: OptionalShort = None

    def names(self) -> dict[str, str]:
        """The term's name by language ("en" for ``name``), only the languages it has.

        >>> Competence(id="fundraising", name="Fundraising", name_ro="Strângere de fonduri").names()
        {'en': 'Fundraising', 'ro': 'Strângere de fonduri'}
        """
        named = {"en": self.name} | {code: getattr(self, f"name_{code}") for code in NAME_LANGUAGES}
        return {code: name for code, name in named.items() if name}

    @computed_field  # type: ignore[prop-decorator]
    @property
    def name_norm(self) -> str:
        """The search key of every name of the term, English first, so a search in any
        language finds it ("fonduri" finds Fundraising)."""
        return " | ".join(normalise(name) for name in self.names().values())


# Contact fields are private: they never leave the server for a visitor.
CONTACT_FIELDS: frozenset[str] = frozenset({"email", "phone", "contact_name"})


class Organisation(Model):
    """A library, NGO, authority, business, university or network that can partner."""

    id: Slug
    name: ShortText
    kind: OrgKind
    region: RegionCode
    city: OptionalShort = None
    description: OptionalLong = None
    website: OptionalUrl = None
    languages: TextList = []
    size: OptionalInt = None
    email: OptionalEmail = None
    phone: OptionalShort = None
    contact_name: OptionalShort = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def name_norm(self) -> str:
        """Lower-case, diacritics-free name for search ("Timișoara" -> "timisoara")."""
        return normalise(self.name)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def city_norm(self) -> str | None:
        """The city normalised like ``name_norm``, so search finds it in Cypher."""
        return normalise(self.city) if self.city else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def country(self) -> str:
        return self.region.split("-", 1)[0]

    def public(self) -> dict[str, Any]:
        """The organisation's properties without its contact fields."""
        return {k: v for k, v in self.props().items() if k not in CONTACT_FIELDS}


class Person(Model):
    """An individual member or broker; contacts are private."""

    id: Slug
    name: ShortText
    org: OptionalSlug = None
    role: OptionalShort = None
    email: OptionalEmail = None
    phone: OptionalShort = None


class Project(Model):
    """A funded project, with its programme and years."""

    id: Slug
    title: ShortText
    programme: OptionalShort = None
    funder: OptionalShort = None
    start: OptionalDate = None
    end: OptionalDate = None
    budget: OptionalFloat = None
    currency: OptionalShort = None
    summary: OptionalLong = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> Project:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Hub(Model):
    """A thematic service hub: ``org`` is the network's reference point for ``competence``."""

    id: Slug
    org: Slug
    competence: Slug
    description: OptionalLong = None
    since: OptionalInt = None


class Practice(Model):
    """A documented best practice of an organisation."""

    id: Slug
    org: Slug
    title: ShortText
    summary: OptionalLong = None
    year: Annotated[Annotated[int, Field(ge=1900, le=2100)] | None, BeforeValidator(_blank_to_none)] = None
    competences: SlugList = []
    links: UrlList = []


class Introduction(Model):
    """An introduction a broker records between two organisations."""

    id: Slug
    broker: OptionalSlug = None
    source: Slug
    target: Slug
    status: IntroductionStatus = IntroductionStatus.PROPOSED
    at: OptionalDate = None
    note: OptionalLong = None
    project: OptionalSlug = None

    @model_validator(mode="after")
    def _two_organisations(self) -> Introduction:
        if self.source == self.target:
            raise ValueError("an introduction needs two different organisations")
        return self


# --- relationships -----------------------------------------------------------------


class Offer(Model):
    """``(Organisation)-[:OFFERS {level, evidence}]->(Competence)``."""

    org: Slug
    competence: Slug
    level: Level
    evidence: OptionalLong = None


class Need(Model):
    """``(Organisation)-[:NEEDS {priority, note}]->(Competence)``."""

    org: Slug
    competence: Slug
    priority: Level
    note: OptionalLong = None


class Participation(Model):
    """``(Organisation)-[:PARTICIPATED_IN {role}]->(Project)``."""

    org: Slug
    project: Slug
    role: Role = Role.PARTNER


class ProjectCompetence(Model):
    """``(Project)-[:ADDRESSES]->(Competence)``."""

    project: Slug
    competence: Slug


class Membership(Model):
    """``(Organisation)-[:MEMBER_OF]->(Organisation)`` for networks and consortia."""

    org: Slug
    network: Slug

    @model_validator(mode="after")
    def _not_self(self) -> Membership:
        if self.org == self.network:
            raise ValueError("an organisation cannot be a member of itself")
        return self
