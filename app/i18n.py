"""Interface languages: English, Romanian, Bulgarian, Greek and Italian (the partners'
languages of the source programmes), by a switch or the browser's preference.

The chosen language is, in order: ``?lang=`` in the URL (which is also remembered in
the session, so the switch sticks), the session, then the browser's Accept-Language.
Only the interface is translated; data keeps its own language and diacritics.
Catalogues live in ``app/translations/<lang>/LC_MESSAGES/messages.po`` and are compiled
to ``.mo`` when the app starts if the ``.po`` is newer (so no build step is needed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations
from flask import Flask, g, request, session
from flask_babel import Babel, get_locale, get_translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

LANGUAGES = {"en": "English", "ro": "Română", "bg": "Български", "el": "Ελληνικά", "it": "Italiano"}
TRANSLATIONS = Path(__file__).parent / "translations"


def select_locale() -> str:
    """The language of this request (see module docstring)."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked
        return asked
    remembered = session.get("lang")
    if remembered in LANGUAGES:
        return str(remembered)
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"


def compile_catalogues(directory: Path = TRANSLATIONS) -> None:
    """Compile each ``messages.po`` to ``messages.mo`` when the ``.po`` is newer."""
    for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalogue)


def request_translations() -> NullTranslations:
    """This request's catalogue, found once per request and kept in ``g``: flask_babel looks
    it up through the request context, the domain and the locale at every call, which was a
    tenth of the time pages took to render (a page translates a hundred strings or more).
    Nothing in the app switches the language within a request."""
    found: NullTranslations | None = g.get("partnernet_translations")
    if found is None:
        found = g.partnernet_translations = get_translations()
    return found


@pass_eval_context
def translate(eval_ctx: EvalContext, string: str, **variables: Any) -> str:
    """``_()`` in templates: what jinja2.ext.i18n's newstyle ``_`` gives (the translation,
    made markup under autoescape, then always %-formatted with ``variables``, which
    markup escapes), without the two context look-ups and calls that ``_`` makes before
    it reaches ``gettext``: a page calls it a hundred times."""
    text: str = request_translations().ugettext(string)
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


def init_app(app: Flask) -> None:
    compile_catalogues()
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    Babel(app, locale_selector=select_locale)
    # In place of flask_babel's callables, which look the catalogue up at every call; the
    # method comes with jinja2.ext.i18n, which Babel() added.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals.update(_=translate, LANGUAGES=LANGUAGES, get_locale=get_locale)
