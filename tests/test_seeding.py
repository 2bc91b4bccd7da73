"""The demo at start-up: loaded into an empty graph only; a refresh says what it overwrites."""

from __future__ import annotations

from graph.members import audit, editing
from graph.readwrite.seeding import seed
from graph.resources import DEMO_DIR
from graph.store.driver import Store


def test_the_demo_loads_only_into_an_empty_graph_and_a_refresh_says_what_it_overwrites(empty_graph: Store) -> None:
    first = seed(empty_graph, DEMO_DIR)
    assert first.loaded and first.overwritten == {} and "into an empty graph" in first.describe(DEMO_DIR)
    editing.update_org(empty_graph, "mara", "blia", {"description": "Our own words"})

    again = seed(empty_graph, DEMO_DIR)
    assert not again.loaded and again.organisations_held == 84
    assert "not loaded, nothing overwritten" in again.describe(DEMO_DIR)
    assert editing.get_org(empty_graph, "blia").description == "Our own words"

    refreshed = seed(empty_graph, DEMO_DIR, refresh=True)
    assert refreshed.loaded and refreshed.overwritten["organisations"] == 84
    assert "84 organisations" in refreshed.describe(DEMO_DIR)
    assert editing.get_org(empty_graph, "blia").description != "Our own words"
    event = audit.list_events(empty_graph, limit=1)[0]
    assert event.action == "dataset.refresh" and event.changes["organisations"]["before"] == "84 rows"
