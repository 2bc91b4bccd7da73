"""Fragments rendered once per cached value (app.fragments): kept, keyed, and let go."""

from __future__ import annotations

import gc

import networkx as nx
import pytest
from flask import Flask
from markupsafe import Markup

from app import fragments
from graph.metrics.compute import METRICS, MetricsReport, compute_metrics


def test_a_fragment_is_rendered_once_per_owner_key_and_language(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def render(report: MetricsReport, path: str, key: str) -> Markup:
        def context() -> dict[str, object]:
            calls.append(key)
            return {"rows": report.nodes, "metrics": METRICS}

        with app.test_request_context(path):
            return fragments.fragment(report, "_metrics_rows.html", context, key)

    report = compute_metrics(nx.path_graph(["a", "b", "c"]))
    first = render(report, "/metrics", "betweenness")
    assert first.count("<tr>") == 3 and '<a href="/orgs/b">b</a>' in first
    assert render(report, "/metrics", "betweenness") is first and len(calls) == 1
    render(report, "/metrics", "degree")  # another key
    render(report, "/metrics?lang=ro", "betweenness")  # another language
    assert len(calls) == 3
    ident = id(report)
    assert ident in fragments._kept
    monkeypatch.setattr(fragments, "PER_OWNER", 2)
    render(report, "/metrics", "closeness")  # a third: the oldest goes
    assert render(report, "/metrics", "closeness") and len(calls) == 4
    render(report, "/metrics", "betweenness")
    assert len(calls) == 5 and len(fragments._kept[ident].html) == 2
    del report
    gc.collect()
    assert ident not in fragments._kept  # let go with its owner
