"""The models' validation messages in the reader's language.

The models (``graph``) explain a refused value in English sentences, which the JSON API
passes on as they are. A form shows them to people instead: :func:`in_words` finds the
sentence among the known ones (pydantic's own and those of PartnerNet's models) and gives
its translation, with the same values filled in; a sentence it does not know stays as the
model wrote it.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

# English sentence (a full match, with named values) -> its translatable wording
KNOWN = [
    (r"Field required", _l("This field is required.")),
    (r"String should have at least (?P<n>\d+) characters?", _l("At least %(n)s characters.")),
    (r"String should have at most (?P<n>\d+) characters?", _l("At most %(n)s characters.")),
    (r"Input should be a valid integer.*", _l("Enter a whole number.")),
    (r"Input should be a valid number.*", _l("Enter a number.")),
    (r"Input should be greater than or equal to (?P<n>[\d.]+)", _l("Enter %(n)s or more.")),
    (r"Input should be greater than (?P<n>[\d.]+)", _l("Enter more than %(n)s.")),
    (r"Input should be less than or equal to (?P<n>[\d.]+)", _l("Enter %(n)s or less.")),
    (r"Input should be a valid date.*", _l("Enter a date (year-month-day).")),
    (
        r"must be a web address starting with http:// or https:// \(got .*\)",
        _l("Enter a web address starting with http:// or https://."),
    ),
    (r"is not an e-mail address \(got .*\)", _l("Enter an e-mail address.")),
    (
        r"3 to 40 characters: lower-case letters, digits, '\.', '_' or '-'",
        _l("3 to 40 characters: lower-case letters, digits, “.”, “_” or “-”."),
    ),
    (
        r"the deadline has passed; give today or a later date",
        _l("The deadline has passed; give today or a later date."),
    ),
    (r"an introduction needs two different organisations", _l("An introduction needs two different organisations.")),
    (r"no organisation is called '(?P<name>.*)'", _l("No organisation is called “%(name)s”.")),
    (
        r"several organisations are called '(?P<name>.*)': (?P<places>.*)",
        _l("Several organisations are called “%(name)s”: %(places)s."),
    ),
    (r"give the consortium a title of 1 to 200 characters", _l("Give the consortium a title of 1 to 200 characters.")),
    (r"a consortium has at most (?P<n>\d+) members", _l("A consortium has at most %(n)s members.")),
    (r"a consortium keeps at least one member", _l("A consortium keeps at least one member.")),
    (r"a competence sought is not in the vocabulary", _l("A competence sought is not in the vocabulary.")),
]
PATTERNS = [(re.compile(english), wording) for english, wording in KNOWN]


def in_words(message: str) -> str:
    """``message`` in the interface language when it is a known sentence (else as it is)."""
    for pattern, wording in PATTERNS:
        found = pattern.fullmatch(message.strip())
        if found:
            return str(wording) % found.groupdict() if found.groupdict() else str(wording)
    return message
