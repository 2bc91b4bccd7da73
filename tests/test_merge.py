"""Duplicates an import brings, and merging them: every tie of both is kept, and audited."""

from __future__ import annotations

import pytest

from graph import models as m
from graph.errors import NotFound
from graph.explore.organisations import get_profile
from graph.imports import checking as imports
from graph.imports.cordis import read_cordis
from graph.imports.merge import MergeError, merge_orgs, probable_duplicates, reject
from graph.members import audit, editing, introductions
from graph.readwrite.importer import load_path
from graph.store.driver import Store
from tests.support.cordis import cordis_zip
from tests.support.graph import DEMO

PIC_BJT, PIC_UVT = "pic-999000001", "pic-999000006"


@pytest.fixture()
def demo_and_cordis(empty_graph: Store) -> Store:
    load_path(empty_graph, DEMO)
    mapped = read_cordis("cordis.zip", cordis_zip())
    imports.write(empty_graph, imports.check(empty_graph, mapped.sources("cordis.zip")), "admin", "cordis.zip")
    return empty_graph


def test_an_import_finds_the_organisations_already_there_under_another_spelling(demo_and_cordis: Store) -> None:
    pics = {f"pic-99900000{n}" for n in range(1, 10)} | {"pic-999000010"}
    found = probable_duplicates(demo_and_cordis, among=pics)
    assert [d.pair for d in found] == ["bj-timis|pic-999000001", "pic-999000006|uvt"]
    reject(demo_and_cordis, "admin", "uvt", PIC_UVT)
    assert [d.pair for d in probable_duplicates(demo_and_cordis, among=pics)] == ["bj-timis|pic-999000001"]
    assert audit.list_events(demo_and_cordis)[0].action == "org.not_duplicate"


def test_a_merge_keeps_every_tie_of_both(demo_and_cordis: Store) -> None:
    store = demo_and_cordis
    editing.set_offer(store, "member", m.Offer(org=PIC_BJT, competence="eu-project-writing", level=5))
    editing.set_need(store, "member", m.Need(org=PIC_BJT, competence="digital-skills-training", priority=2))
    before = get_profile(store, "bj-timis", include_contacts=True)
    dropped = get_profile(store, PIC_BJT)
    intros = {i.id for i in introductions.list_introductions(store, org="bj-timis")}
    events = {e.id for e in audit.list_events(store, limit=1000)}

    merge_orgs(store, "admin", keep="bj-timis", drop=PIC_BJT)

    after = get_profile(store, "bj-timis", include_contacts=True)
    assert {p.id: p.role for p in after.projects} == {p.id: p.role for p in before.projects} | {
        p.id: p.role for p in dropped.projects
    }
    assert {o.id: o.level for o in after.offers} == {o.id: o.level for o in before.offers} | {"eu-project-writing": 5}
    assert {n.id for n in after.needs} == {n.id for n in before.needs} | {"digital-skills-training"}
    assert after.member_of == before.member_of and after.description == before.description
    assert {i.id for i in introductions.list_introductions(store, org="bj-timis")} == intros
    with pytest.raises(NotFound):
        get_profile(store, PIC_BJT)
    now = audit.list_events(store, limit=1000)
    assert events <= {e.id for e in now}  # no event of either is lost
    assert now[0].action == "org.merge" and now[0].target_id == "bj-timis"
    assert now[0].changes["merged"]["before"]["id"] == PIC_BJT


def test_a_merge_that_cannot_be_done_writes_nothing(demo_and_cordis: Store) -> None:
    with pytest.raises(MergeError, match="into itself"):
        merge_orgs(demo_and_cordis, "admin", keep="uvt", drop="uvt")
    with pytest.raises(NotFound):
        merge_orgs(demo_and_cordis, "admin", keep="uvt", drop="no-such-org")
    assert get_profile(demo_and_cordis, "uvt").projects
