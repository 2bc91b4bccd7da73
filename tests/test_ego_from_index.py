"""Ego networks drawn from the matching index equal those read from the graph: every demo
organisation, every kind of tie, one and two hops, a kind filter and a small cap; and
still after edits that the index follows (an introduction, a change of kind)."""

from __future__ import annotations

from typing import Any

import pytest

from graph.explore.network import EgoFilters, LinkKind, Network, ego_network
from graph.matching.ties import index_ties
from graph.members.accounts import get_account
from graph.members.editing import get_org, update_org
from graph.members.introductions import propose
from graph.models import OrgKind
from graph.store.driver import Store
from tests.support.accounts import USERS, AccessRole

FILTERS = [
    EgoFilters(),
    EgoFilters(depth=2),
    EgoFilters(rels=[LinkKind.PARTNER]),
    EgoFilters(rels=[LinkKind.MEMBER, LinkKind.INTRODUCED], depth=2),
    EgoFilters(kinds=[OrgKind.LIBRARY], depth=2),
]


def _shape(net: Network) -> dict[str, Any]:
    """What a drawn network shows: nodes in order, edges as a set, and how it was cut."""
    return {
        "nodes": [(n.id, n.name, n.kind, n.country, n.region, n.depth, n.degree, n.strength) for n in net.nodes],
        "edges": {(e.source, e.target, e.rel, e.weight) for e in net.edges},
        "found": net.found,
        "truncated": net.truncated,
    }


def _both(store: Store, org_id: str, filters: EgoFilters, cap: int) -> tuple[dict[str, Any], dict[str, Any]]:
    ties = index_ties(store)
    assert ties is not None and ties.knows(org_id)
    return _shape(ego_network(store, org_id, filters, cap, ties=ties)), _shape(ego_network(store, org_id, filters, cap))


def _org_ids(store: Store) -> list[str]:
    ties = index_ties(store)
    assert ties is not None
    return [i for i in ties.index.ids if ties.knows(i)]


@pytest.mark.parametrize("filters", FILTERS, ids=["default", "two-hops", "partners", "members-introduced", "libraries"])
def test_every_organisation_gets_the_same_network_from_the_index(demo_graph: Store, filters: EgoFilters) -> None:
    ids = _org_ids(demo_graph)
    assert len(ids) > 50
    tied = 0
    for org_id in ids:
        from_index, from_graph = _both(demo_graph, org_id, filters, cap=300)
        assert from_index == from_graph, org_id
        tied += bool(from_graph["edges"])
    assert tied > 20  # the comparison covers real networks, not only lone organisations


def test_a_small_cap_trims_the_same_way(demo_graph: Store) -> None:
    for org_id in _org_ids(demo_graph):
        from_index, from_graph = _both(demo_graph, org_id, EgoFilters(depth=2), cap=4)
        assert from_index == from_graph, org_id


def test_edits_show_in_networks_from_the_index(demo_accounts: Store) -> None:
    store = demo_accounts
    broker = get_account(store, USERS[AccessRole.BROKER][0]).person
    source, target = "blia", "agenda-21"
    before, _ = _both(store, source, EgoFilters(rels=[LinkKind.INTRODUCED]), cap=300)
    kind = get_org(store, target).kind
    propose(store, "test", broker, {"source": source, "target": target})
    update_org(store, "test", target, {"kind": "library"})
    try:
        from_index, from_graph = _both(store, source, EgoFilters(rels=[LinkKind.INTRODUCED]), cap=300)
    finally:
        update_org(store, "test", target, {"kind": kind})  # the demo graph is shared by later tests
    assert from_index == from_graph
    assert from_index != before
    assert (target, "library") in {(n[0], n[2]) for n in from_index["nodes"]}
