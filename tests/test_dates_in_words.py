"""Dates on pages read as the page's language writes them (Babel's), never as ISO codes,
which stay only in ``<time datetime>`` for machines."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal, get_decimal_symbol

from app import create_app
from app.i18n import LANGUAGES
from graph.config import Settings
from graph.members.accounts import AccessRole
from graph.members.requests import publish
from graph.store.driver import Store
from tests.support.accounts import sign_in
from tests.test_match_pages import EXAMPLE

DEADLINE = date.today() + timedelta(days=40)
ATTRIBUTE_RE = re.compile(r'datetime="[^"]*"')
# A number with at most two decimals, written with the language's decimal sign.
NUMBER_RES = {lang: rf"\d+(?:{re.escape(get_decimal_symbol(lang))}\d{{1,2}})?" for lang in LANGUAGES}


def _shown(page: str) -> str:
    """The page without its machine-readable dates."""
    return ATTRIBUTE_RE.sub("", page)


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_deadlines_project_dates_and_introduction_dates_read_in_the_page_language(
    demo_accounts: Store, settings: Settings, lang: str
) -> None:
    request_id = publish(
        demo_accounts,
        "mara-member",
        {"org": "blia", "title": "A dated request", "competences": ["eu-project-writing"], "deadline": DEADLINE},
    ).id
    app = create_app(settings, store=demo_accounts, config={"TESTING": True})
    web = app.test_client()
    sign_in(web, AccessRole.BROKER)
    pages = {
        f"/requests/{request_id}": [DEADLINE],
        "/requests": [DEADLINE],
        "/orgs/blia": [DEADLINE],
        "/projects/partnering-starter": [date(2017, 1, 1), date(2017, 7, 31)],
        "/introductions/intro-bj-satu-mare-dgaspc": [date(2017, 5, 15)],
        "/introductions": [date(2017, 5, 15)],
        "/orgs/bj-satu-mare": [date(2017, 5, 15)],
    }
    for url, dates in pages.items():
        page = web.get(f"{url}?lang={lang}").get_data(as_text=True)
        for day in dates:
            assert format_date(day, "medium", locale=lang) in page, (url, day)
            assert day.isoformat() not in _shown(page), (url, day)


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_budgets_scores_and_coverage_read_in_the_page_language(
    demo_accounts: Store, settings: Settings, lang: str
) -> None:
    app = create_app(settings, store=demo_accounts, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    web = app.test_client()
    sign_in(web, AccessRole.BROKER)
    project = web.get(f"/projects/partnering-starter?lang={lang}").get_data(as_text=True)
    assert format_decimal(4000, "#,##0", locale=lang) in project
    request_id = publish(
        demo_accounts,
        "mara-member",
        {"org": "blia", "title": "A scored request", "competences": ["eu-project-writing"], "deadline": DEADLINE},
    ).id
    fits = web.get(f"/api/requests/{request_id}").get_json()["fits"]
    page = web.get(f"/requests/{request_id}?lang={lang}").get_data(as_text=True)
    scores = re.findall(r'<td class="num">([^<]*)</td>', page)
    assert scores == [format_decimal(f["score"], "#,##0.#", locale=lang) for f in fits][: len(scores)] and scores
    call = {**EXAMPLE, "competences-5-min_level": "1.5"}  # a minimum with a decimal
    consortium = web.post(f"/consortium?lang={lang}", data=call).get_data(as_text=True)
    covers = re.findall(r'<td class="num[^"]*">([^<(]+)(?: \(([^)]+)\))?</td>', consortium)
    values = [value.strip() for pair in covers for value in pair if value]
    assert format_decimal(1.5, locale=lang) in values
    assert all(re.fullmatch(NUMBER_RES[lang], value) for value in values), values
