"""The README stays true: every setting is documented, and it renders as written
(every code fence closed, every section a heading)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

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


def unclosed_fences(markdown: str) -> list[int]:
    """Lines (1-based) of code fences that swallow what follows: a fence that runs to the
    end of the text, or whose content holds another fence's opening line."""
    lines = markdown.splitlines()
    problems = []
    for token in MarkdownIt().parse(markdown):
        if token.type != "fence" or token.map is None:
            continue
        start, end = token.map
        closed = end - 1 > start and lines[end - 1].strip().startswith(token.markup)
        if not closed or any(re.match(r"\s*(```|~~~)\S", line) for line in token.content.splitlines()):
            problems.append(start + 1)
    return problems


def test_unclosed_fence_is_caught() -> None:
    assert unclosed_fences("# A\n\n```sh\nls\n```\n") == []
    assert unclosed_fences("```sh\nls\n## B\n\n```sh\npwd\n```\n") == [1]
    assert unclosed_fences("text\n\n```sh\nls\n") == [3]


def test_readme_renders_with_its_sections_as_headings() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert unclosed_fences(readme) == []
    tokens = MarkdownIt().parse(readme)
    rendered = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    written = re.findall(r"^## (.+)$", readme, flags=re.MULTILINE)
    assert rendered == written
