"""Text helpers shared by the models and search: cleaning and normalising user text, and
marking the words the interface translates."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Legacy cedilla forms are kept as typed; only search keys fold them with the rest.
# Control characters: all below 32 but newline and tab, and DEL.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def N_(message: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Mark ``message`` for translation where it is written (``make messages`` finds it):
    the interface translates it where it shows it, and everything else keeps the English."""
    return message


def clean_text(value: Any) -> Any:
    """Return ``value`` NFC-normalised and stripped, refusing control characters.

    Romanian diacritics (ă â î ș ț and the cedilla forms ş ţ) pass through unchanged;
    NFC only joins a letter with a combining mark typed separately.

    >>> clean_text("  Timișoara ")
    'Timișoara'
    """
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    if _CONTROL.search(text):  # a search in C: this runs on every text cell of a load
        bad = sorted({repr(c) for c in _CONTROL.findall(text)})
        raise ValueError(f"contains control characters {', '.join(bad)}")
    return text


def normalise(text: str) -> str:
    """Return the search key of ``text``: lower-case, diacritics removed.

    >>> normalise("Timișoara, Constanţa")
    'timisoara, constanta'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str, limit: int = 60) -> str:
    """Return a readable slug of ``text``: its search key's ASCII letters and digits joined by '-'.

    >>> slugify("Biblioteca Județeană „Sorin Titel” Timiș")
    'biblioteca-judeteana-sorin-titel-timis'
    """
    readable = "".join(c if c.isalnum() else "-" for c in normalise(text) if c.isascii())
    return "-".join(part for part in readable.split("-") if part)[:limit].strip("-")
