"""The introduction pipeline on the broker dashboard: stages, quiet introductions, filters, CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient

from graph.members.introductions import list_introductions
from graph.members.pipeline import PipelineFilters, pipeline
from graph.models import IntroductionStatus as Status
from graph.store.driver import Store


def test_stages_hold_every_introduction_in_workflow_order(demo_graph: Store) -> None:
    board = pipeline(demo_graph, PipelineFilters())
    everything = list_introductions(demo_graph)
    assert [s.status for s in board.stages] == list(Status)
    for stage in board.stages:
        assert stage.count == len(stage.items) == sum(i.status is stage.status for i in everything)
        assert {i.id for i in stage.items} == {i.id for i in everything if i.status is stage.status}
    assert board.total == len(everything) and board.quiet == 0  # just loaded: nothing is quiet yet


def test_open_introductions_unchanged_for_long_are_quiet(demo_graph: Store) -> None:
    later = date.today() + timedelta(days=40)
    board = pipeline(demo_graph, PipelineFilters(stale_days=30), today=later)
    items = [i for s in board.stages for i in s.items]
    assert items and all(i.days_unchanged is not None and i.days_unchanged >= 40 for i in items)
    assert {i.id for i in items if i.quiet} == {
        i.id for i in items if i.status not in (Status.DECLINED, Status.PARTNERSHIP)
    }
    only = pipeline(demo_graph, PipelineFilters(stale_days=30, quiet=True), today=later)
    assert only.total == board.quiet > 0 and all(i.quiet for s in only.stages for i in s.items)
    assert pipeline(demo_graph, PipelineFilters(stale_days=41, quiet=True), today=later).total == 0


def test_filters_by_broker_organisation_and_country(demo_graph: Store) -> None:
    everything = [i for s in pipeline(demo_graph, PipelineFilters()).stages for i in s.items]
    brokers = {i.broker.id for i in everything if i.broker}
    assert len(brokers) > 1
    for broker in brokers:
        board = pipeline(demo_graph, PipelineFilters(broker=broker))
        assert board.total == sum(i.broker is not None and i.broker.id == broker for i in everything)
    org = everything[0].source.id
    mine = [i for s in pipeline(demo_graph, PipelineFilters(org=org)).stages for i in s.items]
    assert mine and all(org in (i.source.id, i.target.id) for i in mine)
    bulgarian = [i for s in pipeline(demo_graph, PipelineFilters(country="bg")).stages for i in s.items]
    assert bulgarian and all("BG" in (i.source.country, i.target.country) for i in bulgarian)
    assert len(bulgarian) < len(everything)


def test_dashboard_page_json_and_csv(broker_client: FlaskClient) -> None:
    page = broker_client.get("/broker?lang=ro")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Propuse" in text and 'id="stage-partnership"' in text
    data = broker_client.get("/broker?format=json&country=RO").get_json()
    assert data["filters"]["country"] == "RO" and [s["status"] for s in data["stages"]] == [s.value for s in Status]
    sheet = broker_client.get("/broker?format=csv")
    rows = list(csv.DictReader(io.StringIO(sheet.get_data(as_text=True))))
    assert sheet.mimetype == "text/csv" and len(rows) == sum(
        s["count"] for s in broker_client.get("/broker?format=json").get_json()["stages"]
    )
    assert {"source", "target", "status", "broker", "days_unchanged", "quiet"} <= set(rows[0])


@pytest.mark.parametrize(
    ("query", "name"), [("stale_days=0", "stale_days"), ("country=Romania", "country"), ("quiet=maybe", "quiet")]
)
def test_dashboard_bad_filter_names_the_parameter(broker_client: FlaskClient, query: str, name: str) -> None:
    page = broker_client.get(f"/broker?{query}")
    assert page.status_code == 400 and name in page.get_data(as_text=True)


def test_the_board_shows_a_few_per_stage_and_links_to_the_rest(
    broker_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broker association with years of introductions has thousands: the page shows the
    first of each stage (JSON and CSV give them all) and links to the stage's list."""
    from app.views import broker

    monkeypatch.setattr(broker, "STAGE_ITEMS", 1)
    counts = {s["status"]: s["count"] for s in broker_client.get("/broker?format=json").get_json()["stages"]}
    page = broker_client.get("/broker").get_data(as_text=True)
    assert any(n > 1 for n in counts.values())
    for status, count in counts.items():
        section = page.split(f'id="stage-{status}"')[1].split("</section>")[0]
        assert section.count('href="/introductions/intro-') == min(count, 1), status
        more = f'href="/introductions?status={status}"'
        assert (more in section) == (count > 1) and (f"{count - 1} more" in section) == (count > 1), status


def test_a_proposal_is_on_the_board_at_once_and_organisations_are_picked_by_name(
    broker_client: FlaskClient,
) -> None:
    before = broker_client.get("/broker?format=json").get_json()["total"]
    created = broker_client.post("/introductions/new", data={"source": "anbpr", "target": "blia"})
    intro_id = created.headers["Location"].rsplit("/", 1)[1]
    board = broker_client.get("/broker").get_data(as_text=True)
    assert f'href="/introductions/{intro_id}"' in board
    assert broker_client.get("/broker?format=json").get_json()["total"] == before + 1
    by_id = broker_client.get("/broker?format=json&org=blia").get_json()["total"]
    named = broker_client.get("/broker", query_string={"org": "Bulgarian Library"}).get_data(as_text=True)
    assert 'name="org" value="Bulgarian Library and Information Association (BLIA)"' in named
    assert by_id >= 1 and f'<p class="summary">{by_id} ' in named
