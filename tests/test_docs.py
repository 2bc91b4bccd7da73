"""The README stays true: every setting is documented."""

from __future__ import annotations

from graph.config import ENVIRONMENT
from tests.support.graph import ROOT


def test_every_environment_variable_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [var for var in ENVIRONMENT if f"`{var}`" not in readme]
    assert not missing, f"undocumented settings: {missing}"
