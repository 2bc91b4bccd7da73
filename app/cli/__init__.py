"""The ``partnernet`` command line: a thin interface layer over the ``graph`` library.

Each module here adds one group of commands to :data:`cli` (``serve`` starts the web
front end); no domain logic lives here. ``main`` is the console script's entry point.
"""

from app.cli import backup, data, db, imports, matching, metrics, orgs, serve, users
from app.cli.base import cli

for module in (db, data, imports, orgs, users, matching, metrics, backup, serve):
    module.register(cli)


def main() -> None:
    """Run the ``partnernet`` command."""
    cli()


__all__ = ["cli", "main"]
