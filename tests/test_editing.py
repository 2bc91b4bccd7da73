"""Profile editing with its audit trail, practices and hubs, the introduction workflow,
and the admin import (dry run, all-or-nothing, size limit)."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient

from graph.config import Settings
from graph.explore.organisations import get_profile
from graph.members import audit, editing
from graph.members.accounts import AccessRole
from graph.members.introductions import Status
from graph.store.driver import Store
from graph.store.queries import query
from tests.support.accounts import demo_web, sign_in


@pytest.fixture()
def web(settings: Settings, store: Store) -> FlaskClient:
    return demo_web(settings, store, MAX_CONTENT_LENGTH=64 * 1024)


def test_member_edits_profile_and_it_is_audited(web: FlaskClient, store: Store) -> None:
    sign_in(web, AccessRole.MEMBER)
    response = web.post(
        "/orgs/blia/edit",
        data={
            "description": "Bibliotecă din Timișoara şi Constanţa",
            "kind": "ngo",
            "region": "BG",
            "website": "https://blia.example.org",
            "email": "new@blia.example.org",
            "version": editing.get_version(store, "blia"),
        },
    )
    assert response.status_code == 302
    profile = get_profile(store, "blia", include_contacts=True)
    assert profile.description == "Bibliotecă din Timișoara şi Constanţa"
    assert profile.contact and profile.contact.email == "new@blia.example.org"
    event = audit.list_events(store, target_id="blia")[0]
    assert event.actor == "mara-member" and event.action == "organisation.update"
    assert event.changes["email"]["after"] == "new@blia.example.org"
    assert "name" not in event.changes  # only changed fields
    sign_in(web, AccessRole.ADMIN)
    assert "new@blia.example.org" in web.get("/admin/audit").get_data(as_text=True)


def test_bad_profile_input_names_the_field_and_writes_nothing(web: FlaskClient, store: Store) -> None:
    sign_in(web, AccessRole.MEMBER)
    before = audit.count_content(store), len(audit.list_events(store))
    version = editing.get_version(store, "blia")
    response = web.post(
        "/orgs/blia/edit", data={"kind": "spaceship", "region": "XX-ZZZ", "website": "x" * 400, "version": version}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    for field in ("kind", "website"):
        assert f'id="{field}-error"' in html
    unknown_region = web.post("/orgs/blia/edit", data={"kind": "ngo", "region": "RO-ZZ", "version": version})
    assert unknown_region.status_code == 400 and "no region" in unknown_region.get_data(True)
    assert (audit.count_content(store), len(audit.list_events(store))) == before


def test_offers_needs_and_practices(web: FlaskClient, store: Store) -> None:
    sign_in(web, AccessRole.MEMBER)
    assert (
        web.post(
            "/orgs/blia/offers", data={"competence": "advocacy-training", "level": "4", "evidence": "trained 30 people"}
        ).status_code
        == 302
    )
    assert web.post("/orgs/blia/needs", data={"competence": "digital-skills", "priority": "5"}).status_code in (
        302,
        400,
    )
    bad = web.post("/orgs/blia/offers", data={"competence": "advocacy-training", "level": "9"})
    assert bad.status_code == 400 and 'id="level-error"' in bad.get_data(as_text=True)
    offers = {o.id: o.level for o in get_profile(store, "blia").offers}
    assert offers["advocacy-training"] == 4
    assert web.post("/orgs/blia/offer/advocacy-training/remove").status_code == 302
    assert "advocacy-training" not in {o.id for o in get_profile(store, "blia").offers}
    practice = web.post(
        "/orgs/blia/practices/new",
        data={
            "title": "Reading clubs for parents",
            "summary": "Weekly",
            "year": "2023",
            "competences": ["advocacy-training"],
            "links": "https://a.example\nhttps://b.example",
        },
    )
    assert practice.status_code == 302
    practices = get_profile(store, "blia").practices
    assert any(p.title == "Reading clubs for parents" and len(p.links) == 2 for p in practices)


def test_admin_designates_a_hub(web: FlaskClient, store: Store) -> None:
    sign_in(web, AccessRole.MEMBER)
    assert web.post("/admin/orgs/blia/hub", data={"competence": "advocacy-training"}).status_code == 403
    sign_in(web, AccessRole.ADMIN)
    response = web.post("/admin/orgs/blia/hub", data={"competence": "advocacy-training", "since": "2024"})
    assert response.status_code == 302
    hubs = get_profile(store, "blia").hubs
    assert [h.competence for h in hubs] == ["advocacy-training"] and hubs[0].since == 2024


def test_introduction_workflow(web: FlaskClient, store: Store) -> None:
    sign_in(web, AccessRole.BROKER)
    form = web.get("/introductions/new?source=agenda-21&target=blia").get_data(as_text=True)
    assert 'value="agenda-21"' in form and 'value="blia"' in form
    created = web.post(
        "/introductions/new", data={"source": "agenda-21", "target": "blia", "note": "advocacy training for BLIA"}
    )
    assert created.status_code == 302
    intro_id = created.headers["Location"].rsplit("/", 1)[1]
    skip = web.post(f"/introductions/{intro_id}/status", data={"status": "partnership"})
    assert skip.status_code == 400 and "cannot become partnership" in skip.get_data(True)
    early = web.post(f"/introductions/{intro_id}/project", data={"project": "x"})
    assert early.status_code == 400
    for stage in (Status.CONTACTED, Status.ACCEPTED, Status.PARTNERSHIP):
        assert web.post(f"/introductions/{intro_id}/status", data={"status": stage.value}).status_code == 302
    project = store.read(query("editing/get_project"), id="social-services-pilot-norway")
    assert project, "demo project expected"
    assert (
        web.post(f"/introductions/{intro_id}/project", data={"project": "social-services-pilot-norway"}).status_code
        == 302
    )
    shown = web.get(f"/api/introductions/{intro_id}").get_json()
    assert shown["status"] == "partnership" and shown["project"]["id"] == ("social-services-pilot-norway")
    assert shown["broker"]["id"] == "bogdan-broker"
    closed = web.post(f"/introductions/{intro_id}/status", data={"status": "declined"})
    assert closed.status_code == 400
    stages = {s["status"]: [i["id"] for i in s["items"]] for s in web.get("/broker?format=json").get_json()["stages"]}
    assert intro_id in stages["partnership"] and not any(intro_id in stages[s] for s in ("proposed", "contacted"))
    actions = [e.action for e in audit.list_events(store, target_id=intro_id)]
    assert actions.count("introduction.status") == 3 and "introduction.propose" in actions
    sign_in(web, AccessRole.MEMBER)
    assert web.get("/api/introductions?status=open").status_code == 200
    assert web.post(f"/introductions/{intro_id}/status", data={"status": "declined"}).status_code == 403


def upload(web: FlaskClient, action: str, *files: tuple[str, bytes]):  # type: ignore[no-untyped-def]
    return web.post(
        "/admin/import",
        content_type="multipart/form-data",
        data={"action": action, "files": [(io.BytesIO(content), name) for name, content in files]},
    )


ORGS = ("organisations.csv", "id,name,kind,region,city\nbib-arad,Biblioteca Județeană Arad,library,RO,Arad\n".encode())
OFFERS_BAD = ("offers.csv", b"org,competence,level\nbib-arad,advocacy-training,7\nbib-arad,no-such-competence,3\n")
OFFERS_OK = ("offers.csv", b"org,competence,level\nbib-arad,advocacy-training,3\n")


def test_import_dry_run_reports_rows_and_writes_nothing(web: FlaskClient, store: Store) -> None:
    sign_in(web, AccessRole.ADMIN)
    before = audit.count_content(store)
    bad = upload(web, "import", ORGS, OFFERS_BAD)
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "offers.csv" in html and "level" in html and "no competences row" in html
    assert audit.count_content(store) == before  # all or nothing: the good file neither
    checked = upload(web, "check", ORGS, OFFERS_OK)
    assert checked.status_code == 200 and "All rows are valid" in checked.get_data(True)
    assert audit.count_content(store) == before
    done = upload(web, "import", ORGS, OFFERS_OK)
    assert done.status_code == 200 and 'id="imported"' in done.get_data(as_text=True)
    assert get_profile(store, "bib-arad").name == "Biblioteca Județeană Arad"
    assert audit.list_events(store)[0].action == "dataset.import"


def test_import_refuses_other_files_and_large_uploads(web: FlaskClient) -> None:
    sign_in(web, AccessRole.ADMIN)
    exe = upload(web, "check", ("offers.exe", b"MZ"))
    assert exe.status_code == 400 and "must end in" in exe.get_data(as_text=True)
    latin1 = upload(web, "check", ("organisations.csv", "id,name\nx,Bibliothèque".encode("latin-1")))
    assert latin1.status_code == 400 and "not UTF-8" in latin1.get_data(as_text=True)
    huge = upload(web, "check", ("organisations.csv", b"x" * 100_000))
    assert huge.status_code == 413 and "too large" in huge.get_data(as_text=True)
