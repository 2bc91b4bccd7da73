"""Progress of long commands: a bar on a terminal, log lines otherwise, nothing with --json.

On a terminal ``rich`` draws rows done, rate and time left on standard error; piped
into a file or CI log, a plain line is written at most every few seconds (and at the
end), so logs stay readable; with ``--json`` standard output holds the JSON alone and
nothing else is written. Most commands count rows; ``unit`` names what else is counted
(``partnernet metrics`` counts its steps: loading the graph, then each measure).

Example:
    >>> with progress("loading", total=3, quiet=True) as advance:
    ...     advance(2)
    ...     advance(1)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

Advance = Callable[[int], None]
LOG_EVERY_SECONDS = 5.0


@contextmanager
def progress(label: str, total: int | None, quiet: bool = False, unit: str = "rows") -> Iterator[Advance]:
    """Yield ``advance(n)`` that shows ``label``'s progress towards ``total`` ``unit``."""
    if quiet:
        yield lambda _rows: None
    elif sys.stderr.isatty():
        with _bar(label, total, unit) as advance:
            yield advance
    else:
        with _log_lines(label, total, unit) as advance:
            yield advance


def _rate(per_second: float, unit: str) -> str:
    """A rate to read at a glance; a slow one (metrics' steps) keeps a decimal so it is not 0.

    >>> _rate(12345.6, "rows"), _rate(0.25, "steps")
    ('12,346 rows/s', '0.2 steps/s')
    """
    return f"{per_second:,.0f} {unit}/s" if per_second >= 10 else f"{per_second:.1f} {unit}/s"


class _Rate(ProgressColumn):
    """Units per second, once there is a rate to show."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        return Text(_rate(task.speed, self.unit) if task.speed else "", style="progress.data.speed")


@contextmanager
def _bar(label: str, total: int | None, unit: str) -> Iterator[Advance]:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        _Rate(unit),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task(label, total=total)
        yield lambda rows: bar.advance(task, rows)


@contextmanager
def _log_lines(label: str, total: int | None, unit: str) -> Iterator[Advance]:
    started = last = time.monotonic()
    done = 0

    def line() -> None:
        elapsed = time.monotonic() - started
        rate = done / elapsed if elapsed > 0 else 0.0
        of = f"/{total}" if total else ""
        click.echo(f"{label}: {done}{of} {unit}, {_rate(rate, unit)}, {elapsed:.1f} s", err=True)

    def advance(rows: int) -> None:
        nonlocal done, last
        done += rows
        if time.monotonic() - last >= LOG_EVERY_SECONDS:
            last = time.monotonic()
            line()

    yield advance
    line()
