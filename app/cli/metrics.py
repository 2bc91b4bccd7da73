"""``partnernet metrics`` and ``partnernet export``: network metrics and graph files.

Both take the subgraph filters (:class:`graph.metrics.subgraph.SubgraphFilter`) and the metric
options (:class:`graph.metrics.compute.MetricOptions`) as options generated from those models,
so the CLI, the API and the models never drift apart. List options take repeats or
commas: ``--regions RO,BG --kinds library --kinds ngo``. Both show their progress
(:mod:`app.cli.progress`) on standard error: the steps of the metrics (loading the graph,
then each measure), and for ``export`` the rows written.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

import click
from pydantic import BaseModel

from app.cli.base import as_params, open_store
from app.cli.progress import progress
from graph.metrics.compute import STEPS, MetricOptions, MetricsReport, compute_metrics
from graph.metrics.subgraph import SubgraphFilter, load_subgraph
from graph.params import parse_params
from graph.readwrite.exports import GRAPH_FORMATS, METRICS_FORMATS, graph_rows, write_graph, write_metrics

MODELS: tuple[type[BaseModel], ...] = (SubgraphFilter, MetricOptions)


def model_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add one click option per field of the filter and options models."""
    for model in reversed(MODELS):
        for name, field in reversed(list(model.model_fields.items())):
            flag = "--" + name.replace("_", "-")
            annotation = field.annotation
            if annotation is bool:
                option = click.option(flag, name, is_flag=True, default=None, help=field.description)
            else:
                many = getattr(annotation, "__origin__", None) is list
                option = click.option(
                    flag,
                    name,
                    multiple=many,
                    default=None,
                    help=(field.description or "") + (" (repeat or use commas)" if many else ""),
                )
            func = option(func)
    return func


def _report(values: Mapping[str, Any]) -> tuple[Any, MetricsReport]:
    """The selected subgraph and its metrics, showing the steps done: loading, then each measure."""
    params = as_params(values)
    flt = parse_params(SubgraphFilter, params)
    options = parse_params(MetricOptions, params)
    with progress("computing metrics", len(STEPS) + 1, unit="steps") as advance:
        with open_store() as store:
            graph = load_subgraph(store, flt)
        advance(1)
        return graph, compute_metrics(graph, options, progress=advance)


def _write(target: str, writer: Callable[[IO[bytes]], None], report: MetricsReport) -> None:
    """Write to stdout ('-') or atomically to a file (never half-written), and say so."""
    if target == "-":
        writer(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    path = Path(target)
    fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=".partnernet-")
    try:
        with os.fdopen(fd, "wb") as out:
            writer(out)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    click.echo(f"wrote {target}: {report.info.nodes} nodes, {report.info.edges} edges", err=True)


def register(cli: click.Group) -> None:
    @cli.command()
    @model_options
    @click.option("--format", "fmt", type=click.Choice(METRICS_FORMATS), default="csv", show_default=True)
    @click.option("-o", "--output", default="-", show_default=True, help="file, or - for stdout")
    def metrics(fmt: str, output: str, **values: Any) -> None:
        """Compute network metrics of the selected subgraph (one row per node)."""
        _, report = _report(values)
        _write(output, lambda out: write_metrics(report, fmt, out), report)

    @cli.command()
    @model_options
    @click.option("--format", "fmt", type=click.Choice(GRAPH_FORMATS), default="graphml", show_default=True)
    @click.option("-o", "--output", default="-", show_default=True, help="file, or - for stdout")
    def export(fmt: str, output: str, **values: Any) -> None:
        """Export the selected subgraph with its metrics (GraphML, GEXF, edge list, JSON)."""
        graph, report = _report(values)
        shown = "standard output" if output == "-" else Path(output).name

        def writer(out: IO[bytes]) -> None:
            with progress(f"writing {shown}", graph_rows(graph, fmt)) as advance:
                write_graph(graph, report, fmt, out, progress=advance)

        _write(output, writer, report)
