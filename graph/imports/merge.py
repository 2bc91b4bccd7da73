"""Probable duplicates in the graph, and merging two organisations into one.

:func:`probable_duplicates` runs :func:`~graph.imports.duplicates.find_duplicates`
over the graph's organisations, leaving out pairs an admin said are different
(:func:`reject`). :func:`merge_orgs` moves every tie of one organisation (offers,
needs, projects, memberships, hubs, practices, people, accounts, introductions) to the
other in one transaction with an ``org.merge`` audit event; the audit events of both
stay as they were. If a relationship kind this module does not know is left on the
merged organisation, nothing is written and the error names it.

Example:
    >>> [d.pair for d in probable_duplicates(store, among={"pic-999000001"})]  # doctest: +SKIP
    ['bjt|pic-999000001']
    >>> merge_orgs(store, "admin", keep="bjt", drop="pic-999000001")          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable

from neo4j import ManagedTransaction
from pydantic import BaseModel

from graph.errors import NotFound
from graph.imports.duplicates import Duplicate, OrgKey, find_duplicates
from graph.members import audit
from graph.store.driver import Store, run
from graph.store.queries import query

ORG_KEYS = query("imports/org_keys")
MERGE_ORGS = query("merge/merge_orgs")
DELETE_MERGED = query("merge/delete_merged")
REJECT_PAIR = query("merge/reject_pair")
REJECTED_PAIRS = query("merge/rejected_pairs")


class MergeError(ValueError):
    """The merge cannot be done; nothing was written."""


def org_keys(store: Store) -> list[OrgKey]:
    """Every organisation's id, name, city and country."""
    return [OrgKey(r["id"], r["name"] or "", r["city_norm"], r["country"] or "") for r in store.read(ORG_KEYS)]


def probable_duplicates(store: Store, among: Iterable[str] | None = None) -> list[Duplicate]:
    """Pairs of organisations that are probably one, except those an admin rejected."""
    rejected = {r["pair"] for r in store.read(REJECTED_PAIRS)}
    return [d for d in find_duplicates(org_keys(store), among) if d.pair not in rejected]


class Candidate(BaseModel):
    """A probable duplicate an import brought: ``new`` came with it, ``existing`` was there."""

    new: str
    new_name: str
    existing: str
    existing_name: str
    score: int


def candidates(store: Store, imported: Iterable[str]) -> list[Candidate]:
    """The organisations of ``imported`` probably already there, with both names, best first."""
    new = set(imported)
    names = {k.id: k.name for k in org_keys(store)}
    found = []
    for d in probable_duplicates(store, among=new):
        fresh, existing = (d.first, d.second) if d.first in new and d.second not in new else (d.second, d.first)
        found.append(
            Candidate(new=fresh, new_name=names[fresh], existing=existing, existing_name=names[existing], score=d.score)
        )
    return found


def reject(store: Store, actor: str, first: str, second: str) -> None:
    """Record that two organisations are different, so they are not proposed again."""
    pair = "|".join(sorted((first, second)))

    def work(tx: ManagedTransaction) -> None:
        run(tx, REJECT_PAIR, pair=pair, actor=actor)
        audit.record(tx, actor, "org.not_duplicate", "Organisation", pair)

    store.write_tx(work)


def merge_orgs(store: Store, actor: str, keep: str, drop: str) -> None:
    """Move everything of ``drop`` to ``keep``, delete ``drop``, and audit it; all or nothing."""
    if keep == drop:
        raise MergeError("an organisation cannot be merged into itself")

    def work(tx: ManagedTransaction) -> None:
        rows = run(tx, MERGE_ORGS, keep=keep, drop=drop)
        if not rows:
            raise NotFound(f"no organisation {keep!r} or {drop!r}")
        left = run(tx, DELETE_MERGED, drop=drop)[0]["left"]
        if left:
            raise MergeError(f"{drop!r} still has {', '.join(sorted(left))} ties that a merge does not move")
        merged = {k.removeprefix("drop_"): v for k, v in rows[0].items() if k.startswith("drop_")}
        audit.record(
            tx, actor, "org.merge", "Organisation", keep, {"merged": {"before": {"id": drop, **merged}, "after": keep}}
        )

    store.write_tx(work)
