"""Errors the library raises for the interfaces to translate (404, exit status 1).

A leaf module: it imports nothing from ``graph``, so every layer can raise these.
"""


class NotFound(LookupError):
    """The requested node does not exist; the message names it."""
