"""The explorer in headless Chromium: search, profile, network, click-through, path, region,
Romanian interface; no request leaves 127.0.0.1 and no page logs a JavaScript error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from app import create_app
from app.local_server import serving
from graph.config import Settings
from graph.store.driver import Store
from tests.support.browser import Recorder, wait_until

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(settings: Settings, demo_graph: Store) -> Iterator[str]:
    app = create_app(settings, store=demo_graph, config={"TESTING": True})
    with serving(app) as url:
        yield url


@pytest.fixture()
def page(recorded_page: tuple[Page, Recorder]) -> tuple[Page, Recorder]:
    return recorded_page


def _wait_for_network(page: Page) -> None:
    wait_until(page, "window.partnernet && window.partnernet.stabilized", timeout=15_000)


def test_search_profile_network_click(base_url: str, page: tuple[Page, Recorder]) -> None:
    tab, _ = page
    tab.goto(base_url + "/")
    tab.get_by_label("Search organisations by name or city").fill("timisoara")
    tab.keyboard.press("Enter")  # the form works from the keyboard
    tab.wait_for_url("**/orgs?q=timisoara*")
    assert tab.locator("table.results tbody tr").count() > 0
    tab.locator("table.results tbody a").first.click()
    tab.wait_for_url("**/orgs/*")
    org_id = tab.url.rsplit("/", 1)[1]
    assert tab.locator("h1").inner_text()

    tab.goto(f"{base_url}/orgs/anbpr/network?depth=1")
    _wait_for_network(tab)
    assert tab.locator("#network canvas").count() == 1
    ids = tab.evaluate("window.partnernet.nodes.getIds()")
    expected = {"anbpr", "bnar", "blia", "future-library"}
    assert expected <= set(ids), ids
    assert tab.evaluate("window.partnernet.network.physics.physicsEnabled") is False
    assert org_id  # the search led to a real profile

    # Click the node of BLIA on the canvas, then the profile link in the side panel.
    point = tab.evaluate("""() => {
        document.getElementById('network').scrollIntoView();
        const n = window.partnernet.network;
        n.focus('blia', {scale: 1.5, animation: false});
        const p = n.canvasToDOM(n.getPosition('blia'));
        const box = document.querySelector('#network canvas').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""")
    tab.mouse.move(point["x"], point["y"])
    tooltip = tab.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().splitlines() == [
        "Bulgarian Library and Information Association (BLIA)",
        "NGO · BG · BG-22",
    ]
    tab.mouse.click(point["x"], point["y"])  # selects it: the side panel links its profile
    tab.locator("#net-panel").get_by_role("link", name="Open the profile").click()
    tab.wait_for_url("**/orgs/blia")
    assert "BLIA" in tab.locator("h1").inner_text()


def test_network_filters_in_the_url(base_url: str, page: tuple[Page, Recorder]) -> None:
    tab, _ = page
    tab.goto(f"{base_url}/orgs/anbpr/network")
    tab.get_by_label("2").check()
    tab.get_by_role("checkbox", name="library").check()
    tab.get_by_role("button", name="Show").click()
    tab.wait_for_url("**depth=2**kinds=library**")
    _wait_for_network(tab)
    kinds = tab.evaluate("window.partnernet.nodes.get().map(n => n.kind)")
    assert kinds[0] == "ngo" and set(kinds[1:]) == {"library"}


def test_path_view(base_url: str, page: tuple[Page, Recorder]) -> None:
    tab, _ = page
    tab.goto(base_url + "/path")
    tab.get_by_label("From (organisation)").fill("bj-satu-mare")
    tab.get_by_label("To (organisation)").fill("blia")
    tab.get_by_role("button", name="Find paths").click()
    tab.wait_for_url("**/path?from=bj-satu-mare&to=blia")
    assert tab.locator("ol.paths li").count() > 0
    _wait_for_network(tab)
    ids = set(tab.evaluate("window.partnernet.nodes.getIds()"))
    assert {"bj-satu-mare", "blia"} <= ids


def test_region_balkan_switch(base_url: str, page: tuple[Page, Recorder]) -> None:
    tab, _ = page
    tab.goto(base_url + "/regions/RO")
    _wait_for_network(tab)
    every = tab.locator("table.links tbody tr").count()
    countries_all = set(tab.locator("ul.partner-countries a").all_inner_texts())
    tab.get_by_label("Balkan partners only").check()
    tab.wait_for_url("**/regions/RO?balkan=1")
    _wait_for_network(tab)
    balkan = tab.locator("table.links tbody tr").count()
    countries = set(tab.locator("ul.partner-countries a").all_inner_texts())
    assert 0 < balkan < every
    assert countries < countries_all and "IT" not in countries


def test_country_matrix_page(base_url: str, page: tuple[Page, Recorder]) -> None:
    tab, _ = page
    tab.goto(base_url + "/regions")
    assert tab.locator("table.matrix td.hot").count() > 0
    tab.get_by_role("link", name="Romania", exact=True).click()
    tab.wait_for_url("**/regions/RO")


def test_romanian_interface(base_url: str, page: tuple[Page, Recorder]) -> None:
    tab, _ = page
    tab.goto(base_url + "/orgs/anbpr")
    tab.get_by_role("link", name="Română").click()
    tab.wait_for_url("**lang=ro")
    assert tab.locator("html").get_attribute("lang") == "ro"
    assert tab.get_by_role("heading", name="Parteneri").count() == 1
    tab.get_by_role("link", name="Regiuni").click()  # the choice sticks across pages
    assert "Cooperarea transfrontalieră" in tab.locator("h1").inner_text()
    assert tab.locator("html").get_attribute("lang") == "ro"


def test_not_found_page(base_url: str, page: tuple[Page, Recorder]) -> None:
    tab, recorder = page
    response = tab.goto(base_url + "/orgs/no-such-org")
    assert response is not None and response.status == 404
    recorder.errors = [e for e in recorder.errors if "status of 404" not in e]  # the page itself
    assert tab.get_by_role("link", name="Back to the home page").count() == 1


CONTRAST_OF_HEADERS = """() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  return [...document.querySelectorAll('table.metrics th')].map((th) => {
    const text = getComputedStyle(th.querySelector('button') || th).color;
    const back = getComputedStyle(th).backgroundColor;
    const [hi, lo] = [lum(text), lum(back)].sort((a, b) => b - a);
    return (hi + 0.05) / (lo + 0.05);
  });
}"""


def test_metrics_table_headers_are_readable(base_url: str, page: tuple[Page, Recorder]) -> None:
    """The sortable headers once inherited the buttons' white text on a light grey."""
    tab, _ = page
    tab.goto(f"{base_url}/metrics")
    ratios = tab.evaluate(CONTRAST_OF_HEADERS)
    assert ratios and min(ratios) >= 4.5  # WCAG AA for normal text


@pytest.mark.parametrize("path", ["/regions", "/regions/RO", "/metrics"])
def test_checkboxes_sit_beside_their_labels(base_url: str, page: tuple[Page, Recorder], path: str) -> None:
    """Checkboxes once took a field's full width (region page) or stood above their
    words (metrics filter): each box must be on its label's line, just before it."""
    tab, _ = page
    tab.goto(base_url + path)
    tab.evaluate("document.querySelectorAll('main details').forEach((d) => { d.open = true; })")
    boxes = tab.locator("main input[type=checkbox]")
    assert boxes.count() > 0
    for i in range(boxes.count()):
        box = boxes.nth(i)
        box_id = box.get_attribute("id")
        words = tab.locator(f"label[for='{box_id}']") if box_id else box.locator("xpath=..")
        mark, text = box.bounding_box(), words.bounding_box()
        assert mark is not None and text is not None
        middle = mark["y"] + mark["height"] / 2
        assert text["y"] <= middle <= text["y"] + text["height"], (path, i, "not on the label's line")
        assert mark["width"] < 30, (path, i, "stretched")


def _degrees(tab: Page) -> list[int]:
    column = tab.locator("table.metrics thead th").all_inner_texts().index("Degree")
    rows = tab.locator("table.metrics tbody tr").all()
    return [int(row.locator("th, td").nth(column).inner_text()) for row in rows]


def test_metrics_table_sorts_in_the_page_or_on_the_server(
    base_url: str, page: tuple[Page, Recorder], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every row shown: sorted in the page. Some rows shown: the server sorts all of them."""
    from app.views import metrics_api

    tab, _ = page
    tab.goto(f"{base_url}/metrics")
    everything = sorted(_degrees(tab), reverse=True)
    tab.get_by_role("button", name="Degree", exact=True).click()
    assert _degrees(tab) == everything and "sort=" not in tab.url
    monkeypatch.setattr(metrics_api, "PAGE_ROWS", 5)
    tab.goto(f"{base_url}/metrics")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Degree", exact=True).click()
    assert "sort=-degree" in tab.url and _degrees(tab) == everything[:5]
    header = tab.locator("table.metrics th", has_text="Degree").first
    assert header.get_attribute("aria-sort") == "descending"


def test_metrics_table_links_names_keeps_them_in_view_and_chooses_columns(base_url: str, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(f"{base_url}/metrics?lang=ro")
    first = tab.locator("table.metrics tbody th a").first
    assert first.get_attribute("href", timeout=5000).startswith("/orgs/")  # names link to profiles
    strength = tab.locator("table.metrics thead th").all_inner_texts().index("Grad ponderat")
    values = [r.locator("th, td").nth(strength).inner_text() for r in tab.locator("table.metrics tbody tr").all()]
    assert all(len(v.partition(",")[2]) <= 3 and "." not in v for v in values), values  # Romanian, no 12.0000
    wrap = tab.locator(".metrics-wrap")
    wrap.evaluate("(box) => { box.scrollLeft = 600; }")
    name_box, wrap_box = first.bounding_box(), wrap.bounding_box()
    assert name_box and wrap_box and name_box["x"] >= wrap_box["x"] - 1  # the name column stays in view
    tab.locator("details.columns-chooser summary").click()
    tab.get_by_label("Intermediere", exact=True).uncheck()  # the columns are named in the page's language
    assert not tab.locator("table.metrics thead th", has_text="Intermediere").is_visible()
    tab.reload()
    assert not tab.locator("table.metrics thead th", has_text="Intermediere").is_visible()  # remembered
    context.close()
