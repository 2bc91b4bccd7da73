"""The broker's pages on the demo network: match results (filters, explanations, CSV,
bad parameters) and the consortium builder (form errors by field, proposals, an
infeasible call); who may open them; links from profiles and the nav."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from babel.support import Translations
from flask.testing import FlaskClient

from app import create_app
from app.i18n import LANGUAGES, TRANSLATIONS
from graph.config import Settings
from graph.matching.model import TERMS
from graph.members.accounts import AccessRole
from graph.store.driver import Store
from tests.support.accounts import sign_in

EXAMPLE = {  # the example call of seeds/calls/ro-bg-libraries.yaml, as the form posts it
    "title": "Danube libraries",
    **{
        f"competences-{i}-{k}": v
        for i, (c, lvl) in enumerate(
            [
                ("digital-skills-training", "3"),
                ("reading-promotion", "3"),
                ("social-services", "3"),
                ("advocacy-training", "3"),
                ("eu-project-writing", "3"),
                ("community-development", "2"),
            ]
        )
        for k, v in (("id", c), ("min_level", lvl))
    },
    "min_countries": "2",
    "countries": "RO, BG",
    "kinds-library": "2",
    "kinds-ngo": "1",
    "kinds-authority": "1",
    "max_size": "6",
    "experienced_coordinator": "y",
    "results": "3",
}


@pytest.fixture()
def client(broker_client: FlaskClient) -> FlaskClient:
    return broker_client


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def tag(page: str, name: str) -> str:
    """The <input> tag of field ``name``."""
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert found is not None, name
    return found[0]


def result_ids(page: str) -> list[str]:
    return re.findall(r'<li class="match" id="match-([^"]+)"', page)


@pytest.mark.parametrize("url", ["/orgs/blia/match", "/consortium"])
def test_pages_are_for_brokers(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 200
    sign_in(client, AccessRole.ADMIN)
    assert client.get(url).status_code == 200
    sign_in(client, AccessRole.MEMBER)
    assert client.get(url).status_code == 403
    assert client.post("/consortium", data=EXAMPLE).status_code == 403
    sign_in(client, AccessRole.VISITOR)
    visitor = client.get(url)
    assert visitor.status_code == 302 and "/login" in visitor.headers["Location"]


def test_match_page_explains_each_result(client: FlaskClient) -> None:
    page = text(client.get("/orgs/blia/match?top=10"))
    ids = result_ids(page)
    assert "agenda-21" in ids and 0 < len(ids) <= 10
    card = page.split('id="match-agenda-21"')[1].split('<li class="match"')[0]
    assert 'href="/competences/advocacy-training"' in card
    for term in ("Need coverage", "Reciprocity", "Cross-sector", "Geography", "Familiarity", "Reachability"):
        assert term in card
    assert 'class="term-need_coverage"' in card  # the stacked bar
    assert "/introductions/new?source=blia&amp;target=agenda-21" in card
    assert "/path?from=blia&amp;to=agenda-21" in card
    # BLIA and Agenda 21 share projects: no introducer path, the projects by title instead
    assert "Already partners in" in card and "Who can introduce them" not in card


def test_match_page_terms_add_up(client: FlaskClient) -> None:
    page = text(client.get("/orgs/blia/match?top=3"))
    for card in page.split('<li class="match"')[1:]:
        terms = card.split('<table class="terms">')[1].split("</table>")[0]
        values = [float(v) for v in re.findall(r'<td class="num">(-?[\d.]+)</td>', terms)]
        assert len(values) == len(TERMS) + 1
        assert sum(values[:-1]) == pytest.approx(values[-1], abs=0.02)


def test_match_page_honours_filters(client: FlaskClient) -> None:
    every = result_ids(text(client.get("/orgs/blia/match?top=50")))
    page = text(
        client.get(
            "/orgs/blia/match?top=50&kinds=library&kinds=authority"
            "&countries=RO&exclude_partners=1&w.familiarity_mode=penalty"
        )
    )
    ids = result_ids(page)
    assert ids and set(ids) < set(every)
    rows = list(
        csv.DictReader(
            io.StringIO(
                text(
                    client.get(
                        "/orgs/blia/match?top=50&kinds=library&kinds=authority&countries=RO"
                        "&exclude_partners=1&w.familiarity_mode=penalty&format=csv"
                    )
                )
            )
        )
    )
    assert [r["id"] for r in rows] == ids
    assert {r["kind"] for r in rows} <= {"library", "authority"}
    assert {r["country"] for r in rows} == {"RO"}
    # the form shows what was asked, so the URL is the bookmark
    assert 'value="library" checked' in page and 'value="RO"' in page
    assert 'name="exclude_partners" value="1" checked' in page
    assert '<option value="penalty" selected>' in page
    # blank fields, as a submitted form sends them, mean the defaults
    blank = client.get("/orgs/blia/match?top=50&countries=&min_score=&w.need=&regions=")
    assert blank.status_code == 200 and result_ids(text(blank)) == every
    top3 = result_ids(text(client.get("/orgs/blia/match?top=3&min_score=20")))
    assert len(top3) <= 3 and top3 == every[: len(top3)]


def test_match_csv(client: FlaskClient) -> None:
    response = client.get("/orgs/blia/match?top=5&format=csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(text(response))))
    assert list(rows[0]) == ["id", "name", "kind", "country", "score", *TERMS]
    for row in rows:
        assert float(row["score"]) == pytest.approx(sum(float(row[t]) for t in TERMS))
    api = client.get("/api/match/blia?top=5").get_json()
    assert [r["id"] for r in rows] == [r["id"] for r in api["results"]]


def test_match_json_twin_is_the_api(client: FlaskClient) -> None:
    page = client.get("/orgs/blia/match?top=4&format=json").get_json()
    assert page == client.get("/api/match/blia?top=4").get_json()
    html = text(client.get("/orgs/blia/match?top=4&kinds=ngo"))
    assert 'href="/api/match/blia?top=4&amp;kinds=ngo"' in html


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("top=0", "top"),
        ("kinds=castle", "kinds"),
        ("w.need=-2", "w.need"),
        ("colour=red", "colour"),
        ("min_score=lots", "min_score"),
        ("w.need=0&w.reciprocity=0", "w"),
        ("kinds=ngo,castle", "kinds"),
    ],
)
def test_match_page_bad_parameter(client: FlaskClient, query: str, name: str) -> None:
    response = client.get(f"/orgs/blia/match?{query}")
    assert response.status_code == 400
    page = text(response)
    assert f"Invalid parameter &#39;{name}&#39;" in page
    if name != "colour":  # not a field of the form: the message above it is enough
        assert f'id="{name.replace(".", "-")}-error"' in page  # next to its field
    assert '<form class="filters match-filters"' in page  # the form, to correct it
    assert client.get(f"/orgs/blia/match?{query}&format=csv").status_code == 400


def test_match_page_unknown_org(client: FlaskClient) -> None:
    response = client.get("/orgs/no-such-org/match")
    assert response.status_code == 404 and "no-such-org" in text(response)


def test_consortium_example_prefills_the_form(client: FlaskClient) -> None:
    page = text(client.get("/consortium?example=ro-bg-libraries"))
    assert '<option selected value="advocacy-training">' in page
    assert 'value="2"' in tag(page, "kinds-library")
    assert "checked" in tag(page, "experienced_coordinator")
    assert "checked" not in tag(text(client.get("/consortium")), "experienced_coordinator")
    bad = client.get("/consortium?example=nothing-like-it")
    assert bad.status_code == 400 and "ro-bg-libraries" in text(bad)


def test_consortium_proposals(client: FlaskClient) -> None:
    response = client.post("/consortium", data=EXAMPLE)
    assert response.status_code == 200
    page = text(response)
    proposals = page.split('<article class="consortium"')[1:]
    assert 1 <= len(proposals) <= 3
    for proposal in proposals:
        assert "Weakest point" in proposal and "Best level" in proposal
        members = re.findall(r'<th scope="row"><a href="/orgs/([^"]+)">', proposal)
        assert 2 <= len(members) <= 6
        assert re.search(r'href="/regions/RO"', proposal) and re.search(r'href="/regions/BG"', proposal)


def test_consortium_errors_next_to_fields(client: FlaskClient) -> None:
    data = {**EXAMPLE, "competences-1-min_level": "9", "min_countries": "many", "kinds-library": "30", "lead": ""}
    response = client.post("/consortium", data=data)
    assert response.status_code == 400
    page = text(response)
    assert re.search(r'id="competences-1-min_level-error">Enter 5 or less\.', page)
    assert re.search(r'id="min_countries-error">Enter a whole number\.', page)
    assert re.search(r'id="kinds-library-error">Enter 20 or less\.', page)
    assert "Proposals for" not in page
    none = text(client.post("/consortium", data={"max_size": "3"}))
    assert re.search(r'id="competences-error">[^<]*at least 1 item', none)
    too_many = text(client.post("/consortium", data={**EXAMPLE, "max_size": "2"}))
    assert re.search(r'id="kinds-error">kinds: 4 required organisations exceed max_size 2', too_many)
    lead = client.post("/consortium", data={**EXAMPLE, "lead": "no-such-org"})  # picked by name, not id
    assert lead.status_code == 400
    assert re.search(r'id="lead-error">no organisation is called', text(lead))
    named = text(client.post("/consortium", data={**EXAMPLE, "lead": "fundatia irex"}))
    assert "Proposals for" in named and named.count("Fundația IREX</a>") >= 3  # the lead in every proposal


def test_infeasible_call_says_why(client: FlaskClient) -> None:
    data = {**EXAMPLE, "min_countries": "5"}  # members only from RO and BG
    page = text(client.post("/consortium", data=data))
    assert "No consortium can answer this call" in page
    assert (
        "The organisations that cover a requirement come from 2 countries (Bulgaria, Romania), "
        "fewer than the 5 the call asks for." in page
    )


def test_consortium_needs_csrf(demo_accounts: Store, settings: Settings) -> None:
    app = create_app(settings, store=demo_accounts, config={"TESTING": True})
    client = app.test_client()
    sign_in(client, AccessRole.BROKER)
    refused = client.post("/consortium", data=EXAMPLE)
    assert refused.status_code == 400 and "CSRF" in text(refused)
    form = text(client.get("/consortium"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
    assert token is not None
    assert client.post("/consortium", data={**EXAMPLE, "csrf_token": token[1]}).status_code == 200


def test_links_for_brokers_only(client: FlaskClient) -> None:
    broker = text(client.get("/orgs/blia"))
    assert 'href="/orgs/blia/match"' in broker and 'href="/consortium"' in broker
    sign_in(client, AccessRole.MEMBER)
    member = text(client.get("/orgs/blia"))
    assert "/match" not in member and 'href="/consortium"' not in member


def test_introductions_on_profiles(client: FlaskClient) -> None:
    broker = text(client.get("/orgs/agenda-21"))
    assert 'id="h-introductions"' in broker
    assert "/introductions/intro-dgaspc-constanta-agenda21" in broker
    unrelated = text(client.get("/orgs/blia"))
    assert "intro-dgaspc-constanta-agenda21" not in unrelated
    sign_in(client, AccessRole.MEMBER)
    assert "/introductions/intro-dgaspc-constanta-agenda21" in text(client.get("/orgs/agenda-21"))
    sign_in(client, AccessRole.VISITOR)
    visitor = text(client.get("/orgs/agenda-21"))
    assert 'id="h-introductions"' not in visitor and "intro-dgaspc" not in visitor


FROM_COUNTRIES = "The organisations that cover a requirement come from"
FEWER = "fewer than the %(need)d the call asks for."
TOO_SMALL = (
    "No consortium of at most %(most)d members meets every requirement together; "
    "the smallest that does has %(num)d members:"
)


def _fixed_words(lang: str, msgid: str, plural: str | None = None) -> str:
    """The longest stretch of ``msgid``'s translation into ``lang`` between placeholders."""
    words = Translations.load(str(TRANSLATIONS), [lang])
    said = words.ungettext(msgid, plural, 2) if plural else words.ugettext(msgid)
    return max(re.split(r"%\(\w+\)[sd]", said), key=len).strip()


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_consortium_explanations_read_in_the_page_language(client: FlaskClient, lang: str) -> None:
    """Weakest points and the reasons no consortium answers a call are data the page puts
    in its language, not English sentences made by the solver."""
    proposals = text(client.post(f"/consortium?lang={lang}", data=EXAMPLE))
    weakest = re.findall(r'<p class="weakest">(.*?)</p>', proposals, re.S)
    assert weakest and all(
        _fixed_words(lang, "%(competence)s at level %(level)s (minimum %(minimum)s), covered only by %(holders)s.")
        in point
        for point in weakest
    )
    few_countries = text(client.post(f"/consortium?lang={lang}", data={**EXAMPLE, "min_countries": "5"}))
    countries = [f"{FROM_COUNTRIES} %(num)d {n} (%(countries)s), {FEWER}" for n in ("country", "countries")]
    assert _fixed_words(lang, *countries) in html.unescape(few_countries)
    too_small = {**EXAMPLE, "max_size": "4", "kinds-library": "4", "kinds-ngo": "", "kinds-authority": ""}
    smallest = html.unescape(text(client.post(f"/consortium?lang={lang}", data=too_small)))
    assert _fixed_words(lang, TOO_SMALL) in smallest and re.search(
        r'href="/orgs/[^"]+">[^<]+</a> \([^,)]+, [^)]+\)', smallest
    )
    if lang != "en":
        for page in (proposals, few_countries, smallest):
            assert (
                "covered only by" not in page and "min_countries:" not in page and "the smallest that does" not in page
            )
