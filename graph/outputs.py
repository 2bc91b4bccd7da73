"""The base of every output model, and the reference to a named node they share.

Output models shape what leaves the library: what the CLI prints, the pages show and
the API returns. A leaf module, importable from every layer.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class OutModel(BaseModel):
    """Base of output models: tolerant of extra keys from the graph."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Ref(OutModel):
    """A node by id and display name."""

    id: str
    name: str
