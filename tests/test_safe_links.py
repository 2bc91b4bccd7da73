"""Links users write can only be http(s) or mailto: refused with a field message by the
models (so by forms, the JSON API and the import alike), and checked again at output by
the one ``safe_url`` template filter."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pydantic import ValidationError

from app.templating import safe_url
from graph import models as m
from graph.config import Settings
from graph.errors import NotFound
from graph.members import audit, editing
from graph.members.accounts import AccessRole
from graph.store.driver import Store
from tests.support.accounts import demo_web, sign_in
from tests.support.editing import if_match
from tests.support.graph import clear

PAYLOAD = "javascript:alert(1)//://"
BAD_URLS = [
    PAYLOAD,
    "JaVaScRiPt:alert(document.domain)",
    " javascript:alert(1)",
    "java\tscript:alert(1)//://",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.test/x",
    "https:evil.test",
    "http://",
    "ftp://files.example.org",
    "mailto:ana@example.org",  # an e-mail address is not a website
]
GOOD_URLS = {
    "https://www.anbpr.org.ro": "https://www.anbpr.org.ro",
    "http://biblioteca.example.ro/despre?lang=ro#sus": "http://biblioteca.example.ro/despre?lang=ro#sus",
    "www.anbpr.org.ro": "https://www.anbpr.org.ro",
    "bjt.example.ro/about": "https://bjt.example.ro/about",
}
BAD_EMAILS = ["javascript:alert(1)//@x.org", "ana", "ana@x", "a b@x.org", "mailto:ana@x.org?body=hi", "<a@x.org>"]


def org(**fields: object) -> m.Organisation:
    return m.Organisation(id="x", name="X", kind="ngo", region="RO", **fields)


@pytest.mark.parametrize("url", BAD_URLS)
def test_models_refuse_other_schemes(url: str) -> None:
    with pytest.raises(ValidationError, match="website"):
        org(website=url)
    with pytest.raises(ValidationError, match="links"):
        m.Practice(id="p", org="x", title="P", links=["https://ok.example.org", url])


@pytest.mark.parametrize("url,stored", GOOD_URLS.items())
def test_models_keep_web_addresses(url: str, stored: str) -> None:
    assert org(website=url).website == stored
    assert m.Practice(id="p", org="x", title="P", links=url).links == [stored]


@pytest.mark.parametrize("email", BAD_EMAILS)
def test_models_refuse_what_is_not_an_email(email: str) -> None:
    with pytest.raises(ValidationError, match="email"):
        org(email=email)
    with pytest.raises(ValidationError, match="email"):
        m.Person(id="p", name="P", email=email)


def test_mailto_prefix_is_an_email() -> None:
    assert org(email="mailto:Ana.Pop@anbpr.example.org").email == "Ana.Pop@anbpr.example.org"


@pytest.mark.parametrize(
    "value,href",
    [
        ("https://x.example.org/a", "https://x.example.org/a"),
        ("www.x.example.org", "https://www.x.example.org"),
        ("mailto:ana@x.example.org", "mailto:ana@x.example.org"),
        (PAYLOAD, "about:blank"),
        ("data:text/html,x", "about:blank"),
        ("mailto:javascript:alert(1)", "about:blank"),
        (None, "about:blank"),
    ],
)
def test_safe_url_filter(app: Flask, value: object, href: str) -> None:
    assert safe_url(value) == href
    with app.test_request_context():
        rendered = app.jinja_env.from_string('<a href="{{ v|safe_url }}">').render(v=value)
    assert rendered == f'<a href="{href}">'


@pytest.fixture(scope="module")
def web(settings: Settings, store: Store) -> Iterator[FlaskClient]:
    yield demo_web(settings, store)
    clear(store)


def test_profile_form_refuses_a_script_link(web: FlaskClient, store: Store) -> None:
    sign_in(web, AccessRole.MEMBER)
    before = audit.count_content(store)
    version = editing.get_version(store, "blia")
    response = web.post(
        "/orgs/blia/edit", data={"website": PAYLOAD, "kind": "library", "region": "BG", "version": version}
    )
    assert response.status_code == 400
    assert 'id="website-error"' in response.get_data(as_text=True)
    assert editing.get_org(store, "blia").website != PAYLOAD and audit.count_content(store) == before


def test_api_refuses_a_script_link(web: FlaskClient, store: Store) -> None:
    sign_in(web, AccessRole.MEMBER)
    for field, value in (("website", PAYLOAD), ("email", PAYLOAD)):
        response = web.patch("/api/orgs/blia/profile", json={field: value}, headers=if_match(web, "blia"))
        assert response.status_code == 400 and response.get_json()["fields"][field]
    assert editing.get_org(store, "blia").website != PAYLOAD


def test_practice_form_refuses_a_script_link(web: FlaskClient, store: Store) -> None:
    sign_in(web, AccessRole.MEMBER)
    before = audit.count_content(store)
    response = web.post(
        "/orgs/blia/practices/new",
        data={"id": "xss-practice", "title": "T", "links": f"https://ok.example.org\n{PAYLOAD}"},
    )
    assert response.status_code == 400 and "links" in response.get_data(as_text=True)
    assert audit.count_content(store) == before


def test_import_refuses_a_script_link_naming_row_and_field(web: FlaskClient, store: Store) -> None:
    sign_in(web, AccessRole.ADMIN)
    table = f"id,name,kind,region,website\nok-org,OK,ngo,RO,https://ok.example.org\nxss-org,X,ngo,RO,{PAYLOAD}\n"
    response = web.post(
        "/admin/import",
        content_type="multipart/form-data",
        data={"action": "import", "files": [(io.BytesIO(table.encode()), "organisations.csv")]},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "organisations.csv" in html and "website" in html
    assert "http:// or https://" in html
    with pytest.raises(NotFound):  # the whole import is refused
        editing.get_org(store, "ok-org")


def test_profile_links_go_through_the_filter(web: FlaskClient, store: Store) -> None:
    sign_in(web, AccessRole.MEMBER)
    response = web.patch(
        "/api/orgs/blia/profile", json={"website": "www.blia.example.org"}, headers=if_match(web, "blia")
    )
    assert response.status_code == 200
    page = web.get("/orgs/blia").get_data(as_text=True)
    assert 'href="https://www.blia.example.org"' in page
