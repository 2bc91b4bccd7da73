"""An edit shows in the very next match: in the same process (put in place from its own
facts, without reading the graph), in another worker of ``partnernet serve``, and after a
``partnernet load`` by another process; and an edit invalidates only the cached views that
show what it changed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import ManagedTransaction

from app import create_app
from graph.config import Settings
from graph.explore.counts import stats
from graph.explore.regions import list_countries
from graph.explore.search import SearchFilters, search_orgs
from graph.matching.index import FOLLOWER, MatchIndex
from graph.matching.match import match
from graph.matching.model import MatchFilters, MatchReport
from graph.members.accounts import GET_CREDENTIALS, AccessRole, get_account, session_account
from graph.members.editing import get_org, remove_link, set_offer, update_org
from graph.members.introductions import propose
from graph.metrics.compute import MetricOptions, network_metrics
from graph.metrics.subgraph import SubgraphFilter
from graph.models import Offer
from graph.store import follow
from graph.store.changes import ALL, Topic, record
from graph.store.driver import Store
from tests.support.accounts import USERS, sign_in
from tests.support.graph import ROOT
from tests.test_serve import serving

EVERYONE = MatchFilters(top=500)
OPTIONS = MetricOptions()  # the metrics table's defaults
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _edit_target(store: Store) -> tuple[str, str, str]:
    """(seeker, competence, candidate): the seeker needs the competence, and the
    candidate is among its matches without offering it directly."""
    index = MatchIndex.current(store)
    for seeker in index.ids:
        report = match(store, seeker, EVERYONE, index=index)
        for c in sorted(index.comps[j] for j in index.need[index.pos[seeker]].nonzero()[0]):
            for r in report.results:
                if index.direct[index.pos[r.id], index.comp[c]] == 0:
                    return seeker, c, r.id
    raise AssertionError("the demo network has no such triple")


def _level(report: MatchReport | dict, candidate: str, competence: str) -> int | None:
    """The level ``candidate`` directly offers ``competence`` in a match of its seeker."""
    data = report.model_dump(mode="json") if isinstance(report, MatchReport) else report
    for r in data["results"]:
        if r["id"] == candidate:
            for item in r["via"]["need_coverage"]:
                if item["competence"] == competence and item["through"] is None:
                    return int(item["level"])
    return None


@pytest.fixture()
def target(demo_accounts: Store) -> Iterator[tuple[str, str, str]]:
    """An edit target on the demo network; the offer the test makes is removed after."""
    seeker, competence, candidate = _edit_target(demo_accounts)
    yield seeker, competence, candidate
    remove_link(demo_accounts, "test", "offer", candidate, competence)


def test_an_edit_shows_in_the_next_match_of_the_same_process(
    demo_accounts: Store, target: tuple[str, str, str]
) -> None:
    seeker, competence, candidate = target
    index = MatchIndex.current(demo_accounts)
    assert _level(match(demo_accounts, seeker, EVERYONE, index=index), candidate, competence) is None
    set_offer(demo_accounts, "test", Offer(org=candidate, competence=competence, level=5))
    assert MatchIndex.current(demo_accounts) is index  # updated in place, not rebuilt
    assert _level(match(demo_accounts, seeker, EVERYONE, index=index), candidate, competence) == 5


def _now(store: Store, seeker: str, candidate: str, competence: str) -> int | None:
    """The level in the next match of ``seeker``, from the index as it is now."""
    return _level(match(store, seeker, EVERYONE, index=MatchIndex.current(store)), candidate, competence)


def test_an_edit_in_the_same_process_is_put_in_place_without_reading_the_graph(
    demo_accounts: Store, target: tuple[str, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(follow, "POLL_SECONDS", 3600.0)  # no poll for the clock's sake
    seeker, competence, candidate = target
    index = MatchIndex.current(demo_accounts)
    reads = FOLLOWER.reads(demo_accounts)
    set_offer(demo_accounts, "test", Offer(org=candidate, competence=competence, level=4))
    assert _now(demo_accounts, seeker, candidate, competence) == 4
    remove_link(demo_accounts, "test", "offer", candidate, competence)
    assert _now(demo_accounts, seeker, candidate, competence) is None
    before = index.seeker(candidate)
    other = "network" if before.kind != "network" else "ngo"
    update_org(demo_accounts, "test", candidate, {"kind": other, "region": "BG-03"})
    moved = MatchIndex.current(demo_accounts).seeker(candidate)
    assert (moved.kind, moved.country, moved.region) == (other, "BG", "BG-03")
    assert moved == MatchIndex.build(demo_accounts).seeker(candidate)
    assert FOLLOWER.reads(demo_accounts) == reads and MatchIndex.current(demo_accounts) is index
    update_org(demo_accounts, "test", candidate, {"kind": before.kind, "region": before.region})
    assert MatchIndex.current(demo_accounts).seeker(candidate) == before


def _introduced(index: MatchIndex, org_id: str) -> list[str]:
    """The organisations ``index`` holds as introduced to ``org_id``, once per introduction."""
    return sorted(index.ids[x] for x in index.intros.row(index.pos[org_id]))


def test_an_introduction_in_the_same_process_is_put_in_place_without_reading_the_graph(
    demo_accounts: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proposal's write returns both organisations' whole lists of introduced partners,
    so the index sets them (twice would change nothing) instead of re-reading both."""
    monkeypatch.setattr(follow, "POLL_SECONDS", 3600.0)
    index = MatchIndex.current(demo_accounts)
    source, target = index.ids[0], index.ids[-1]
    before = {org: _introduced(index, org) for org in (source, target)}
    reads = FOLLOWER.reads(demo_accounts)
    broker = get_account(demo_accounts, USERS[AccessRole.BROKER][0]).person
    for _ in range(2):  # the second between the same two adds to the count again
        propose(demo_accounts, "test", broker, {"source": source, "target": target})
    assert MatchIndex.current(demo_accounts) is index and FOLLOWER.reads(demo_accounts) == reads
    assert _introduced(index, source) == sorted(before[source] + [target, target])
    assert _introduced(index, target) == sorted(before[target] + [source, source])
    fresh = MatchIndex.build(demo_accounts)
    assert all(_introduced(index, org) == _introduced(fresh, org) for org in (source, target))


def test_an_edit_by_another_worker_between_own_edits_is_read_back(
    demo_accounts: Store, settings: Settings, target: tuple[str, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(follow, "POLL_SECONDS", 3600.0)
    seeker, competence, candidate = target
    MatchIndex.current(demo_accounts)
    reads = FOLLOWER.reads(demo_accounts)
    city = get_org(demo_accounts, seeker).city
    with Store.open(settings, ensure_schema=False) as worker:  # another worker: same data directory
        set_offer(worker, "test", Offer(org=candidate, competence=competence, level=2))
    update_org(demo_accounts, "test", seeker, {"city": "Elsewhere"})  # then one of ours
    try:
        assert _now(demo_accounts, seeker, candidate, competence) == 2
        assert FOLLOWER.reads(demo_accounts) > reads
    finally:
        update_org(demo_accounts, "test", seeker, {"city": city})


def test_writes_in_flight_at_once_are_read_back_not_applied(
    demo_accounts: Store, target: tuple[str, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two writes of one process at once may reach the journal in the other order than they
    committed: neither is applied from its facts, both are read back from the graph."""
    monkeypatch.setattr(follow, "POLL_SECONDS", 3600.0)
    seeker, competence, candidate = target
    MatchIndex.current(demo_accounts)
    reads = FOLLOWER.reads(demo_accounts)
    end = demo_accounts.journal.mark((), lambda: 0).end

    def outer(tx: ManagedTransaction) -> None:
        set_offer(demo_accounts, "test", Offer(org=candidate, competence=competence, level=3))  # meanwhile
        record(tx, Topic.LINKS, [seeker])

    demo_accounts.write_tx(outer)
    assert demo_accounts.journal.mark((), lambda: 0).end == end  # neither journaled
    assert _now(demo_accounts, seeker, candidate, competence) == 3
    assert FOLLOWER.reads(demo_accounts) > reads


def test_a_load_by_another_process_shows_in_the_next_match(
    demo_accounts: Store, settings: Settings, target: tuple[str, str, str], tmp_path: Path
) -> None:
    seeker, competence, candidate = target
    index = MatchIndex.current(demo_accounts)
    offers = tmp_path / "offers.csv"
    offers.write_text(f"org,competence,level\n{candidate},{competence},4\n")
    loaded = subprocess.run(
        [str(Path(sys.executable).parent / "partnernet"), "load", str(offers)],
        env={**os.environ, "PARTNERNET_DATA": str(settings.data_dir)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert MatchIndex.current(demo_accounts) is index
    assert _level(match(demo_accounts, seeker, EVERYONE, index=index), candidate, competence) == 4


def _session_cookie(settings: Settings, store: Store) -> str:
    """A signed-in administrator's session cookie, valid for any app on this data
    directory (they share its secret key)."""
    client = create_app(settings, store=store, config={"TESTING": True}).test_client()
    sign_in(client, AccessRole.ADMIN)
    cookie = client.get_cookie("session")
    assert cookie is not None
    return f"session={cookie.value}"


def _get(url: str, cookie: str) -> tuple[str, str]:
    """(body, the session cookie it sets or the one sent) on a fresh connection."""
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie}), timeout=60) as response:
        sent = [h.split(";", 1)[0] for h in response.headers.get_all("Set-Cookie") or [] if h.startswith("session=")]
        return response.read().decode(), (sent or [cookie])[0]


def test_an_edit_through_one_worker_shows_in_the_next_match_of_the_other(
    demo_accounts: Store, settings: Settings, target: tuple[str, str, str]
) -> None:
    seeker, competence, candidate = target
    cookie = _session_cookie(settings, demo_accounts)
    with serving(settings.data_dir) as (base, _):
        api = f"{base}/api/match/{seeker}?top=500"
        for _ in range(12):  # on fresh connections: both workers build their index
            assert _level(json.loads(_get(api, cookie)[0]), candidate, competence) is None
        page, cookie = _get(f"{base}/orgs/{candidate}/edit", cookie)
        token = CSRF_RE.search(page)
        assert token is not None
        form = {"competence": competence, "level": "5", "evidence": "", "csrf_token": token.group(1)}
        request = urllib.request.Request(
            f"{base}/orgs/{candidate}/offers",
            urllib.parse.urlencode(form).encode(),
            headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # follows the redirect to the edit page
            assert response.status == 200
        levels = [_level(json.loads(_get(api, cookie)[0]), candidate, competence) for _ in range(12)]
    assert levels == [5] * 12


def test_an_edit_invalidates_only_the_views_that_show_it(demo_accounts: Store, target: tuple[str, str, str]) -> None:
    """Each cached view is recomputed after a write only when the write changed what it
    shows: an introduction is a count on the home page; an offer shows in search and in
    metrics selected by competence, not in a region's co-participation metrics, the country
    list, the counts or a signed-in account."""
    _, competence, candidate = target
    store = demo_accounts
    username = USERS[AccessRole.BROKER][0]
    nonce = store.read(GET_CREDENTIALS, username=username)[0]["nonce"]
    search = SearchFilters(offers=competence)
    views: dict[str, tuple[Any, Callable[[], object]]] = {
        "search": (search_orgs, lambda: search_orgs(store, search)),
        "countries": (list_countries, lambda: list_countries(store)),
        "counts": (stats, lambda: stats(store)),
        "account": (session_account, lambda: session_account(store, username, nonce)),
        "region metrics": (network_metrics, lambda: network_metrics(store, SubgraphFilter(regions=["RO"]), OPTIONS)),
        "competence metrics": (
            network_metrics,
            lambda: network_metrics(store, SubgraphFilter(competences=[competence]), OPTIONS),
        ),
    }

    def recomputed() -> set[str]:
        moved = set()
        for name, (view, read) in views.items():
            before = view.cache_for(store).computations
            read()
            if view.cache_for(store).computations != before:
                moved.add(name)
        return moved

    recomputed()
    assert recomputed() == set()
    broker = get_account(store, username).person
    propose(store, "test", broker, {"source": candidate, "target": target[0]})
    assert recomputed() == {"counts"}
    set_offer(store, "test", Offer(org=candidate, competence=competence, level=5))
    assert recomputed() == {"search", "competence metrics"}
    assert candidate in [o.id for o in search_orgs(store, search).items]


def test_an_edit_that_changes_nothing_invalidates_nothing(demo_accounts: Store, target: tuple[str, str, str]) -> None:
    """Saving the values already stored (a form sent twice) writes nothing and leaves every
    cached view and index valid: before, it counted as a write that may change anything."""
    _, competence, candidate = target
    store = demo_accounts
    set_offer(store, "test", Offer(org=candidate, competence=competence, level=4))
    before = store.generation, store.generation_of(ALL)
    assert set_offer(store, "test", Offer(org=candidate, competence=competence, level=4)) == {}
    assert not remove_link(store, "test", "need", candidate, "no-such-competence")
    assert update_org(store, "test", candidate, {"kind": get_org(store, candidate).kind}).changes == {}
    assert (store.generation, store.generation_of(ALL)) == before
