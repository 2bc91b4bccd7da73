"""The network's counts: what the home page, ``/api/stats`` and ``partnernet stats`` show.

Example:
    >>> stats(store).organisations                     # doctest: +SKIP
    84
"""

from __future__ import annotations

from graph.explore.regions import list_countries
from graph.outputs import OutModel
from graph.store.cache import cached
from graph.store.changes import Topic
from graph.store.driver import Store
from graph.store.queries import query

COUNT_SUMMARY = query("stats/count_summary")


class Stats(OutModel):
    """Counts of the network, as ``partnernet stats --json`` prints them."""

    organisations: int
    countries: int
    projects: int
    competences: int
    regions: int
    hubs: int
    practices: int
    introductions: int


@cached(maxsize=1, depends=frozenset({Topic.ORGS, Topic.TIES, Topic.INTRODUCTIONS}))
def stats(store: Store) -> Stats:
    """Counts of organisations, countries, projects, competences, regions, hubs, practices
    and introductions.

    Counts of labels cost a few milliseconds at any size; the countries come from the
    country list (cached until an organisation changes). Cached until a write changes one
    of them: offers, needs and descriptions leave it alone, so the home page is not
    recounted after every edit.
    """
    countries = sum(1 for country in list_countries(store) if country.organisations)
    return Stats.model_validate({**store.read(COUNT_SUMMARY)[0], "countries": countries})
