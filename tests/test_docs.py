"""The README stays true: every setting is documented, with the default it has."""

from __future__ import annotations

import re

from graph.config import Settings
from tests.support.graph import ROOT

ROW = re.compile(r"^\| `([A-Z0-9_]+)` \| ([^|]+) \|", re.MULTILINE)


def test_every_setting_is_in_the_readme_with_its_default() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = {variable: default.strip() for variable, default in ROW.findall(readme)}
    settings = Settings.documented()
    assert len(settings) == len(Settings.model_fields) >= 12
    for variable, default, meaning in settings:
        assert variable in table, f"{variable} is missing from the README's configuration table"
        if default != "unset":  # an unset default may say what happens instead
            assert table[variable] == f"`{default}`", f"{variable}: the README says {table[variable]}"
        assert meaning, f"{variable} has no help line"
