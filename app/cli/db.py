"""``partnernet db start|stop|status``: the embedded graph server."""

from __future__ import annotations

import time

import click

from graph.config import Settings
from graph.store.driver import Store
from graph.store.embedded import EmbeddedServer


def _server(settings: Settings) -> EmbeddedServer:
    if not settings.embedded:
        raise click.UsageError("NEO4J_URI is set: PartnerNet uses that server and runs no embedded one")
    return EmbeddedServer(settings.graph_dir, settings.heap, settings.start_timeout)


def register(cli: click.Group) -> None:
    @cli.group()
    def db() -> None:
        """Start, stop or inspect the embedded graph server."""

    @db.command()
    def start() -> None:
        """Start the embedded server in the background and create the schema."""
        settings = Settings.from_env()
        began = time.perf_counter()
        info = _server(settings).start(detached=True)
        ready = time.perf_counter() - began
        with Store.open(settings) as _:
            pass  # creates the schema on first start; the detached server keeps running
        click.echo(
            f"graph server running (pid {info.pid}, {info.uri}, data {settings.graph_dir}), ready in {ready:.1f} s"
        )

    @db.command()
    def stop() -> None:
        """Stop the embedded server cleanly."""
        stopped = _server(Settings.from_env()).stop()
        click.echo("graph server stopped" if stopped else "graph server was not running")

    @db.command()
    def status() -> None:
        """Say whether the embedded server runs, and where."""
        settings = Settings.from_env()
        info = _server(settings).status()
        if info is None:
            click.echo(f"graph server not running (data {settings.graph_dir})")
            raise SystemExit(3)
        click.echo(f"graph server running (pid {info.pid}, {info.uri}, data {settings.graph_dir})")
