"""Saved consortia: a proposal kept for its call, edited by name, its missing ties turned into introductions."""

from __future__ import annotations

import csv
import io

import pytest
from flask.testing import FlaskClient

from graph.errors import NotFound
from graph.matching.consortium import Call, build
from graph.members import audit
from graph.members.consortia import (
    get_consortium,
    list_consortia,
    org_by_name,
    propose_missing,
    remove_member,
    save,
    set_member,
)
from graph.members.editing import EditError
from graph.models import Role
from graph.store.driver import Store
from tests.support.graph import CALLS

CALL = Call.from_yaml(CALLS / "ro-bg-libraries.yaml")


def _proposal(store: Store) -> list[tuple[str, Role]]:
    best = build(store, CALL).consortia[0]
    return [(m.id, Role.COORDINATOR if i == 0 else Role.PARTNER) for i, m in enumerate(best.members)]


def test_save_shows_ties_and_missing_ones_then_proposes_introductions(demo_accounts: Store) -> None:
    members = _proposal(demo_accounts)
    saved = save(
        demo_accounts, "bogdan", "bogdan-broker", "Danube draft", CALL.title, CALL.model_dump(mode="json"), members
    )
    assert saved.status == "draft" and saved.call.rules["max_size"] == CALL.max_size
    assert {m.id for m in saved.members} == {m for m, _ in members}
    n = len(members)
    assert len(saved.ties) + len(saved.missing) == n * (n - 1) // 2 and saved.missing
    assert saved in [
        c.model_copy(update={"ties": saved.ties, "missing": saved.missing}) for c in list_consortia(demo_accounts)
    ]
    assert [c.id for c in list_consortia(demo_accounts, org=members[0][0])] == [saved.id]
    made = propose_missing(demo_accounts, "bogdan", "bogdan-broker", saved.id)
    assert len(made) == len(saved.missing) and all(i.status.value == "proposed" for i in made)
    after = get_consortium(demo_accounts, saved.id)
    assert not after.missing and all(
        "introduction" in p.ties for p in after.ties if {p.a.id, p.b.id} in [{i.source.id, i.target.id} for i in made]
    )
    actions = [e.action for e in audit.list_events(demo_accounts, target_id=saved.id)]
    assert actions == ["consortium.save"]


def test_members_are_edited_by_name(demo_accounts: Store) -> None:
    added = org_by_name(demo_accounts, "Biblioteca Județeană Satu Mare")
    assert list_consortia(demo_accounts, org=added.id) == []
    saved = save(demo_accounts, "bogdan", None, "Edit me", CALL.title, {}, [("anbpr", Role.COORDINATOR)])
    grown = set_member(demo_accounts, "bogdan", saved.id, "biblioteca judeteana satu mare", Role.PARTNER)
    assert {m.id: m.role for m in grown.members} == {"anbpr": Role.COORDINATOR, added.id: Role.PARTNER}
    assert [c.id for c in list_consortia(demo_accounts, org=added.id)] == [saved.id]  # its list follows at once
    swapped = set_member(demo_accounts, "bogdan", saved.id, added.name, Role.COORDINATOR)
    assert {m.id: m.role for m in swapped.members}[added.id] is Role.COORDINATOR
    assert [m.id for m in remove_member(demo_accounts, "bogdan", saved.id, "anbpr").members] == [added.id]
    assert saved.id not in [c.id for c in list_consortia(demo_accounts, org="anbpr")]
    with pytest.raises(EditError, match="at least one member"):
        remove_member(demo_accounts, "bogdan", saved.id, added.id)
    with pytest.raises(EditError, match="no organisation is called"):
        set_member(demo_accounts, "bogdan", saved.id, "Nobody at all", Role.PARTNER)
    with pytest.raises(NotFound):
        get_consortium(demo_accounts, "consortium-none")
    actions = [e.action for e in audit.list_events(demo_accounts, target_id=saved.id)]
    assert sorted(actions) == sorted(
        ["consortium.save", "consortium.member", "consortium.member", "consortium.remove_member"]
    )


def test_web_save_edit_export(broker_client: FlaskClient) -> None:
    result = broker_client.post("/api/consortium", json=CALL.model_dump(mode="json")).get_json()
    first = result["consortia"][0]
    page = broker_client.post(
        "/consortia",
        data={
            "title": "From the builder",
            "call": __import__("json").dumps(result["call"]),
            "members": [m["id"] for m in first["members"]],
        },
    )
    assert page.status_code == 302
    url = page.headers["Location"]
    shown = broker_client.get(url + "?format=json").get_json()
    assert shown["title"] == "From the builder" and len(shown["members"]) == len(first["members"])
    sheet = list(csv.DictReader(io.StringIO(broker_client.get(url + "?format=csv").get_data(as_text=True))))
    assert {r["name"] for r in sheet} == {m["name"] for m in first["members"]} and {"role", "country"} <= set(sheet[0])
    bad = broker_client.post(url + "/members", data={"name": "Nobody at all", "role": "partner"})
    assert bad.status_code == 400 and "No organisation is called" in bad.get_data(as_text=True)
    forged = broker_client.post("/consortia", data={"title": "x", "call": "{", "members": ["anbpr"]})
    assert forged.status_code == 400 and "call" in forged.get_data(as_text=True)
    assert "From the builder" in broker_client.get("/broker").get_data(as_text=True)
    assert "From the builder" in broker_client.get(f"/orgs/{first['members'][0]['id']}").get_data(as_text=True)
