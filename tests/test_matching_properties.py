"""The Cypher score agrees with the plain-Python reference on random small graphs.

Each example builds a random network, writes it through the real loader into the real
embedded server, and compares every seeker's top k (ids, scores, terms, competences,
introducers) with :mod:`tests.support.match_reference`. Filters, weights and the pruning index
are drawn at random too.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import models as m
from graph.matching.index import FOLLOWER, Csr, MatchIndex, _relink
from graph.matching.match import match
from graph.matching.model import FamiliarityMode, MatchFilters, Weights
from graph.members.editing import remove_link, set_need, set_offer, update_org
from graph.readwrite.dataset import Dataset
from graph.readwrite.importer import load_dataset, load_path
from graph.store import follow
from graph.store.changes import Topic, record
from graph.store.driver import Store
from tests.support import match_reference as ref
from tests.support.graph import DEMO, clear

REGIONS = [
    ("RO", None, ["balkan"]),
    ("RO-TM", "RO", []),
    ("RO-CJ", "RO", []),
    ("BG", None, ["balkan"]),
    ("BG-01", "BG", []),
    ("TR", None, []),
]
PLACES = ["RO", "RO-TM", "RO-CJ", "BG", "BG-01", "TR"]
COMPETENCES = [("c0", None), ("c1", "c0"), ("c2", "c0"), ("c3", None), ("c4", "c3")]
KINDS = ["library", "ngo", "authority"]


@st.composite
def networks(draw: st.DrawFn, most: int = 7) -> Dataset:
    n = draw(st.integers(2, most))
    ids = [f"o{i}" for i in range(n)]
    data = Dataset()
    data.tables["regions"] = [m.Region(id=r, name=r, parent=p, tags=t) for r, p, t in REGIONS]
    data.tables["competences"] = [m.Competence(id=c, name=c.upper(), broader=b) for c, b in COMPETENCES]
    data.tables["organisations"] = [
        m.Organisation(id=o, name=f"Org {o}", kind=draw(st.sampled_from(KINDS)), region=draw(st.sampled_from(PLACES)))
        for o in ids
    ]
    comps = [c for c, _ in COMPETENCES]
    for o in ids:
        for c in draw(st.lists(st.sampled_from(comps), max_size=3, unique=True)):
            data.tables["offers"].append(m.Offer(org=o, competence=c, level=draw(st.integers(1, 5))))
        for c in draw(st.lists(st.sampled_from(comps), max_size=2, unique=True)):
            data.tables["needs"].append(m.Need(org=o, competence=c, priority=draw(st.integers(1, 5))))
    for p in range(draw(st.integers(0, 3))):
        data.tables["projects"].append(m.Project(id=f"p{p}", title=f"P{p}"))
        for o in draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4, unique=True)):
            data.tables["participations"].append(m.Participation(org=o, project=f"p{p}"))
    pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda t: t[0] != t[1])
    for a, b in draw(st.lists(pairs, max_size=3, unique=True)):
        data.tables["memberships"].append(m.Membership(org=a, network=b))
    for i, (a, b) in enumerate(draw(st.lists(pairs, max_size=2))):
        data.tables["introductions"].append(m.Introduction(id=f"i{i}", source=a, target=b))
    return data


weights = st.builds(
    Weights,
    need=st.sampled_from([0.5, 1.0, 2.0]),
    reciprocity=st.sampled_from([0.0, 0.5, 1.3]),
    narrower_discount=st.sampled_from([0.0, 0.5, 0.7]),
    cross_sector=st.sampled_from([0.0, 3.0]),
    same_region=st.sampled_from([0.0, 2.0]),
    same_country=st.sampled_from([1.0, 0.25]),
    cross_border=st.sampled_from([0.0, 2.5]),
    familiarity=st.sampled_from([0.0, 2.0]),
    familiarity_mode=st.sampled_from(list(FamiliarityMode)),
    familiarity_cap=st.integers(0, 3),
    reachability=st.sampled_from([0.0, 2.0]),
)
filters = st.builds(
    MatchFilters,
    kinds=st.lists(st.sampled_from(KINDS), max_size=2, unique=True),
    countries=st.lists(st.sampled_from(["RO", "BG", "TR"]), max_size=2, unique=True),
    regions=st.lists(st.sampled_from(PLACES), max_size=2, unique=True),
    cross_border=st.booleans(),
    balkan=st.booleans(),
    min_score=st.one_of(st.none(), st.sampled_from([0.0, 5.0, 20.0])),
    exclude_partners=st.booleans(),
    top=st.integers(1, 6),
)


def _load(store: Store, data: Dataset) -> ref.Graph:
    clear(store)
    load_dataset(store, data)
    return ref.build(data)


def _same(got: Any, want: dict[str, Any]) -> None:
    assert got.id == want["id"]
    assert abs(got.score - want["score"]) < 1e-9
    for term, value in want["terms"].items():
        assert abs(got.terms[term] - value) < 1e-9, term
    for mine, theirs in ((got.via.need_coverage, want["need_coverage"]), (got.via.reciprocity, want["reciprocity"])):
        assert [(i.competence, i.priority, i.level, i.through) for i in mine] == [
            (i["competence"], i["priority"], i["level"], i["through"]) for i in theirs
        ]
    assert got.via.geography == want["geography"]
    assert [(i.id, [(s.via, s.ref) for s in i.path]) for i in got.introducers] == [
        (i["id"], i["path"]) for i in want["introducers"]
    ]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=networks(), f=filters, w=weights, pruned=st.booleans())
def test_cypher_agrees_with_reference(store: Store, data: Dataset, f: MatchFilters, w: Weights, pruned: bool) -> None:
    g = _load(store, data)
    index = MatchIndex.build(store) if pruned else None
    for a in g.orgs:
        got = match(store, a, f, w, index=index).results
        want = ref.match(g, a, f, w)
        assert [r.id for r in got] == [r["id"] for r in want]
        for mine, theirs in zip(got, want, strict=True):
            _same(mine, theirs)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=networks(most=90), f=filters, w=weights, seekers=st.lists(st.integers(0, 89), min_size=1, max_size=6))
def test_the_index_skips_only_candidates_that_cannot_place(
    store: Store, data: Dataset, f: MatchFilters, w: Weights, seekers: list[int]
) -> None:
    """On networks large enough for the index's cut-offs (a sample of every 16th row,
    then the contenders), the top k is still exactly the reference's."""
    g = _load(store, data)
    index = MatchIndex.build(store)
    ids = sorted(g.orgs)
    for a in {ids[k % len(ids)] for k in seekers}:
        got = match(store, a, f, w, index=index).results
        want = ref.match(g, a, f, w)
        assert [r.id for r in got] == [r["id"] for r in want]
        for mine, theirs in zip(got, want, strict=True):
            _same(mine, theirs)


@pytest.mark.parametrize("f", [MatchFilters(top=1), MatchFilters(top=2, min_score=6.5)])
def test_a_candidate_placed_by_its_other_terms_is_not_cut(store: Store, f: MatchFilters) -> None:
    """Forty-seven libraries offer what the seeker needs at level 5 and score 5 + 1 (same
    country); an NGO in its region offers it at level 2 and scores 2 + 3 + 2. The index
    cuts rows by their complementarity (first from every 16th row): the NGO's is the
    lowest, and it must still come first."""
    data = Dataset()
    data.tables["regions"] = [m.Region(id=r, name=r, parent=p, tags=t) for r, p, t in REGIONS]
    data.tables["competences"] = [m.Competence(id="c0", name="C0")]
    data.tables["organisations"] = [m.Organisation(id="s", name="Seeker", kind="library", region="RO-TM")]
    data.tables["organisations"] += [m.Organisation(id="x", name="NGO", kind="ngo", region="RO-TM")]
    data.tables["organisations"] += [
        m.Organisation(id=f"o{i:02}", name=f"Library {i}", kind="library", region="RO-CJ") for i in range(47)
    ]
    data.tables["needs"] = [m.Need(org="s", competence="c0", priority=1)]
    data.tables["offers"] = [m.Offer(org="x", competence="c0", level=2)]
    data.tables["offers"] += [m.Offer(org=f"o{i:02}", competence="c0", level=5) for i in range(47)]
    g = _load(store, data)
    got = match(store, "s", f, Weights(), index=MatchIndex.build(store)).results
    assert [r.id for r in got] == [r["id"] for r in ref.match(g, "s", f, Weights())]
    assert got[0].id == "x" and got[0].score == 7.0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=networks(), f=filters, w=weights)
def test_terms_add_up_and_filters_hold(store: Store, data: Dataset, f: MatchFilters, w: Weights) -> None:
    g = _load(store, data)
    for a in g.orgs:
        results = match(store, a, f, w).results
        assert len(results) <= f.top
        keys = [(-r.score, r.id) for r in results]
        assert keys == sorted(keys)
        seeker = g.orgs[a]
        for r in results:
            total = 0.0
            for term in ("need_coverage", "reciprocity", "cross_sector", "geography", "familiarity", "reachability"):
                total += r.terms[term]
            assert total == r.score
            b = g.orgs[r.id]
            assert r.id != a
            assert not f.kinds or b.kind in f.kinds
            assert not f.countries or b.country in f.countries
            assert not f.regions or b.region in f.regions or b.country in f.regions
            assert not f.cross_border or b.country != seeker.country
            assert not f.balkan or b.country in g.balkan
            assert not f.exclude_partners or not ref.score_pair(g, a, r.id, w)["partner"]
            assert f.min_score is None or r.score >= f.min_score


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=networks())
def test_symmetry(store: Store, data: Dataset) -> None:
    """With need and reciprocity weighted alike, score(A, B) = score(B, A)."""
    g = _load(store, data)
    w = Weights(need=1.0, reciprocity=1.0)
    everyone = MatchFilters(top=500)
    scores = {(a, r.id): r for a in g.orgs for r in match(store, a, everyone, w).results}
    for (a, b), r in scores.items():
        back = scores[(b, a)]
        assert abs(r.score - back.score) < 1e-9
        assert r.terms["need_coverage"] == back.terms["reciprocity"]
        assert r.via.joint_projects == back.via.joint_projects
        assert r.via.common_partners == back.via.common_partners


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    """Writes of every kind the index follows in place: offers and needs set and
    removed, organisations moved or of another kind, project participations,
    memberships, introductions, new organisations."""
    orgs = [f"o{i}" for i in range(7)] + ["n0", "n1"]  # n*: organisations created by an edit
    comps = [c for c, _ in COMPETENCES]
    one = st.one_of(
        st.tuples(st.just("offer"), st.sampled_from(orgs), st.sampled_from(comps), st.integers(1, 5)),
        st.tuples(st.just("need"), st.sampled_from(orgs), st.sampled_from(comps), st.integers(1, 5)),
        st.tuples(st.just("remove"), st.sampled_from(["offer", "need"]), st.sampled_from(orgs), st.sampled_from(comps)),
        st.tuples(st.just("join"), st.sampled_from(orgs), st.sampled_from(["p0", "p1", "p9"])),
        st.tuples(st.just("member"), st.sampled_from(orgs), st.sampled_from(orgs)),
        st.tuples(st.just("introduce"), st.sampled_from(orgs), st.sampled_from(orgs)),
        st.tuples(st.just("new"), st.sampled_from(["n0", "n1"]), st.sampled_from(PLACES), st.sampled_from(KINDS)),
        st.tuples(st.just("move"), st.sampled_from(orgs), st.sampled_from(PLACES), st.sampled_from(KINDS)),
    )
    return draw(st.lists(one, min_size=1, max_size=6))


def _apply(store: Store, edit: tuple[Any, ...], known: set[str]) -> None:
    """Make ``edit`` through the editing functions or a small load (as ``partnernet load``)."""
    what, *args = edit
    if what != "new" and any(a not in known for a in args[:2] if isinstance(a, str) and a[:1] in "on"):
        return  # about an organisation that does not exist (yet)
    data = Dataset()
    if what == "offer":
        set_offer(store, "test", m.Offer(org=args[0], competence=args[1], level=args[2]))
    elif what == "need":
        set_need(store, "test", m.Need(org=args[0], competence=args[1], priority=args[2]))
    elif what == "remove":
        remove_link(store, "test", *args)
    elif what == "move":
        update_org(store, "test", args[0], {"region": args[1], "kind": args[2]})
    elif what == "join":
        data.tables["projects"].append(m.Project(id=args[1], title=args[1]))
        data.tables["participations"].append(m.Participation(org=args[0], project=args[1]))
    elif what == "member" and args[0] != args[1]:
        data.tables["memberships"].append(m.Membership(org=args[0], network=args[1]))
    elif what == "introduce" and args[0] != args[1]:
        data.tables["introductions"].append(m.Introduction(id=f"x-{args[0]}-{args[1]}", source=args[0], target=args[1]))
    elif what == "new":
        known.add(args[0])
        data.tables["organisations"].append(m.Organisation(id=args[0], name=args[0], kind=args[2], region=args[1]))
        data.tables["offers"].append(m.Offer(org=args[0], competence="c1", level=3))
    load_dataset(store, data)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=networks(), changes=edits(), w=weights)
def test_index_updated_in_place_equals_a_fresh_build(
    store: Store, data: Dataset, changes: list[tuple[Any, ...]], w: Weights
) -> None:
    g = _load(store, data)
    before = MatchIndex.current(store)
    known = set(g.orgs)
    for edit in changes:
        _apply(store, edit, known)
        current = MatchIndex.current(store)
        assert current is before  # updated in place, not rebuilt
        fresh = MatchIndex.build(store)
        everyone = MatchFilters(top=500)
        for a in sorted(known):
            assert match(store, a, everyone, w, index=current) == match(store, a, everyone, w, index=fresh), (edit, a)


def test_a_bulk_load_rebuilds_in_the_background_while_the_index_serves(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    clear(store)
    load_path(store, DEMO)
    before = MatchIndex.current(store)
    monkeypatch.setattr(follow, "SYNC_BUILD_SIZE", 0)  # as if it were large
    store.write_tx(record, Topic.BULK)
    served = MatchIndex.current(store)
    assert served is before and served.refreshing
    seeker = before.ids[0]
    assert match(store, seeker, index=served).refreshing
    deadline = time.monotonic() + 30
    while MatchIndex.current(store) is before and time.monotonic() < deadline:
        time.sleep(0.05)
    after = MatchIndex.current(store)
    assert after is not before and not after.refreshing
    assert not match(store, seeker, index=after).refreshing


def test_relinking_a_bipartite_row_keeps_its_transpose_when_indices_coincide() -> None:
    """Organisation 0 joins project 0, which organisation 1 is in: the project's row must
    list both (the index once compared a project's number with an organisation's and
    skipped it, so o1 never saw its joint project with o0; hypothesis found it)."""
    org_proj = Csr(np.array([1]), np.array([0]), 2)
    proj_org = Csr(np.array([0]), np.array([1]), 1)
    _relink(org_proj, proj_org, 0, np.array([0], dtype=np.int64))
    assert sorted(proj_org.row(0).tolist()) == [0, 1] and org_proj.row(0).tolist() == [0]


def test_an_index_built_after_a_load_is_not_rebuilt_for_it(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The load's change records are still inside the log's lag window when a new index is
    built; they committed before its reads, so its first poll keeps it (it was built twice)."""
    clear(store)
    load_path(store, DEMO)  # records BULK changes
    builds: list[MatchIndex] = []
    monkeypatch.setattr(FOLLOWER, "build", lambda s: builds.append(MatchIndex.build(s)) or builds[-1])
    fresh = Store(store.driver, store.database)  # a new worker: an index of its own
    built = MatchIndex.current(fresh)
    monkeypatch.setattr(follow, "POLL_SECONDS", 0.0)  # each use polls the log
    assert MatchIndex.current(fresh) is built
    assert builds == [built]
    store.write_tx(record, Topic.BULK)  # a load after the build still rebuilds it
    assert MatchIndex.current(fresh) is not built
    assert len(builds) == 2
