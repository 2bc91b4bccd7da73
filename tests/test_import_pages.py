"""The import pages: upload, preview in the detected encoding, mapping, dry run, import, duplicates."""

from __future__ import annotations

import io
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from app import create_app
from graph.config import Settings
from graph.explore.organisations import get_profile
from graph.imports import jobs
from graph.members import audit
from graph.members.accounts import AccessRole
from graph.readwrite.importer import load_path
from graph.store.driver import Store
from tests.support.accounts import make_users, sign_in
from tests.support.cordis import cordis_zip
from tests.support.graph import DEMO, clear

CSV = (
    "Denumire;Oraş;Judeţ;Tip\nBiblioteca Judeţeană Arad;Arad;Arad;Bibliotecă\nMuzeul Banatului;Timişoara;Timiş;Muzeu\n"
)


@pytest.fixture()
def web(store: Store, settings: Settings, tmp_path: Path) -> FlaskClient:
    """An admin's client on the demo network; import jobs in a folder of this test's own."""
    clear(store)
    load_path(store, DEMO)
    make_users(store)
    own = settings.model_copy(update={"data_dir": tmp_path})
    app = create_app(own, store=store, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    sign_in(client, AccessRole.ADMIN)
    return client


def _upload(web: FlaskClient, name: str, content: bytes, shape: str) -> str:
    response = web.post(
        "/admin/import/upload",
        content_type="multipart/form-data",
        data={"shape": shape, "table": (io.BytesIO(content), name)},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def _wait(web: FlaskClient, page: str) -> str:
    for _ in range(100):
        html = web.get(page).get_data(as_text=True)
        if 'http-equiv="refresh"' not in html:
            return html
        time.sleep(0.1)
    raise AssertionError("the import did not finish")


def test_a_windows_1250_table_is_previewed_mapped_checked_and_imported(web: FlaskClient, store: Store) -> None:
    page = _upload(web, "parteneri.csv", CSV.encode("cp1250"), "organisations")
    html = web.get(page).get_data(as_text=True)
    assert "Windows-1250" in html and "Biblioteca Judeţeană Arad" in html  # the letters as typed
    assert re.search(r'name="col:county">.*?<option selected>Judeţ</option>', html, re.S)
    assert "Kinds PartnerNet does not recognise" in html and "Muzeu" in html
    form = {
        "col:name": "Denumire",
        "col:city": "Oraş",
        "col:county": "Judeţ",
        "col:kind": "Tip",
        "default_country": "RO",
    }
    before = audit.count_content(store)
    bad = web.post(page, data={**form, "action": "check"})
    assert bad.status_code == 400 and "unknown kind &#39;Muzeu&#39;" in bad.get_data(as_text=True)
    checked = web.post(page, data={**form, "kind:Muzeu": "other", "action": "check"})
    assert checked.status_code == 200 and "All rows are valid" in checked.get_data(as_text=True)
    assert audit.count_content(store) == before  # a dry run writes nothing
    saved = web.post(page, data={**form, "kind:Muzeu": "other", "action": "save", "mapping_name": "Lista județeană"})
    assert saved.status_code == 302
    started = web.post(page, data={**form, "kind:Muzeu": "other", "action": "import"})
    assert started.status_code == 302
    html = _wait(web, page)
    assert 'id="imported"' in html and "2 organisations" in html
    assert get_profile(store, "muzeul-banatului-timisoara").kind == "other"
    assert web.get(page.replace("/admin/", "/api/admin/")).get_json()["state"] == "done"
    again = web.post(page, data={**form, "action": "import"})
    assert again.status_code == 409  # an import runs once


def test_a_cordis_upload_lists_duplicates_and_merges_one(web: FlaskClient, store: Store) -> None:
    page = _upload(web, "cordis.zip", cordis_zip(), "cordis")
    assert web.post(page, data={"countries": "Atlantis", "action": "check"}).status_code == 400
    assert web.post(page, data={"countries": "RO, BG, Grecia", "action": "import"}).status_code == 302
    html = _wait(web, page)
    assert "BIBLIOTECA JUDETEANA TIMIS SORIN TITEL" in html and "Biblioteca Județeană Timiș „Sorin Titel”" in html
    merged = web.post(page + "/merge", data={"new": "pic-999000001", "action": "merge"})
    assert merged.status_code == 302
    assert "cordis-101094001" in {p.id for p in get_profile(store, "bj-timis").projects}
    apart = web.post(page + "/merge", data={"new": "pic-999000006", "action": "distinct"})
    assert apart.status_code == 302
    html = web.get(page).get_data(as_text=True)
    assert "No organisation of this import looks like one already in the network." in html
    assert web.post(page + "/merge", data={"new": "bj-timis"}).status_code == 400


def test_a_table_without_a_kind_column_takes_one_kind_for_all(web: FlaskClient, store: Store) -> None:
    page = _upload(
        web, "biblioteci.csv", "Nume,Localitate\nBiblioteca Orășenească Buziaș,Buziaș\n".encode(), "organisations"
    )
    form = {"col:name": "Nume", "col:city": "Localitate", "default_country": "România"}
    refused = web.post(page, data={**form, "action": "check"})
    assert refused.status_code == 400 and "columns: choose a column for kind" in refused.get_data(as_text=True)
    assert web.post(page, data={**form, "default_kind": "library", "action": "import"}).status_code == 302
    assert 'id="imported"' in _wait(web, page)
    assert get_profile(store, "biblioteca-oraseneasca-buzias-buzias").kind == "library"


def test_bad_uploads_are_refused_with_the_field_named(web: FlaskClient) -> None:
    no_shape = web.post("/admin/import/upload", content_type="multipart/form-data", data={"shape": "castles"})
    assert no_shape.status_code == 400 and "shape:" in no_shape.get_data(as_text=True)
    wrong = web.post(
        "/admin/import/upload",
        content_type="multipart/form-data",
        data={"shape": "cordis", "table": (io.BytesIO(b"x"), "cordis.csv")},
    )
    assert wrong.status_code == 400 and "table:" in wrong.get_data(as_text=True)
    assert web.get("/admin/import/" + "0" * 32).status_code == 404
    assert web.get("/admin/import/../../etc").status_code == 404


def _left_behind(
    tmp_path: Path, state: jobs.JobState, days_ago: float, written: dict[str, int] | None = None
) -> jobs.ImportJob:
    """A job as a worker left it on disk ``days_ago`` (the web fixture's jobs folder)."""
    then = datetime.now(UTC) - timedelta(days=days_ago)
    folder = jobs.Jobs(tmp_path / "imports", keep=timedelta(days=30), clock=lambda: then)
    job = folder.create("admin", "parteneri.csv", CSV.encode("cp1250"), jobs.Shape.ORGANISATIONS)
    job.state, job.written = state, written or {}
    folder.save(job)
    return job


def test_an_import_whose_process_died_shows_as_interrupted(web: FlaskClient, tmp_path: Path) -> None:
    lost = _left_behind(tmp_path, jobs.JobState.RUNNING, days_ago=1 / 24)  # an hour without a heartbeat
    html = web.get(f"/admin/import/{lost.token}").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in html and "Importing…" not in html
    assert "The import failed and nothing was written: interrupted: " in html
    answer = web.get(f"/api/admin/import/{lost.token}").get_json()
    assert answer["state"] == "failed" and answer["message"].startswith("interrupted: ")
    committed = _left_behind(tmp_path, jobs.JobState.RUNNING, days_ago=1 / 24, written={"organisations": 2})
    html = web.get(f"/admin/import/{committed.token}").get_data(as_text=True)
    assert 'id="imported"' in html and "2 organisations" in html and "nothing was written" not in html
    assert "were not listed" in html and "No organisation of this import looks like" not in html
    assert web.post(f"/admin/import/{committed.token}", data={"action": "import"}).status_code == 409


def test_the_import_page_removes_finished_jobs_after_the_retention(web: FlaskClient, tmp_path: Path) -> None:
    old = _left_behind(tmp_path, jobs.JobState.DONE, days_ago=31)
    waiting = _left_behind(tmp_path, jobs.JobState.UPLOADED, days_ago=90)
    running = _left_behind(tmp_path, jobs.JobState.RUNNING, days_ago=0)
    assert web.get("/admin/import").status_code == 200
    assert not (tmp_path / "imports" / old.token).exists()
    assert (tmp_path / "imports" / waiting.token).is_dir() and (tmp_path / "imports" / running.token).is_dir()
    assert web.get(f"/admin/import/{old.token}").status_code == 404
