"""Colours of drawn networks, shared by the web explorer and the GEXF export (a leaf).

Okabe and Ito's palette, which stays distinguishable with the common colour-vision
deficiencies: one colour per organisation kind (libraries and networks, once two blues
hard to tell apart, are now blue and sky-blue at very different lightness), and eight
for countries in order of their number of organisations (the rest grey).
"""

from __future__ import annotations

KIND_COLOURS: dict[str, str] = {
    "library": "#0072b2",  # blue
    "ngo": "#009e73",  # bluish green
    "authority": "#d55e00",  # vermilion
    "university": "#cc79a7",  # reddish purple
    "business": "#e69f00",  # orange
    "network": "#56b4e9",  # sky blue
    "other": "#7f7f7f",
    "project": "#b8b8b8",
    "group": "#6b5b95",
}
COUNTRY_COLOURS: list[str] = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"]
OTHER_COLOUR = "#b8b8b8"


def kind_colour(kind: str | None) -> str:
    """The colour of an organisation ``kind`` (or node type), grey when unknown.

    >>> kind_colour("library"), kind_colour(None)
    ('#0072b2', '#7f7f7f')
    """
    return KIND_COLOURS.get(kind or "other", KIND_COLOURS["other"])


def rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` as red, green and blue from 0 to 255.

    >>> rgb("#0072b2")
    (0, 114, 178)
    """
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
