"""Listing introductions on the demo network: by organisation (from its index entry),
by stage, one by id, all agreeing with the full list."""

from __future__ import annotations

import pytest

from graph.errors import NotFound
from graph.members.introductions import get_introduction, list_introductions
from graph.models import IntroductionStatus as Status
from graph.store.driver import Store


def test_an_organisations_introductions_are_those_naming_it_newest_first(demo_graph: Store) -> None:
    everything = list_introductions(demo_graph)
    assert len(everything) == 6
    assert [(i.at, i.id) for i in everything] == sorted(
        ((i.at, i.id) for i in everything), key=lambda k: (-k[0].toordinal(), k[1])
    )
    named = {ref for i in everything for ref in (i.source.id, i.target.id)}
    for org in named | {"anbpr"}:
        expected = [i for i in everything if org in (i.source.id, i.target.id)]
        assert list_introductions(demo_graph, org=org) == expected, org
    assert [i.id for i in list_introductions(demo_graph, org="agenda-21")] == ["intro-dgaspc-constanta-agenda21"]


def test_stages_skip_and_limit_apply_to_an_organisations_list(demo_graph: Store) -> None:
    everything = list_introductions(demo_graph)
    org = max({i.source.id for i in everything}, key=lambda o: sum(o in (i.source.id, i.target.id) for i in everything))
    mine = list_introductions(demo_graph, org=org)
    assert list_introductions(demo_graph, org=org, skip=1, limit=1) == mine[1:2]
    for stage in Status:
        assert list_introductions(demo_graph, (stage,), org=org) == [i for i in mine if i.status is stage]
        assert list_introductions(demo_graph, (stage,)) == [i for i in everything if i.status is stage]


def test_one_introduction_by_id(demo_graph: Store) -> None:
    for intro in list_introductions(demo_graph):
        assert get_introduction(demo_graph, intro.id) == intro
    with pytest.raises(NotFound, match="no introduction with id 'nope'"):
        get_introduction(demo_graph, "nope")
