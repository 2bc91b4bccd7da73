"""``partnernet serve``: the web front end under gunicorn."""

from __future__ import annotations

from pathlib import Path

import click

from app.cli.base import CLI_ACTOR
from app.cli.first_run import sign_in_help
from graph.readwrite.seeding import seed
from graph.resources import DEMO_DIR


def register(cli: click.Group) -> None:
    cli.add_command(serve)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(min=1),
    help="worker processes of the gunicorn WSGI server",
)
@click.option(
    "--threads", default=8, show_default=True, type=click.IntRange(min=1), help="threads of each worker process"
)
@click.option("--demo", is_flag=True, help="load the shipped demo network if the graph holds no organisation")
@click.option(
    "--load",
    "dataset",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="load this dataset if the graph holds no organisation",
)
@click.option(
    "--refresh",
    is_flag=True,
    help="load the --demo or --load dataset even over existing data, overwriting the rows it names (says which)",
)
@click.option("--debug", is_flag=True, help="Flask's debug server instead of gunicorn")
def serve(
    host: str, port: int, workers: int, threads: int, demo: bool, dataset: Path | None, refresh: bool, debug: bool
) -> None:
    """Serve the web front end (starts the embedded graph server if none runs).

    An embedded server started here stops when ``serve`` exits; while it serves, the
    master process restarts the server if it dies. The worker processes share it,
    each with its own connection pool. A dataset (``--demo``, ``--load``) is loaded
    only into a graph without organisations, so a restart never reverts users' edits.
    """
    if demo and dataset is not None:
        raise click.UsageError("choose one of --demo and --load PATH")
    if demo:
        dataset = DEMO_DIR
    if refresh and dataset is None:
        raise click.UsageError("--refresh needs --demo or --load PATH")
    from app import create_app
    from app.db import get_store
    from app.gunicorn_server import serve_app
    from app.logging import configure as configure_logging

    configure_logging()
    app = create_app()
    with app.app_context():
        store = get_store()  # connect now: a missing server is reported before serving
        if dataset is not None:
            click.echo(seed(store, dataset, refresh, actor=CLI_ACTOR).describe(dataset))
        url = f"http://{host}:{port}/"
        click.echo(f"PartnerNet on {url}")
        click.echo(sign_in_help(store, url, demo, CLI_ACTOR))
    if debug:
        app.run(host=host, port=port, debug=True, use_reloader=False)
    else:
        serve_app(create_app, host, port, workers, threads, supervise=store.server)
