"""Complementarity matching: who fits an organisation's needs, and why.

For a seeker A and a candidate B the score is a sum of named terms (DESIGN.md):

- ``need_coverage`` = need × Σ priority(A,c) × level(B,c) over competences c that A
  NEEDS and B OFFERS; a c that B offers only through a narrower c' ((c')-[:BROADER]->(c))
  counts the best such level × ``narrower_discount``;
- ``reciprocity`` = reciprocity × the same sum with A and B swapped;
- ``cross_sector`` = cross_sector when B's kind differs from A's;
- ``geography`` = same_region, same_country or cross_border (exactly one applies);
- ``familiarity`` = ±familiarity × min(joint projects + recorded introductions, cap),
  a bonus (trust) or a penalty (the broker wants new partners), or off;
- ``reachability`` = reachability when at least one organisation is tied to both
  (a joint project or a membership either way) and can introduce them.

Candidates are the organisations complementary to A (at least one competence in the
need or the reciprocity sum). Two implementations compute the same floats:

- ``cypher/match/score.cypher`` scores a list of candidates (from
  ``cypher/match/candidates.cypher``) in the database: the plain path, used without an
  index and for a seeker the index does not know yet;
- :mod:`graph.matching.scoring` scores every organisation at once with numpy over the
  in-memory :class:`graph.matching.index.MatchIndex` and explains the top k from it: the
  path the app takes, since Cypher needs seconds for a common competence at 50,000
  organisations and 60–120 ms just to explain ten candidates.

Example:
    >>> report = match(store, "blia", MatchFilters(top=5))         # doctest: +SKIP
    >>> report.results[0].via.need_coverage[0].competence            # doctest: +SKIP
    'advocacy-training'
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from graph.models import OrgKind, RegionCode
from graph.outputs import OutModel

TERMS = ("need_coverage", "reciprocity", "cross_sector", "geography", "familiarity", "reachability")
MAX_WEIGHT = 100.0


class FamiliarityMode(StrEnum):
    """What earlier ties between A and B do to the score."""

    BONUS = "bonus"  # trust: prefer organisations A already knows
    PENALTY = "penalty"  # the broker asks for new partners
    IGNORE = "ignore"

    @property
    def sign(self) -> int:
        return {"bonus": 1, "penalty": -1, "ignore": 0}[self.value]


Weight = Annotated[float, Field(ge=0, le=MAX_WEIGHT, allow_inf_nan=False)]


class Weights(BaseModel):
    """Weights of the score's terms; defaults are explained in the README's table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    need: Weight = 1.0
    reciprocity: Weight = 0.5
    narrower_discount: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 0.5
    cross_sector: Weight = 3.0
    same_region: Weight = 2.0
    same_country: Weight = 1.0
    cross_border: Weight = 2.0
    familiarity: Weight = 2.0
    familiarity_mode: FamiliarityMode = FamiliarityMode.BONUS
    familiarity_cap: int = Field(default=3, ge=0, le=50)
    reachability: Weight = 2.0

    @model_validator(mode="after")
    def _complementarity_counts(self) -> Weights:
        if self.need == 0 and self.reciprocity == 0:
            raise ValueError("need and reciprocity cannot both be 0: nothing would be matched")
        return self

    def params(self) -> dict[str, Any]:
        """The weights as the Cypher query takes them."""
        return {k: (v.value if isinstance(v, StrEnum) else v) for k, v in self}


Country = Annotated[
    str, BeforeValidator(lambda v: v.strip().upper() if isinstance(v, str) else v), Field(pattern=r"^[A-Z]{2}$")
]


class MatchFilters(BaseModel):
    """Which candidates a match returns, and how many."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: list[OrgKind] = []
    countries: list[Country] = []
    regions: list[RegionCode] = []
    cross_border: bool = False
    balkan: bool = False
    min_score: Annotated[float | None, Field(allow_inf_nan=False)] = None
    exclude_partners: bool = False
    top: int = Field(default=10, ge=1, le=500)

    def params(self) -> dict[str, Any]:
        """The filters as the Cypher query takes them (``None`` = no filter)."""
        return {
            "kinds": [k.value for k in self.kinds] or None,
            "countries": self.countries or None,
            "regions": self.regions or None,
            "cross_border": self.cross_border,
            "balkan": self.balkan,
            "min_score": self.min_score,
            "exclude_partners": self.exclude_partners,
            "top": self.top,
        }


# --- results ---------------------------------------------------------------------


class Item(OutModel):
    """One competence behind need coverage or reciprocity, and what it contributed."""

    competence: str
    name: str
    priority: int
    level: int
    through: str | None = None  # the narrower competence offered, if not offered directly
    factor: float
    value: float


class Via(OutModel):
    """Why a candidate scored: competences, geography and earlier ties."""

    need_coverage: list[Item]
    reciprocity: list[Item]
    geography: Literal["same_region", "same_country", "cross_border"]
    joint_projects: int
    introductions: int
    common_partners: int


class Step(OutModel):
    """One hop of an introduction path."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    from_: str = Field(alias="from", serialization_alias="from")
    to: str
    via: Literal["project", "membership"]
    ref: str


class Introducer(OutModel):
    id: str
    name: str
    path: list[Step]


class MatchResult(OutModel):
    id: str
    name: str
    kind: OrgKind
    country: str
    region: str | None = None
    score: float
    terms: dict[str, float]
    via: Via
    introducers: list[Introducer]


class Seeker(OutModel):
    id: str
    name: str
    kind: OrgKind
    country: str
    region: str | None = None


class MatchReport(OutModel):
    """A match: the seeker, the weights and filters used, and the ranked results."""

    seeker: Seeker
    weights: Weights
    filters: MatchFilters
    # Complementary organisations weighed: from the index, those within the filters on
    # kind, place and partners (min_score only shortens the list); in Cypher, all.
    candidates_scored: int
    results: list[MatchResult]
    # True while the index is rebuilt after a bulk load: these results may not show it yet.
    refreshing: bool = False
