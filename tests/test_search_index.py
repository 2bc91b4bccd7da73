"""The search index (graph.explore.finder) answers as a plain scan does on generated
networks, and goes on doing so as edits are made (in place, as a fresh build would);
descriptions are searched without diacritics, comma-below and cedilla alike; an edit shows
in the next search of the same process and of another worker."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import ManagedTransaction

from graph import models as m
from graph.config import Settings
from graph.explore.finder import FOLLOWER, SearchIndex
from graph.explore.search import FACET_TOP, SearchFilters, search_facets, search_orgs
from graph.explore.suggest import LIMIT, PickKind, suggest
from graph.explore.trigrams import Trigrams
from graph.members.editing import get_org, remove_link, set_need, set_offer, update_org
from graph.readwrite.dataset import Dataset
from graph.readwrite.importer import load_dataset
from graph.store import follow
from graph.store.changes import Topic, record
from graph.store.driver import Store
from graph.text import normalise
from tests.support import search_reference as ref
from tests.support.graph import clear

REGIONS = [("RO", None), ("RO-TM", "RO"), ("BG", None), ("BG-01", "BG"), ("GR", None)]
PLACES = [r for r, _ in REGIONS]
KINDS = ["library", "ngo", "authority"]
COMPETENCES = [("c0", "Educație digitală"), ("c1", "Advocacy"), ("c2", "Servicii sociale ţintite"), ("c3", "Βιβλία")]
# Pieces of names and descriptions: Romanian with comma-below and cedilla forms, Greek,
# Hungarian, capitals, spaces.
PIECES = [
    "ti",
    "mi",
    "șoa",
    "şoa",
    "ra",
    "Ju",
    "de",
    "țea",
    "ţea",
    "na",
    "Βέ",
    "ροι",
    "α",
    "Kön",
    "bib",
    "lio",
    "ă",
    "î",
    " ",
]
words = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join)


@st.composite
def networks(draw: st.DrawFn) -> Dataset:
    n = draw(st.integers(1, 8))
    data = Dataset()
    data.tables["regions"] = [m.Region(id=r, name=r, parent=p) for r, p in REGIONS]
    data.tables["competences"] = [m.Competence(id=c, name=name) for c, name in COMPETENCES]
    for i in range(n):
        data.tables["organisations"].append(
            m.Organisation(
                id=f"o{i}",
                name=f"O{i} {draw(words)}",
                kind=draw(st.sampled_from(KINDS)),
                region=draw(st.sampled_from(PLACES)),
                city=draw(st.one_of(st.none(), words.filter(str.strip))),
                description=draw(st.one_of(st.none(), words.filter(str.strip))),
            )
        )
        for c in draw(st.lists(st.sampled_from([c for c, _ in COMPETENCES]), max_size=2, unique=True)):
            table, model = draw(st.sampled_from([("offers", m.Offer), ("needs", m.Need)]))
            value = {"level": 3} if model is m.Offer else {"priority": 3}
            if not any(x.org == f"o{i}" and x.competence == c for x in data.tables[table]):
                data.tables[table].append(model(org=f"o{i}", competence=c, **value))
    data.tables["projects"].append(m.Project(id="p0", title="P0"))
    for o in draw(st.lists(st.integers(0, n - 1), max_size=3, unique=True)):
        data.tables["participations"].append(m.Participation(org=f"o{o}", project="p0"))
    return data


@st.composite
def queries(draw: st.DrawFn, data: Dataset) -> dict[str, Any]:
    """Search filters: a text cut from an organisation's fields (as typed, without
    diacritics, or in capitals) or made of pieces, and some filters."""
    orgs = data.tables["organisations"]
    source = draw(st.sampled_from(orgs))
    field = draw(st.sampled_from([source.name, source.city or "", source.description or ""]))
    start = draw(st.integers(0, max(0, len(field) - 1)))
    cut = field[start : start + draw(st.integers(1, 6))]
    text = draw(st.sampled_from([cut, normalise(cut), cut.upper(), draw(words), draw(words).upper(), "", "t", "ti"]))
    return {
        "q": text,
        "kind": draw(st.one_of(st.none(), st.sampled_from(KINDS))),
        "region": draw(st.one_of(st.none(), st.sampled_from(PLACES + ["TR"]))),
        "offers": draw(st.one_of(st.none(), st.sampled_from(["c0", "c1", "zz"]))),
        "needs": draw(st.one_of(st.none(), st.sampled_from(["c2", "c3"]))),
        "project": draw(st.one_of(st.none(), st.just("p0"))),
    }


def _load(store: Store, data: Dataset) -> None:
    clear(store)
    load_dataset(store, data)


def _check(store: Store, data: Dataset, asked: dict[str, Any]) -> None:
    """The search, its facets and the organisation suggestions agree with the scan."""
    filters = SearchFilters.model_validate({**asked, "per_page": 500})
    plain = filters.model_dump(mode="json")
    want = ref.search(data, plain)
    page = search_orgs(store, filters)
    assert ([o.id for o in page.items], page.total) == (want, len(want)), plain
    kinds, countries, competences = ref.facets(data, want)
    got = search_facets(store, filters)
    assert {f.value: f.count for f in got.kinds} == kinds
    assert {f.value: f.count for f in got.countries} == countries
    top = sorted(competences.items(), key=lambda item: (-item[1], item[0]))[:FACET_TOP]
    assert [(f.value, f.count) for f in got.competences] == top
    if filters.q:
        assert [c.id for c in suggest(store, PickKind.ORG, filters.q)] == ref.suggest(data, filters.q, LIMIT)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_the_index_answers_as_a_scan(store: Store, data: st.DataObject) -> None:
    network = data.draw(networks())
    _load(store, network)
    for _ in range(25):
        _check(store, network, data.draw(queries(network)))


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    """Writes of every kind the index follows: descriptions, cities, kinds and places
    edited; offers and needs set and removed; organisations loaded (new or renamed) and
    deleted."""
    orgs = st.sampled_from([f"o{i}" for i in range(8)])
    comps = st.sampled_from([c for c, _ in COMPETENCES])
    text = st.one_of(st.none(), words.filter(str.strip))
    one = st.one_of(
        st.tuples(st.just("describe"), orgs, text),
        st.tuples(st.just("move"), orgs, text, st.sampled_from(KINDS), st.sampled_from(PLACES)),
        st.tuples(st.just("offer"), orgs, comps),
        st.tuples(st.just("need"), orgs, comps),
        st.tuples(st.just("remove"), st.sampled_from(["offer", "need"]), orgs, comps),
        st.tuples(st.just("load"), st.sampled_from(["o0", "o1", "n0", "n1"]), words.filter(str.strip)),
        st.tuples(st.just("delete"), orgs),
    )
    return draw(st.lists(one, min_size=1, max_size=6))


def _delete(tx: ManagedTransaction, org: str) -> None:
    tx.run("MATCH (o:Organisation {id: $id}) DETACH DELETE o", id=org).consume()
    record(tx, Topic.ORGS, [org])


def _edit(store: Store, edit: tuple[Any, ...], known: set[str]) -> None:
    """Make ``edit`` through the editing functions, a small load or a deletion."""
    what, *args = edit
    if what == "load":
        org = m.Organisation(id=args[0], name=args[1], kind="ngo", region="BG-01", description=args[1])
        loaded = Dataset()
        loaded.tables["organisations"].append(org)
        load_dataset(store, loaded)
        known.add(args[0])
        return
    target = args[1] if what == "remove" else args[0]
    if target not in known:
        return  # about an organisation that does not exist (any more)
    if what == "describe":
        update_org(store, "test", args[0], {"description": args[1]})
    elif what == "move":
        update_org(store, "test", args[0], {"city": args[1], "kind": args[2], "region": args[3]})
    elif what == "offer":
        set_offer(store, "test", m.Offer(org=args[0], competence=args[1], level=2))
    elif what == "need":
        set_need(store, "test", m.Need(org=args[0], competence=args[1], priority=2))
    elif what == "remove":
        remove_link(store, "test", *args)
    else:
        store.write_tx(_delete, args[0])
        known.discard(args[0])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(network=networks(), changes=edits(), asked=st.lists(words, min_size=1, max_size=12))
def test_the_index_updated_in_place_equals_a_fresh_build(
    store: Store, network: Dataset, changes: list[tuple[Any, ...]], asked: list[str]
) -> None:
    _load(store, network)
    before = SearchIndex.current(store)
    known = {o.id for o in network.tables["organisations"]}
    for edit in changes:
        _edit(store, edit, known)
        assert SearchIndex.current(store) is before  # updated in place, not rebuilt
    fresh = SearchIndex.build(store)
    for index in (before, fresh):
        assert sorted(index.ids[i] for i in index.find(None)) == sorted(known)
    for text in [*asked, "", "o", "ti"]:
        key = normalise(text)
        for kind in (None, "ngo"):
            got, want = before.find(key, kind=kind), fresh.find(key, kind=kind)
            assert [before.ids[i] for i in got] == [fresh.ids[i] for i in want], (text, changes)
            assert before.facets(got) == fresh.facets(want)
        assert before.named(key, text, LIMIT) == fresh.named(key, text, LIMIT)


DESCRIBED = {
    "comma": "Biblioteca Județeană Timiș, în Timișoara",
    "cedilla": "Biblioteca Judeţeană Timiş, în Timişoara",
    "plain": "Biblioteca judeteana din Timisoara",
    "other": "Library in Cluj-Napoca",
}


@pytest.fixture()
def described(empty_graph: Store) -> Store:
    """Four organisations whose descriptions say the same with comma-below, cedilla or no
    diacritics, and one that does not."""
    data = Dataset()
    data.tables["regions"] = [m.Region(id="RO", name="România")]
    data.tables["organisations"] = [
        m.Organisation(id=k, name=f"Org {k}", kind="library", region="RO", description=d) for k, d in DESCRIBED.items()
    ]
    data.tables["organisations"].append(
        m.Organisation(id="named", name="Biblioteca Judeţeană Arad", kind="library", region="RO")
    )
    load_dataset(empty_graph, data)
    return empty_graph


def _ids(store: Store, q: str) -> set[str]:
    return {o.id for o in search_orgs(store, SearchFilters(q=q, per_page=100)).items}


@pytest.mark.parametrize(
    "q", ["judeteana", "Județeană", "Judeţeană", "JUDEȚEANĂ", "Timisoara", "timişoara", "timiș, în"]
)
def test_descriptions_are_searched_without_diacritics_cedilla_or_comma(described: Store, q: str) -> None:
    expected = {"comma", "cedilla", "plain"} if "," not in q else {"comma", "cedilla"}
    assert _ids(described, q) - {"named"} == expected
    assert get_org(described, "cedilla").description == DESCRIBED["cedilla"]  # kept as typed


def test_the_search_page_and_suggestions_use_the_index(described: Store, client: FlaskClient) -> None:
    found = client.get("/api/orgs?q=timisoara&per_page=100").get_json()
    assert {o["id"] for o in found["items"]} == {"comma", "cedilla", "plain"}
    html = client.get("/orgs?q=Judeţeană").get_data(as_text=True)
    assert all(f"Org {k}" in html for k in ("comma", "cedilla", "plain")) and "Org other" not in html
    choices = client.get("/api/suggest", query_string={"type": "org", "q": "judeteana"}).get_json()["choices"]
    assert [c["id"] for c in choices] == ["named"]  # names only: "Judeţeană" written with a cedilla


def test_a_description_edit_shows_in_the_next_search_here_and_in_another_worker(
    described: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(follow, "POLL_SECONDS", 3600.0)  # only what the writes say
    with Store.open(settings, ensure_schema=False) as worker:  # another worker: same data directory
        assert _ids(worker, "tinta") == set()
        SearchIndex.current(described)
        reads = FOLLOWER.reads(described)
        update_org(described, "test", "other", {"description": "Noua ţintă: cititorii"})
        assert _ids(described, "tinta") == {"other"}
        assert FOLLOWER.reads(described) == reads  # put in place from the edit's own facts
        assert _ids(worker, "ținta") == {"other"}  # read back from the change log
        update_org(worker, "test", "plain", {"description": None, "city": "Ținta"})
        assert _ids(described, "tinta") == {"other", "plain"}
        assert "plain" not in _ids(described, "judeteana")


def test_texts_too_short_for_any_trigram_make_an_empty_index() -> None:
    """Found by the property test below: names of two letters, nothing of three."""
    grams = Trigrams(["ti", "ab"])
    assert len(grams.keys) == 0 and list(grams.starts) == [0]
    assert len(grams.postings(0)) == 0
