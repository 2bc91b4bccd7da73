"""The walk: every page, as the role that opens it, in every interface language, at 1280 and
390 px wide, in headless Chromium on the demo network.

Each page fails the walk on:

- horizontal overflow (the document wider than the window);
- an untranslated interface string: outside English, a label, button, heading, table header,
  legend, summary or link of the nav that reads exactly as an English message of the
  catalogue, or any longer English message (four words or more) anywhere in the page's text;
- an id where a name exists: a demo organisation, project or competence id (the ones with a
  hyphen) in the page's visible text, outside the free text people wrote (notes, descriptions);
- a JavaScript error, or a request to any host but 127.0.0.1.

A screenshot of each page goes to ``screenshots/walk/<lang>-<width>/`` (ignored by git), for
people to look at.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Browser, BrowserContext, Page
from werkzeug.exceptions import NotFound

from app import create_app
from app.i18n import LANGUAGES, TRANSLATIONS
from app.local_server import serving
from graph.config import Settings
from graph.members import consortia
from graph.members.accounts import AccessRole
from graph.members.requests import publish
from graph.models import Role
from graph.readwrite.dataset import read_dataset
from graph.store.driver import Store
from tests.support.accounts import PASSWORD, USERS
from tests.support.browser import Recorder
from tests.support.graph import DEMO, ROOT
from tests.support.pages import PAGES

pytestmark = pytest.mark.browser

WIDTHS = {1280: 900, 390: 844}
SHOTS = ROOT / "screenshots" / "walk"
USER_TEXT = ".note, #current-note, .description, blockquote"
INTERFACE = "label, button, th, legend, summary, h1, h2, h3, header.site nav a, .flash, dt"
OUTSIDE_THE_WALK = ("/api", "/static", "/vendor", "/healthz", "/readyz")  # for programs, not people
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _english_messages(code: str) -> tuple[set[str], list[str]]:
    """The English messages that ``code`` translates differently: whole ones (without
    placeholders), and the longer ones to look for anywhere in a page's text."""
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    whole: set[str] = set()
    for message in catalogue:
        english = message.id[0] if isinstance(message.id, tuple) else message.id
        translated = message.string[0] if isinstance(message.string, tuple) else message.string
        if english and translated and translated != english and not PLACEHOLDER.search(english):
            whole.add(english)
    return whole, sorted(m for m in whole if len(m.split()) >= 4)


def _ids(made: list[str]) -> re.Pattern[str]:
    """The ids of the demo's organisations, projects and competences, and of what the walk made."""
    tables = read_dataset(DEMO).tables
    ids = {item.id for table in ("organisations", "projects", "competences") for item in tables[table]} | set(made)
    hyphenated = sorted((i for i in ids if "-" in i), key=len, reverse=True)
    return re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, hyphenated)) + r")(?![\w/-])")


@pytest.fixture(scope="module")
def base_url(settings: Settings, demo_accounts: Store) -> Iterator[str]:
    with serving(create_app(settings, store=demo_accounts)) as url:
        yield url


@pytest.fixture(scope="module")
def pages(demo_accounts: Store) -> list[tuple[AccessRole, str]]:
    """:data:`PAGES`, and the pages of a partner request and a saved consortium (the demo has none)."""
    fields = {"org": "blia", "title": "Reading clubs across the Danube", "competences": ["reading-promotion"]}
    published = publish(demo_accounts, USERS[AccessRole.MEMBER][0], fields | {"deadline": date.today()})
    members = [("blia", Role.COORDINATOR), ("anbpr", Role.PARTNER)]
    saved = consortia.save(demo_accounts, "ada-admin", None, "Danube readers", "Interreg", {}, members)
    return [*PAGES, (AccessRole.VISITOR, f"/requests/{published.id}"), (AccessRole.BROKER, f"/consortia/{saved.id}")]


def _made(pages: list[tuple[AccessRole, str]]) -> list[str]:
    return [path.rsplit("/", 1)[1] for _, path in pages[len(PAGES) :]]


@pytest.fixture(scope="module")
def signed_in(browser: Browser, base_url: str) -> dict[AccessRole, dict]:  # type: ignore[type-arg]
    """Each role's cookies (storage state), signed in once through the login form."""
    states: dict[AccessRole, dict] = {AccessRole.VISITOR: {}}  # type: ignore[type-arg]
    for role, (username, _) in USERS.items():
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{base_url}/login")
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert "/login" not in page.url, f"{role.value} could not sign in"
        states[role] = context.storage_state()  # type: ignore[assignment]
        context.close()
    return states


def _problems(page: Page, lang: str, whole: set[str], longer: list[str], ids: re.Pattern[str]) -> list[str]:
    found = []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        found.append(f"{overflow} px wider than the window")
    # free text people wrote (notes, descriptions) may hyphenate words that are also ids
    text = page.evaluate(
        "sel => { document.querySelectorAll(sel).forEach(e => { e.style.display = 'none'; });"
        " return document.body.innerText; }",
        USER_TEXT,
    )
    if lang != "en":
        labels = page.eval_on_selector_all(INTERFACE, "els => els.map(e => e.innerText.trim())")
        english = sorted({t for t in labels if t in whole} | {m for m in longer if m in text})
        if english:
            found.append(f"English: {english}")
    shown_ids = sorted(set(ids.findall(text)))
    if shown_ids:
        found.append(f"ids: {shown_ids}")
    return found


@pytest.mark.parametrize("width", sorted(WIDTHS, reverse=True))
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_walk_every_page(
    browser: Browser,
    base_url: str,
    pages: list[tuple[AccessRole, str]],
    signed_in: dict[AccessRole, dict],  # type: ignore[type-arg]
    lang: str,
    width: int,
) -> None:
    whole, longer = _english_messages(lang) if lang != "en" else (set(), [])
    ids = _ids(_made(pages))
    shots = SHOTS / f"{lang}-{width}"
    shutil.rmtree(shots, ignore_errors=True)  # this walk's pictures only
    shots.mkdir(parents=True)
    contexts: dict[AccessRole, BrowserContext] = {}
    problems: dict[str, list[str]] = {}
    try:
        for role, path in pages:
            if role not in contexts:
                contexts[role] = browser.new_context(
                    viewport={"width": width, "height": WIDTHS[width]},
                    storage_state=signed_in[role] or None,  # type: ignore[arg-type]
                )
            page = contexts[role].new_page()
            recorder = Recorder(page)
            response = page.goto(f"{base_url}{path}{'&' if '?' in path else '?'}lang={lang}")
            page.wait_for_load_state("load")
            assert path == "/login" or "/login" not in page.url, f"{role.value} cannot open {path}"
            # named by role and address, without the random part of the ids the walk made
            name = re.sub(r"_[0-9a-f]{6}$", "", re.sub(r"[^\w]+", "_", f"{role.value}{path}").strip("_"))
            page.screenshot(path=str(shots / f"{name}.png"))
            found = _problems(page, lang, whole, longer, ids)
            if response is not None and response.status >= 400:  # the page's own status, expected
                recorder.errors = [e for e in recorder.errors if f"status of {response.status}" not in e]
            try:
                recorder.check()
            except AssertionError as exc:
                found.append(str(exc))
            if found:
                problems[path] = found
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    assert not problems, f"{lang} at {width} px: {problems}"


def test_the_walk_covers_every_page_of_the_app(pages: list[tuple[AccessRole, str]]) -> None:
    app = create_app(Settings(data_dir=Path("/nonexistent"), neo4j_uri="bolt://127.0.0.1:9", neo4j_password="x"))
    adapter = app.url_map.bind("localhost")
    every = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ())
        and not rule.rule.startswith(("/api", "/static", "/vendor", "/healthz", "/readyz"))
    }
    walked = set()
    for _, path in pages:
        try:
            walked.add(adapter.match(path.split("?")[0])[0])
        except NotFound:  # the walk's page for an address that names nothing
            continue
    # an import job's page exists only while an import runs: tests/test_browser_import.py opens it
    assert every - walked == {"imports.job"}
