"""The ``partnernet`` command line: a thin layer over the ``graph`` library.

Each module here adds one group of commands to :data:`cli`; ``app.cli`` adds
``serve`` on top, so that ``graph`` never imports the web layer.
"""

from graph.cli import backup, data, db, matching, metrics, orgs, users
from graph.cli.base import cli

for module in (db, data, orgs, users, matching, metrics, backup):
    module.register(cli)

__all__ = ["cli"]
