"""The name search index finds exactly what the server's CONTAINS scan finds, and follows
edits of names and cities at once."""

from __future__ import annotations

import pytest

from graph.explore.names import NameIndex
from graph.explore.search import COUNT_ORGS, SEARCH_ORGS, SearchFilters, search_orgs
from graph.members.editing import update_org
from graph.readwrite.importer import load_path
from graph.store.driver import Store
from graph.text import normalise
from tests.support.graph import DEMO

FILTERS = {"kind": None, "region": None, "offers": None, "needs": None, "project": None}


def _scan(store: Store, key: str) -> set[str]:
    rows = store.read(SEARCH_ORGS, text=key, **FILTERS, skip=0, limit=100_000)
    assert len(rows) == store.read(COUNT_ORGS, text=key, **FILTERS)[0]["total"]
    return {r["id"] for r in rows}


@pytest.mark.parametrize("text", ["bib", "Timișoara", "asociația", "lib", "ibr", "sofia", "național", "zzz", "a b"])
def test_the_index_finds_what_the_scan_finds(demo_graph: Store, text: str) -> None:
    key = normalise(text)
    assert set(NameIndex.current(demo_graph).matching(key) or []) == _scan(demo_graph, key)


def test_a_short_text_is_left_to_the_scan(demo_graph: Store) -> None:
    assert NameIndex.current(demo_graph).matching("ti") is None
    assert search_orgs(demo_graph, SearchFilters(q="ti")).total == len(_scan(demo_graph, "ti"))


def test_a_moved_organisation_is_found_in_its_new_city_at_once(empty_graph: Store) -> None:
    load_path(empty_graph, DEMO)
    org = NameIndex.current(empty_graph).ids[0]
    before = NameIndex.current(empty_graph)
    update_org(empty_graph, "test", org, {"city": "Ținutul Nou"})
    assert NameIndex.current(empty_graph) is before
    assert NameIndex.current(empty_graph).matching("tinutul nou") == [org]
    assert [o.id for o in search_orgs(empty_graph, SearchFilters(q="ținutul")).items] == [org]
