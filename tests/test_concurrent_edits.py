"""Edits change only what they name and never silently win over another (issue 12, finding 2).

Every write to an organisation increments its version; the profile form carries it, the
JSON API answers it as an ETag and takes it in If-Match; a stale write answers 409 with
what changed meanwhile and writes nothing.
"""

from __future__ import annotations

import random
import re
import threading
import time
from typing import Any

import pytest
from flask.testing import FlaskClient

from app import create_app
from graph.config import Settings
from graph.members import audit, editing
from graph.members.accounts import AccessRole
from graph.store.driver import Store
from tests.support.accounts import demo_web, sign_in

VERSION_FIELD = re.compile(r'<input id="version" name="version" type="hidden" value="(\d+)">')


@pytest.fixture()
def web(settings: Settings, store: Store) -> FlaskClient:
    return demo_web(settings, store)


def _profile(client: FlaskClient, org: str) -> tuple[dict[str, Any], str]:
    response = client.get(f"/api/orgs/{org}/profile")
    assert response.status_code == 200
    return response.get_json(), response.headers["ETag"]


def test_patch_needs_if_match_and_sets_only_the_fields_sent(web: FlaskClient, store: Store) -> None:
    sign_in(web, AccessRole.MEMBER)
    before, etag = _profile(web, "blia")
    missing = web.patch("/api/orgs/blia/profile", json={"city": "Lugoj"})
    assert missing.status_code == 428 and missing.get_json()["parameter"] == "If-Match"
    changed = web.patch("/api/orgs/blia/profile", json={"city": "Lugoj"}, headers={"If-Match": etag})
    assert changed.status_code == 200
    assert changed.get_json()["changed"] == {"city": {"before": before["city"], "after": "Lugoj"}}
    assert changed.headers["ETag"] == f'"{before["version"] + 1}"'
    after, _ = _profile(web, "blia")
    assert after == {**before, "city": "Lugoj", "version": before["version"] + 1}
    stale = web.patch("/api/orgs/blia/profile", json={"description": "Mine"}, headers={"If-Match": etag})
    assert stale.status_code == 409
    assert stale.get_json()["changed"] == {"city": {"before": before["city"], "after": "Lugoj"}}
    assert stale.headers["ETag"] == changed.headers["ETag"]
    assert editing.get_org(store, "blia").description == before["description"]  # nothing written


def test_a_stale_form_answers_409_shows_what_changed_and_keeps_what_the_user_typed(
    web: FlaskClient, store: Store
) -> None:
    sign_in(web, AccessRole.MEMBER)
    page = web.get("/orgs/blia/edit").get_data(as_text=True)
    version = VERSION_FIELD.search(page)
    assert version, "the profile form carries the organisation's version"
    original = editing.get_org(store, "blia")
    editing.update_org(store, "someone-else", "blia", {"description": "Their new words"})  # meanwhile

    form = {**{k: v or "" for k, v in original.props().items() if k in editing.ORG_FIELDS}, "version": version[1]}
    response = web.post("/orgs/blia/edit", data={**form, "description": "My own words"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert 'id="conflict"' in html and "Their new words" in html and (original.description or "") in html
    assert "My own words</textarea>" in html  # what the user typed is still there
    assert editing.get_org(store, "blia").description == "Their new words"
    current = VERSION_FIELD.search(html)
    assert current and int(current[1]) == int(version[1]) + 1

    again = web.post("/orgs/blia/edit", data={**form, "description": "My own words", "version": current[1]})
    assert again.status_code == 302
    assert editing.get_org(store, "blia").description == "My own words"
    lost = web.post("/orgs/blia/edit", data={**form, "version": ""})
    assert lost.status_code == 400 and "version" in lost.get_data(as_text=True)


def test_offers_and_needs_move_the_version_on(web: FlaskClient, store: Store) -> None:
    sign_in(web, AccessRole.MEMBER)
    before = editing.get_version(store, "blia")
    assert web.post("/orgs/blia/offers", data={"competence": "advocacy-training", "level": "4"}).status_code == 302
    assert editing.get_version(store, "blia") == before + 1
    event = audit.list_events(store, target_id="blia")[0]
    assert event.changes["version"] == {"before": before, "after": before + 1}


ORGS = ("blia", "anbpr", "cries")
FIELDS = ("description", "city", "website")
CLIENTS = 16
SECONDS = 20


def test_sixteen_clients_of_conflicting_edits_lose_nothing_and_overwrite_nothing_silently(
    settings: Settings, store: Store
) -> None:
    demo_web(settings, store)  # the demo and one account per role
    app = create_app(settings, store=store, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    answers: list[tuple[int, str, dict[str, str], int | None]] = []  # status, org, body, version
    failures: list[BaseException] = []
    began = time.monotonic()

    def client_loop(number: int) -> None:
        rng = random.Random(number)
        client = app.test_client()
        sign_in(client, AccessRole.ADMIN)
        edit = 0
        try:
            while time.monotonic() - began < SECONDS:
                org = rng.choice(ORGS)
                _, etag = _profile(client, org)
                time.sleep(rng.uniform(0, 0.02))  # others write meanwhile
                edit += 1
                body = {}
                for field in rng.sample(FIELDS, rng.randint(1, 2)):
                    body[field] = f"https://c{number}-{edit}.example.org" if field == "website" else f"c{number}-{edit}"
                response = client.patch(f"/api/orgs/{org}/profile", json=body, headers={"If-Match": etag})
                version = int(response.headers["ETag"].strip('"')) if response.status_code == 200 else None
                answers.append((response.status_code, org, body, version))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []

    statuses = [status for status, *_ in answers]
    assert set(statuses) <= {200, 409}, sorted(set(statuses))
    assert statuses.count(200) >= 10 and statuses.count(409) >= 10, "the edits did not conflict"
    print(f"{len(answers)} edits by {CLIENTS} clients: {statuses.count(200)} saved, {statuses.count(409)} conflicts")

    for org in ORGS:
        saved = sorted(
            ((version, body) for status, o, body, version in answers if status == 200 and o == org), key=lambda s: s[0]
        )
        versions = [version for version, _ in saved]
        assert len(set(versions)) == len(versions), f"two saves of {org} claim the same version"
        latest: dict[str, str] = {}
        for _, body in saved:  # later versions win each field they set
            latest.update(body)
        stored = editing.get_org(store, org).props()
        assert {field: stored[field] for field in latest} == latest, f"a saved edit of {org} was lost"

        events = [
            e
            for e in audit.list_events(store, target_id=org, limit=100_000)
            if e.action == "organisation.update" and e.actor == "ada-admin"
        ]
        trail = sorted(
            (
                (e.changes["version"]["after"], {k: c["after"] for k, c in e.changes.items() if k != "version"})
                for e in events
            ),
            key=lambda s: s[0],
        )
        assert trail == saved, f"the audit trail of {org} does not match its saved edits"
