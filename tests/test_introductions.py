"""Listing introductions on the demo network: by organisation (from its index entry),
by stage, one by id, all agreeing with the full list."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask.testing import FlaskClient

from graph.config import Settings
from graph.errors import NotFound
from graph.members.accounts import AccessRole, get_account
from graph.members.editing import EditError
from graph.members.introductions import get_introduction, list_introductions, propose
from graph.models import IntroductionStatus as Status
from graph.store.driver import Store
from tests.support.accounts import USERS, demo_web, sign_in


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
        assert get_introduction(demo_graph, intro.id).model_copy(update={"history": None}) == intro
    with pytest.raises(NotFound, match="no introduction with id 'nope'"):
        get_introduction(demo_graph, "nope")


# -- the history of stages (issue 12, finding 3) ------------------------------------------


@pytest.fixture()
def web(settings: Settings, store: Store) -> FlaskClient:
    return demo_web(settings, store)


def test_each_stage_appends_a_dated_entry_and_the_original_note_is_kept(web: FlaskClient) -> None:
    sign_in(web, AccessRole.BROKER)
    created = web.post("/introductions/new", data={"source": "agenda-21", "target": "blia", "note": "Why: advocacy"})
    intro_id = created.headers["Location"].rsplit("/", 1)[1]
    for stage, note in (("contacted", "Called Ana"), ("accepted", ""), ("partnership", "Signed in May")):
        assert web.post(f"/introductions/{intro_id}/status", data={"status": stage, "note": note}).status_code == 302

    shown = web.get(f"/api/introductions/{intro_id}").get_json()
    assert shown["status"] == "partnership" and shown["note"] == "Why: advocacy"  # never replaced
    history = shown["history"]
    assert [(h["status"], h["note"]) for h in history] == [
        ("proposed", "Why: advocacy"),
        ("contacted", "Called Ana"),
        ("accepted", None),
        ("partnership", "Signed in May"),
    ]
    assert {h["by"]["name"] for h in history} == {"Bogdan Broker"}
    moments = [datetime.fromisoformat(h["at"]) for h in history]
    assert moments == sorted(moments)

    page = web.get(f"/introductions/{intro_id}").get_data(as_text=True)
    entries = page[page.index('id="history"') :]
    for text in ("Why: advocacy", "Called Ana", "Signed in May", "Bogdan Broker"):
        assert text in entries


def test_an_introduction_recorded_without_history_shows_its_state_as_one_entry_and_keeps_it(
    web: FlaskClient,
) -> None:
    sign_in(web, AccessRole.BROKER)
    intro = "intro-dgaspc-constanta-agenda21"  # from the demo data: no history recorded
    before = web.get(f"/api/introductions/{intro}").get_json()
    assert [(h["status"], h["note"], h["at"]) for h in before["history"]] == [
        ("contacted", before["note"], before["at"])
    ]
    assert before["history"][0]["by"]["id"] == "irina-vladescu"
    assert web.post(f"/introductions/{intro}/status", data={"status": "accepted", "note": "Yes"}).status_code == 302
    after = web.get(f"/api/introductions/{intro}").get_json()
    assert after["history"][0] == before["history"][0]  # the old state is kept as the first entry
    assert [(h["status"], h["note"]) for h in after["history"]] == [("contacted", before["note"]), ("accepted", "Yes")]
    assert after["note"] == before["note"]


@pytest.mark.parametrize(
    ("source", "target", "broker", "field"),
    [
        ("blia", "no-such-org", None, "target"),
        ("no-such-org", "blia", None, "source"),
        ("blia", "anbpr", "nobody", "broker"),
    ],
)
def test_a_proposal_naming_what_does_not_exist_says_which_and_writes_nothing(
    demo_accounts: Store, source: str, target: str, broker: str | None, field: str
) -> None:
    person = broker or get_account(demo_accounts, USERS[AccessRole.BROKER][0]).person
    before = len(list_introductions(demo_accounts))
    with pytest.raises(EditError) as caught:
        propose(demo_accounts, "test", person, {"source": source, "target": target})
    assert list(caught.value.errors) == [field]
    assert len(list_introductions(demo_accounts)) == before


def test_a_new_introduction_shows_at_once_on_profiles_of_organisations_that_had_none(web: FlaskClient) -> None:
    """Profiles ask the graph for introductions only of organisations the matching index
    knows some introduction names; a proposal is in that index at once."""
    sign_in(web, AccessRole.BROKER)
    for org in ("anbpr", "bj-cluj"):
        assert "/introductions/intro-" not in web.get(f"/orgs/{org}").get_data(as_text=True)
    created = web.post("/introductions/new", data={"source": "anbpr", "target": "bj-cluj"})
    intro_id = created.headers["Location"].rsplit("/", 1)[1]
    for org in ("anbpr", "bj-cluj"):
        assert f'href="/introductions/{intro_id}"' in web.get(f"/orgs/{org}").get_data(as_text=True), org
