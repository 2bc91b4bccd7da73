"""The root command group, shared options, and the one place CLI errors are reported."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

import click
from pydantic import BaseModel

from graph.config import Settings
from graph.errors import NotFound
from graph.readwrite.dataset import DatasetError
from graph.readwrite.importer import LoadInterrupted
from graph.store.driver import Store, StoreUnavailable
from graph.store.embedded import EmbeddedServerError

CLI_ACTOR = "cli"  # who the audit trail says made a change from the command line

# Errors a user can act on: printed as a message, exit status 1, no traceback.
USER_ERRORS = (
    StoreUnavailable,
    EmbeddedServerError,
    DatasetError,
    LoadInterrupted,
    NotFound,
    FileNotFoundError,
    PermissionError,
    ValueError,
)


class Cli(click.Group):
    """A group that turns user errors into one clear message and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except USER_ERRORS as exc:
            fail(str(exc))


def fail(message: str) -> NoReturn:
    click.echo(f"partnernet: error: {message}", err=True)
    sys.exit(1)


@click.group(cls=Cli)
@click.version_option(package_name="partnernet")
def cli() -> None:
    """PartnerNet: explore partner networks, find complementary partners."""


@contextmanager
def open_store() -> Iterator[Store]:
    """The store as configured by the environment, closed (and stopped if owned) after."""
    store = Store.open(Settings.from_env())
    try:
        yield store
    finally:
        store.close()


def emit(value: BaseModel | Sequence[BaseModel] | dict[str, Any], as_json: bool) -> bool:
    """Print ``value`` as JSON when ``as_json``; return whether it was printed."""
    if not as_json:
        return False
    if isinstance(value, BaseModel):
        click.echo(value.model_dump_json(indent=2))
    elif isinstance(value, Sequence):
        click.echo(json.dumps([v.model_dump(mode="json") for v in value], indent=2, ensure_ascii=False))
    else:
        click.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))
    return True


json_option = click.option("--json", "as_json", is_flag=True, help="print JSON")


def as_params(values: Mapping[str, Any]) -> dict[str, list[str]]:
    """Click's option values as query parameters for :func:`graph.params.parse_params`.

    Options not given (None, False, an empty tuple or string) are left out, so the
    models' defaults apply; repeated options keep each value.
    """
    params: dict[str, list[str]] = {}
    for name, value in values.items():
        if value is None or value is False or value in ((), ""):
            continue
        if isinstance(value, tuple):
            params[name] = [str(v) for v in value]
        else:
            params[name] = ["true" if value is True else str(value)]
    return params
