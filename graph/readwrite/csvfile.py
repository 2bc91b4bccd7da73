"""The one CSV writer: every CSV PartnerNet writes (web pages, API, CLI exports, generated
datasets) goes through :func:`write_rows` or :func:`write_dicts`.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and
some strip a leading tab or carriage return first), so text a member typed could run in
an analyst's spreadsheet ("CSV injection"). Such a text cell is written with a leading
``'``, which spreadsheets show as text and do not evaluate.

Numbers stay numbers: a Python ``int`` or ``float`` is written as it is, and so is a
text cell that is a plain decimal number (``-3``, ``+4.5``, ``-1e-3``), because a
spreadsheet reads those as numbers and runs nothing; a negative metric or budget must
not turn into text. Anything else that starts with one of those characters
(``-2+3``, ``=1+1``, ``+40 256 123``) is neutralised.

Example:
    >>> import io
    >>> out = io.StringIO()
    >>> write_rows(out, ["name", "score"], [["=HYPERLINK(\\"x\\")", -1.5], ["-2", "@SUM(A1)"]])
    >>> print(out.getvalue(), end="")
    name,score
    "'=HYPERLINK(""x"")",-1.5
    -2,'@SUM(A1)
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """``value`` as a CSV cell no spreadsheet evaluates: formula-leading text gets a ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = str(value)
        if text.startswith(FORMULA_LEADS) and not _NUMBER.fullmatch(text):
            return "'" + text
        return text
    return value


def write_rows(out: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a header row and ``rows`` to the text stream ``out``, every cell made safe."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)


def write_dicts(out: IO[str], fields: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """Write ``rows`` as columns ``fields`` (a missing key is an empty cell), made safe."""
    write_rows(out, fields, ([row.get(name) for name in fields] for row in rows))
