"""The home page and its JSON twin, on the demo network."""

from __future__ import annotations

from flask.testing import FlaskClient

from graph.store.driver import Store


def test_home_shows_counts(demo_graph: Store, client: FlaskClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<strong>84</strong>" in html  # organisations in seeds/demo


def test_home_in_romanian(demo_graph: Store, client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept-Language": "ro-RO,ro;q=0.9"})
    assert "Găsiți partenerii" in page.get_data(as_text=True)
    assert 'lang="ro"' in page.get_data(as_text=True)


def test_api_stats(demo_graph: Store, client: FlaskClient) -> None:
    stats = client.get("/api/stats").get_json()
    assert stats["organisations"] >= 40 and stats["countries"] >= 6


def test_unknown_page_is_friendly_404(demo_graph: Store, client: FlaskClient) -> None:
    page = client.get("/no/such/page")
    assert page.status_code == 404
    assert "Back to the home page" in page.get_data(as_text=True)
    assert client.get("/api/no-such").get_json()["error"] == "not_found"
