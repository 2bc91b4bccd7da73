"""One view, three formats: HTML, JSON and CSV from the same data.

A data route calls :func:`respond` with its template (None for an API-only route),
its pydantic payload and (for tabular pages) the rows of its table; ``?format=json`` /
``?format=csv`` or an ``/api/`` path select the machine-readable twin, so every page's
data can be downloaded or bookmarked with its filters. Errors take the same turn
(:func:`wants_json`): see :mod:`app.errors`.

Example:
    >>> respond("search.html", result, rows=result.items)     # doctest: +SKIP
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from flask import Response, render_template, request
from pydantic import BaseModel

from graph.readwrite.csvfile import write_dicts

FORMATS = ("html", "json", "csv")


def wants_json() -> bool:
    """Whether this request is a program's: an ``/api/`` path or ``?format=json``."""
    return request.path.startswith("/api/") or request.args.get("format") == "json"


def requested_format(default: str = "html") -> str:
    """The format asked for: ``?format=``, else JSON under ``/api/``, else ``default``."""
    asked = request.args.get("format")
    if asked in FORMATS:
        return asked
    return "json" if wants_json() else default


def json_response(payload: BaseModel | Mapping[str, Any] | list[Any], status: int = 200) -> Response:
    """A JSON response from a pydantic model (by its aliases) or plain data, UTF-8, diacritics kept."""
    if isinstance(payload, BaseModel):
        body = payload.model_dump_json(by_alias=True)
    else:
        body = json.dumps(payload, ensure_ascii=False, default=str)
    return Response(body, status=status, mimetype="application/json")


def csv_response(rows: Iterable[BaseModel | Mapping[str, Any]], filename: str) -> Response:
    """A CSV download of ``rows`` (lists joined with ';'), with a header row; formula cells neutralised."""
    dicts = [r.model_dump(mode="json") if isinstance(r, BaseModel) else dict(r) for r in rows]
    fields: list[str] = []
    for row in dicts:
        fields.extend(k for k in row if k not in fields and not isinstance(row[k], dict))
    buffer = io.StringIO()
    write_dicts(
        buffer,
        fields,
        ({k: ";".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()} for row in dicts),
    )
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def respond(
    template: str | None,
    payload: BaseModel | Sequence[BaseModel],
    rows: Iterable[BaseModel | Mapping[str, Any]] | None = None,
    filename: str = "partnernet.csv",
    **context: Any,
) -> Response | str:
    """Render ``template`` with ``payload`` as HTML, or return it as JSON or CSV.

    Without a template (an API-only route) the answer is JSON unless CSV is asked for.
    """
    fmt = requested_format()
    if fmt == "csv" and rows is not None:
        return csv_response(rows, filename)
    if fmt == "json" or template is None:
        if not isinstance(payload, BaseModel):
            return json_response([item.model_dump(mode="json", by_alias=True) for item in payload])
        return json_response(payload)
    return render_template(template, data=payload, **context)
