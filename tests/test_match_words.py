"""The match page explains in words: names instead of ids, no arithmetic, scores as whole
numbers or one decimal, and no introducer for organisations already partners (demo data)."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from graph.explore.labels import names_of
from graph.store.driver import Store


def _blocks(html: str) -> dict[str, str]:
    """Each result's HTML by organisation id."""
    parts = re.split(r'<li class="match" id="match-', html)[1:]
    return {part.split('"', 1)[0]: part for part in parts}


def test_match_explanations_use_names_and_plain_numbers(demo_accounts: Store, broker_client: FlaskClient) -> None:
    seeker = "bj-satu-mare"
    report = broker_client.get(f"/api/match/{seeker}?top=20").get_json()
    html = broker_client.get(f"/orgs/{seeker}/match?top=20").get_data(as_text=True)
    blocks = _blocks(html)
    assert set(blocks) == {r["id"] for r in report["results"]}
    throughs = [
        i for r in report["results"] for i in r["via"]["need_coverage"] + r["via"]["reciprocity"] if i["through"]
    ]
    assert throughs  # the demo has a need met through a narrower competence
    names = names_of(demo_accounts, [i["through"] for i in throughs])
    for item in throughs:
        assert f"through its narrower competence {names[item['through']]}" in html
    assert " × " not in html  # no arithmetic
    assert not re.search(r">\s*-?\d+\.\d\d\s*<", html)  # no "48.00": at most one decimal
    tied = [r for r in report["results"] if r["via"]["joint_projects"] > 0]
    untied = [r for r in report["results"] if r["via"]["joint_projects"] == 0 and r["introducers"]]
    assert tied and untied  # the demo has both, so both branches are checked
    for r in tied:
        assert "Already partners in" in blocks[r["id"]] and "Who can introduce them" not in blocks[r["id"]]
    for r in untied:
        block = blocks[r["id"]]
        paths = block.split('<ul class="introducers">', 1)[1].split("</ul>", 1)[0]
        for step in r["introducers"][0]["path"]:
            assert f">{step['from']}<" not in paths and f"> {step['ref']}<" not in paths  # no ids shown
        assert "project “" in paths or "network " in paths
