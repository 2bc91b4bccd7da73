"""The competence vocabulary in the partners' languages: every demo term has a name in each
interface language, pages and the autocomplete show it, and a search in any language finds it."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.i18n import LANGUAGES
from graph.models import NAME_LANGUAGES
from graph.readwrite.dataset import read_dataset
from graph.store.driver import Store
from tests.support.graph import DEMO


def test_the_vocabulary_is_named_in_every_interface_language() -> None:
    assert set(NAME_LANGUAGES) == set(LANGUAGES) - {"en"}
    terms = read_dataset(DEMO).tables["competences"]
    assert len(terms) > 30
    unnamed = [(t.id, code) for t in terms for code in NAME_LANGUAGES if code not in t.names()]
    assert not unnamed, f"demo terms without a name: {unnamed}"


def test_pages_name_competences_in_the_interface_language(demo_graph: Store, client: FlaskClient) -> None:
    profile = client.get("/orgs/future-library?lang=ro").get_data(as_text=True)
    assert "Strângere de fonduri" in profile and ">Fundraising<" not in profile
    assert "Fundraising" in client.get("/orgs/future-library?lang=en").get_data(as_text=True)
    term = client.get("/competences/fundraising?lang=it").get_data(as_text=True)
    assert f"<h1>{_italian_name()}</h1>" in term


def test_the_autocomplete_finds_a_term_in_any_language_and_names_it_in_the_readers(
    demo_graph: Store, client: FlaskClient
) -> None:
    client.get("/?lang=ro")  # the language sticks for the session
    choices = client.get("/api/suggest?type=competence&q=fonduri").get_json()["choices"]
    assert [c["id"] for c in choices] == ["fundraising"] and choices[0]["name"] == "Strângere de fonduri"
    client.get("/?lang=en")
    english = client.get("/api/suggest?type=competence&q=fonduri").get_json()["choices"]
    assert [(c["id"], c["name"]) for c in english] == [("fundraising", "Fundraising")]


def _italian_name() -> str:
    return next(t for t in read_dataset(DEMO).tables["competences"] if t.id == "fundraising").names()["it"]
