"""What the map of ``/regions`` (``static/map.js``) needs: countries, cross-border ties,
the shapes to draw them with, and the words, as one JSON island.

Shapes come from world-atlas (Natural Earth, vendored in ``static/vendor``), which names
countries by ISO 3166-1 numeric code; the data uses alpha-2 codes, mapped here. A country
without a numeric code (Kosovo, ``XK``) is matched by name in the browser.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from flask import url_for
from flask_babel import gettext

from graph.explore.regions import CountryMatrix

ID = "__id__"


@cache
def numeric_codes() -> dict[str, str]:
    """ISO 3166-1 alpha-2 -> numeric (as world-atlas spells it: three digits)."""
    text = files("app").joinpath("static/map/iso3166-numeric.json").read_text(encoding="utf-8")
    codes: dict[str, str] = json.loads(text)
    return codes


def map_data(matrix: CountryMatrix) -> dict[str, Any]:
    """The map's island: every country with its organisations and the ties of each pair."""
    codes = numeric_codes()
    return {
        "countries": [
            {"id": c.id, "name": c.name, "numeric": codes.get(c.id), "organisations": c.organisations}
            for c in matrix.countries
        ],
        "ties": [cell.model_dump() for cell in matrix.cells if cell.ties > 0],
        "balkan_only": matrix.balkan_only,
        "atlas": url_for("static", filename="vendor/world-atlas/countries-50m.json"),
        "region": url_for("regions.region", code=ID),
        "text": {
            "country": gettext("%(name)s: %(n)s organisations, %(ties)s cross-border ties"),
            "pair": gettext("%(a)s – %(b)s: %(ties)s ties through %(projects)s joint projects"),
            "hint": gettext("Hover or focus a country for its counts; click it for its page."),
        },
    }
