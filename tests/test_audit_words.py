"""The audit trail and flash messages in words, with names instead of ids (demo network)."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from app.audit_text import SENTENCES
from graph.config import Settings
from graph.members import editing
from graph.members.accounts import AccessRole
from graph.store.driver import Store
from tests.support.accounts import demo_web, sign_in
from tests.support.editing import if_match
from tests.support.graph import ROOT

RECORDED = re.compile(r'audit\.record\(\s*[^,]+,\s*[^,]+,\s*f?"([\w{}]+\.\w+)"')


@pytest.fixture()
def web(settings: Settings, store: Store) -> FlaskClient:
    return demo_web(settings, store)


def test_edits_read_as_sentences_with_before_and_after(web: FlaskClient) -> None:
    sign_in(web, AccessRole.MEMBER)
    saved = web.patch(
        "/api/orgs/blia/profile",
        json={"description": "Biblioteci în rețea", "region": "BG-03"},
        headers=if_match(web, "blia"),
    )
    assert saved.status_code == 200
    offer = web.post("/orgs/blia/offers", data={"competence": "advocacy", "level": "4", "evidence": "Campaign"})
    assert offer.status_code == 302
    flashed = web.get("/orgs/blia/edit").get_data(as_text=True)
    assert "Offer saved: Advocacy." in flashed  # the competence's name, not its id

    sign_in(web, AccessRole.ADMIN)
    html = web.get("/admin/audit").get_data(as_text=True)
    blia = "Bulgarian Library and Information Association (BLIA)"
    assert f"Mara Member changed the description, region of {blia}" in html
    assert "<del>Sofia (stolitsa) / София-град</del>" in html  # regions by name, not BG-22
    assert "<ins>Biblioteci în rețea</ins>" in html
    assert f"Mara Member recorded what {blia} offers: offer: Advocacy" in html
    assert "level 4" in html
    for raw in ("{'", "None", "offer.set", "organisation.update", "mara-member"):
        assert raw not in html.split("<main", 1)[1], raw
    romanian = web.get("/admin/audit?lang=ro").get_data(as_text=True)
    assert "Mara Member a schimbat descriere al" not in romanian  # sentences are whole, translated
    assert "a modificat" in romanian


def test_api_audit_gives_changes_as_json_objects(web: FlaskClient, store: Store) -> None:
    sign_in(web, AccessRole.MEMBER)
    version = editing.get_version(store, "blia")
    web.post("/orgs/blia/edit", data={"description": "Nou", "kind": "library", "region": "BG", "version": version})
    sign_in(web, AccessRole.ADMIN)
    events = web.get("/api/admin/audit?target=blia").get_json()
    assert events and isinstance(events[0]["changes"], dict)
    assert events[0]["changes"]["description"]["after"] == "Nou"


def test_every_recorded_action_has_a_sentence() -> None:
    """Each ``audit.record(tx, actor, "<action>", ...)`` in graph/ reads as a sentence."""
    recorded: set[str] = set()
    for source in (ROOT / "graph").rglob("*.py"):
        for action in RECORDED.findall(source.read_text(encoding="utf-8")):
            recorded |= {action.replace("{kind}", kind) for kind in ("offer", "need")}
    assert {"organisation.update", "offer.set", "need.remove", "org.merge"} <= recorded
    assert not recorded - set(SENTENCES), f"actions without a sentence: {sorted(recorded - set(SENTENCES))}"


def test_the_audit_trail_is_filtered_by_an_organisation_named_as_people_know_it(web: FlaskClient, store: Store) -> None:
    sign_in(web, AccessRole.MEMBER)
    saved = web.patch("/api/orgs/blia/profile", json={"description": "Filtered"}, headers=if_match(web, "blia"))
    assert saved.status_code == 200
    sign_in(web, AccessRole.ADMIN)
    anbpr = web.patch("/api/orgs/anbpr/profile", json={"description": "Other"}, headers=if_match(web, "anbpr"))
    assert anbpr.status_code == 200
    blia = "Bulgarian Library and Information Association (BLIA)"
    page = web.get("/admin/audit?target=Bulgarian Library").get_data(as_text=True)
    events = page.split('<ol class="audit">', 1)[1]
    assert f"changed the description of {blia}" in events and "ANBPR" not in events
    assert f'value="{blia}"' in page  # the field shows the name it resolved
    several = web.get("/admin/audit?target=Biblioteca")
    assert several.status_code == 200 and "choose one" in several.get_data(as_text=True)
    unknown = web.get("/admin/audit?target=Nothing like it")
    assert unknown.status_code == 400 and "Nothing is called" in unknown.get_data(as_text=True)
