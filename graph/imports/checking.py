"""Importing other people's tables: check against the graph, then write with an audit event.

The one path behind the admin import pages and ``partnernet import``: a mapped table,
a wide partner table or a CORDIS zip becomes raw rows; :func:`check` validates them
against the graph (adding the countries and counties it has not met yet) and gives a
:class:`~graph.readwrite.dataset.Dataset` or raises
:class:`~graph.readwrite.dataset.DatasetError` listing every bad row, having written
nothing; :func:`write` loads it, all at once or in batches, and audits it.

Example:
    >>> dataset = check(store, mapped.sources("partners.xlsx"))        # doctest: +SKIP
    >>> write(store, dataset, "admin", "partners.xlsx").rows             # doctest: +SKIP
    {'regions': 1, 'organisations': 12}
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from neo4j import ManagedTransaction

from graph.imports.mapping import Known, Mapping
from graph.imports.places import missing_regions
from graph.members import audit
from graph.models import REGION_RE
from graph.readwrite.dataset import Dataset, parse_rows
from graph.readwrite.importer import DEFAULT_BATCH, LoadReport, existing_ids, load_dataset, load_dataset_at_once
from graph.store.driver import Store, run
from graph.store.queries import query
from graph.text import slugify

ORG_KEYS = query("imports/org_keys")
PROJECT_KEYS = query("imports/project_keys")
SAVE_MAPPING = query("imports/save_mapping")
LIST_MAPPINGS = query("imports/list_mappings")

Rows = list[tuple[int, dict[str, Any]]]


def known(store: Store) -> Known:
    """The graph's organisations by name and projects by title (as slugs: punctuation aside),
    and its organisations' kinds by id."""
    keys = store.read(ORG_KEYS)
    orgs = {slugify(r["name"]): r["id"] for r in keys if r["name"]}
    projects = {slugify(r["title"]): r["id"] for r in store.read(PROJECT_KEYS) if r["title"]}
    kinds = {r["id"]: r["kind"] for r in keys if r["kind"]}
    return Known(org_by_name=orgs, project_by_title=projects, kind_by_id=kinds)


def check(store: Store, sources: Iterable[tuple[str, str, Rows]], errors: list[Any] | None = None) -> Dataset:
    """Validate raw rows against the graph; regions they need but the graph lacks are added.

    Raises :class:`~graph.readwrite.dataset.DatasetError` listing every bad row.
    """
    sources = list(sources)
    ids = existing_ids(store)
    _keep_finer_regions(store, sources)
    codes = {
        row["region"]
        for _, table, rows in sources
        if table == "organisations"
        for _, row in rows
        if isinstance(row.get("region"), str) and REGION_RE.match(row["region"])
    }
    added = [r.model_dump(mode="json") for r in missing_regions(codes, ids.get("regions", set()))]
    if added:
        sources.insert(0, ("ISO 3166", "regions", list(enumerate(added, start=1))))
    dataset = parse_rows(sources, ids, errors)
    dataset.partial = True
    return dataset


def _keep_finer_regions(store: Store, sources: list[tuple[str, str, Rows]]) -> None:
    """An import that knows only the country (CORDIS) leaves an organisation's county as it is."""
    regions = {r["id"]: r["region"] for r in store.read(ORG_KEYS) if r["region"]}
    for _, table, rows in sources:
        if table != "organisations":
            continue
        for _, row in rows:
            held = regions.get(row.get("id", ""))
            if held and isinstance(row.get("region"), str) and held.startswith(row["region"] + "-"):
                row["region"] = held


def write(
    store: Store,
    dataset: Dataset,
    actor: str,
    source: str,
    at_once: bool = True,
    progress: Callable[[str, int], None] | None = None,
    batch_size: int = DEFAULT_BATCH,
) -> LoadReport:
    """Load a checked dataset as ``actor``, its ``dataset.import`` audit event naming ``source``.

    ``at_once`` writes everything in one transaction with its event (browser uploads);
    otherwise batches are committed as they go (large files from the command line), each
    with its event (:mod:`graph.readwrite.importer`).
    """
    dataset.files = [source]
    if at_once:
        return load_dataset_at_once(store, dataset, actor, batch_size, progress=progress)
    return load_dataset(store, dataset, batch_size, progress, actor=actor)


def save_mapping(store: Store, actor: str, name: str, mapping: Mapping) -> None:
    """Keep ``mapping`` under ``name`` (replacing one of that name), audited."""
    spec = mapping.model_dump_json()

    def work(tx: ManagedTransaction) -> None:
        run(tx, SAVE_MAPPING, name=name, target=mapping.target.value, spec=spec, actor=actor)
        audit.record(
            tx, actor, "import_mapping.save", "ImportMapping", name[:300], {"spec": {"before": None, "after": spec}}
        )

    store.write_tx(work)


def saved_mappings(store: Store) -> dict[str, Mapping]:
    """The saved mappings by name."""
    return {r["name"]: Mapping.model_validate(json.loads(r["spec"])) for r in store.read(LIST_MAPPINGS)}
