"""A plain-Python search over a dataset: what the search index must answer.

The straightforward reading of the rule (graph.explore.search): an organisation matches a
text when the text's search key (graph.text.normalise) is in the key of its name, city or
description, or of a competence it offers or needs; filters narrow; results are ordered by
the name's key, then the id. It scans every organisation, which the index must not.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graph.readwrite.dataset import Dataset
from graph.text import normalise


def _links(data: Dataset) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    offers: dict[str, set[str]] = {}
    needs: dict[str, set[str]] = {}
    for table, into in (("offers", offers), ("needs", needs)):
        for link in data.tables[table]:
            into.setdefault(link.org, set()).add(link.competence)
    return offers, needs


def search(data: Dataset, filters: dict[str, Any]) -> list[str]:
    """Ids of the organisations matching ``filters`` (q, kind, region, offers, needs,
    project), in result order."""
    offers, needs = _links(data)
    comp_keys = {c.id: normalise(c.name) for c in data.tables["competences"]}
    partners = {p.org for p in data.tables["participations"] if p.project == filters.get("project")}
    key = normalise(filters["q"]) if filters.get("q") else None
    found = []
    for o in data.tables["organisations"]:
        linked = offers.get(o.id, set()) | needs.get(o.id, set())
        texts = [o.name_norm, o.city_norm or "", normalise(o.description or "")]
        if key is not None and not any(key in t for t in texts) and not any(key in comp_keys[c] for c in linked):
            continue
        if filters.get("kind") and o.kind.value != filters["kind"]:
            continue
        if filters.get("region") and filters["region"] not in (o.country, o.region):
            continue
        if filters.get("offers") and filters["offers"] not in offers.get(o.id, set()):
            continue
        if filters.get("needs") and filters["needs"] not in needs.get(o.id, set()):
            continue
        if filters.get("project") and o.id not in partners:
            continue
        found.append(o)
    return [o.id for o in sorted(found, key=lambda o: (o.name_norm, o.id))]


def facets(data: Dataset, ids: list[str]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """How many of the organisations ``ids`` are of each kind, in each country, and offer
    or need each competence."""
    offers, needs = _links(data)
    orgs = {o.id: o for o in data.tables["organisations"]}
    kinds = Counter(orgs[i].kind.value for i in ids)
    countries = Counter(orgs[i].country for i in ids if orgs[i].country)
    competences = Counter(c for i in ids for c in offers.get(i, set()) | needs.get(i, set()))
    return kinds, countries, competences


def suggest(data: Dataset, text: str, limit: int) -> list[str]:
    """Ids of up to ``limit`` organisations whose id is ``text`` (lower-cased) or whose
    name's key holds its key: the id first, then names starting with the key, then in order."""
    key, exact = normalise(text), text.lower()
    found = [o for o in data.tables["organisations"] if o.id == exact or key in o.name_norm]
    found.sort(key=lambda o: (o.id != exact, not o.name_norm.startswith(key), o.name_norm, o.id))
    return [o.id for o in found[:limit]]
