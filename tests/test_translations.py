"""Every interface string of the templates and app code is translated into every language.

The catalogue of each language in :data:`app.i18n.LANGUAGES` (all but English, the
source) must give every extracted message a translation that keeps its placeholders.
``make messages`` adds new strings to every catalogue, empty, for a translator to fill.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask import Flask

from app.i18n import LANGUAGES, TRANSLATIONS

ROOT = Path(__file__).resolve().parent.parent
# Where interface strings are written (tools/babel.cfg says the same to `make messages`):
# the app, and the graph modules whose words pages show, marked with N_.
METHODS = [("app/templates/**.html", "jinja2"), ("app/**.py", "python"), ("graph/metrics/compute.py", "python")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "N_": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
TRANSLATED = sorted(code for code in LANGUAGES if code != "en")


def _catalogue(code: str) -> Catalog:
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def _extracted() -> set[str]:
    return {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(ROOT, METHODS, keywords=KEYWORDS)
    }


def test_every_language_has_a_catalogue() -> None:
    assert TRANSLATED == ["bg", "el", "it", "ro"]
    for code in TRANSLATED:
        assert _catalogue(code).locale is not None and str(_catalogue(code).locale) == code


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated(code: str) -> None:
    catalogue = _catalogue(code)
    found = _extracted()
    assert len(found) > 100
    missing = sorted(m for m in found if m not in catalogue or not catalogue[m].string)
    assert not missing, f"no {LANGUAGES[code]} for: {missing}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_their_placeholders(code: str) -> None:
    changed = []
    for message in _catalogue(code):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) - wanted or (
                len(strings) == 1 and set(PLACEHOLDER.findall(string)) != wanted
            ):
                changed.append(ids[0])
    assert not changed, f"{LANGUAGES[code]} translations with other placeholders: {changed}"


@pytest.mark.parametrize(
    ("source", "lang", "shown"),
    [
        ("{{ _('level %(n)d of 5', n=3) }}", "ro", "nivel 3 din 5"),
        ("{{ _('level %(n)d of 5', n=3) }}", "en", "level 3 of 5"),
        ("{{ _('%(name)s', name='<b>&') }}", "ro", "&lt;b&gt;&amp;"),  # variables escaped
        ("{{ _('100%% free') }}", "en", "100% free"),  # always %-formatted, as jinja's _
        ("{% autoescape false %}{{ _('%(name)s', name='<b>') }}{% endautoescape %}", "en", "<b>"),
    ],
)
def test_templates_translate_and_escape_as_jinja_does(app: Flask, source: str, lang: str, shown: str) -> None:
    with app.test_request_context(f"/?lang={lang}"):
        assert app.jinja_env.from_string(source).render() == shown
