"""Reading JSON request bodies: a body nested too deeply is bad input, not a crash.

Python's JSON decoder recurses once per level of nesting, so ``[[[[...]]]]`` 100,000
levels deep raises RecursionError, which Flask does not treat as a decoding failure
(a 500). This provider turns it into the ValueError Flask expects, so the view gets
``None`` from ``get_json(silent=True)`` and answers 400, or Flask answers 400 itself.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, with RecursionError while decoding reported as ValueError."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("the JSON body is nested too deeply") from None


def init_app(app: Flask) -> None:
    app.json = JSONProvider(app)
