"""Cell values as people write them, turned into PartnerNet's values.

Kinds ("Bibliotecă județeană" is a library, "Asociația ..." an NGO), roles
("Coordonator", "Lead partner"), dates (``2024-03-01``, ``01.03.2024``) and amounts
(``12.500,50`` as Romanian Excel writes it). Words are compared as search keys
(:func:`graph.text.normalise`), so diacritics and cedilla letters do not matter.

Example:
    >>> kind_of("Bibliotecă Județeană"), role_of("Coordonator"), iso_date("01.03.2024"), amount("12.500,50")
    ('library', 'coordinator', '2024-03-01', '12500.50')
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from graph.models import OrgKind, Role
from graph.text import normalise

# Words (search keys) that name a kind, in English and Romanian; the first word of a
# cell that is one of these decides ("Biblioteca Asociației" is a library).
KIND_WORDS: dict[str, OrgKind] = {
    **dict.fromkeys(("library", "libraries", "biblioteca", "biblioteci", "bibliotheque"), OrgKind.LIBRARY),
    **dict.fromkeys(
        (
            "ngo",
            "ong",
            "nonprofit",
            "non-profit",
            "association",
            "asociatia",
            "asociatie",
            "foundation",
            "fundatia",
            "fundatie",
        ),
        OrgKind.NGO,
    ),
    **dict.fromkeys(
        (
            "authority",
            "autoritate",
            "municipality",
            "municipiul",
            "primaria",
            "primarie",
            "consiliul",
            "ministry",
            "ministerul",
            "public",
            "publica",
            "pub",
        ),
        OrgKind.AUTHORITY,
    ),
    **dict.fromkeys(
        ("business", "company", "companie", "firma", "srl", "sa", "enterprise", "private", "privat", "prc"),
        OrgKind.BUSINESS,
    ),
    **dict.fromkeys(
        ("university", "universitate", "universitatea", "college", "facultatea", "higher", "hes"),
        OrgKind.UNIVERSITY,
    ),
    **dict.fromkeys(("network", "retea", "reteaua", "federation", "federatia", "consortium"), OrgKind.NETWORK),
    **dict.fromkeys(("other", "alta", "altul", "altele", "oth", "rec", "research"), OrgKind.OTHER),
}
ROLE_WORDS: dict[str, Role] = {
    **dict.fromkeys(
        ("coordinator", "coordonator", "lead", "leader", "lider", "applicant", "solicitant"), Role.COORDINATOR
    ),
    **dict.fromkeys(("partner", "partener", "participant", "beneficiary", "beneficiar"), Role.PARTNER),
    **dict.fromkeys(
        ("stakeholder", "associated", "associatedpartner", "asociat", "thirdparty", "observer", "observator"),
        Role.STAKEHOLDER,
    ),
}
_WORD = re.compile(r"[a-z0-9-]+")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def _first_word(text: str, words: Mapping[str, str]) -> str | None:
    key = normalise(text).strip()
    if key in words:
        return words[key]
    compact = key.replace(" ", "")
    if compact in words:
        return words[compact]
    return next((words[w] for w in _WORD.findall(key) if w in words), None)


def kind_of(text: str) -> str | None:
    """The organisation kind a cell names, or None when no word of it is known.

    >>> kind_of("ONG"), kind_of("Universitatea de Vest"), kind_of("Muzeu")
    ('ngo', 'university', None)
    """
    found = _first_word(text, KIND_WORDS)
    return str(found) if found is not None else None


def role_of(text: str) -> str | None:
    """The project role a cell names, or None.

    >>> role_of("associatedPartner"), role_of("Partener 2")
    ('stakeholder', 'partner')
    """
    found = _first_word(text, ROLE_WORDS)
    return str(found) if found is not None else None


def iso_date(text: str) -> str:
    """A date as ISO ``YYYY-MM-DD``; ``dd.mm.yyyy`` and ``dd/mm/yyyy`` are turned round."""
    found = _DMY.match(text.strip())
    if found is None:
        return text.strip()[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", text.strip()) else text
    day, month, year = found.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def amount(text: str) -> str:
    """A number as Python reads it: ``12.500,50`` and ``12500,50`` become ``12500.50``."""
    value = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in value and "." in value:
        value = value.replace(".", "").replace(",", ".") if value.rfind(",") > value.rfind(".") else value
        value = value.replace(",", "")
    elif "," in value:
        value = value.replace(",", ".")
    return value
