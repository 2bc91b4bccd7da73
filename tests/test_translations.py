"""Every interface string of the templates and app code has a Romanian translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

APP = Path(__file__).resolve().parent.parent / "app"
METHODS = [("templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def test_every_message_is_translated_to_romanian() -> None:
    with (APP / "translations" / "ro" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    found = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(APP, METHODS, keywords=KEYWORDS)
    }
    assert len(found) > 100
    missing = sorted(m for m in found if m not in catalogue or not catalogue[m].string)
    assert not missing, f"no Romanian for: {missing}"
