"""Where the package's data lives: Cypher files, the demo dataset and example calls.

Found through :mod:`importlib.resources`, never relative to a checkout, so an installed
wheel runs from any folder. A leaf module.

Example:
    >>> (CYPHER_DIR / "orgs" / "list_orgs.cypher").is_file()
    True
    >>> sorted(path.name for path in CALLS_DIR.glob("*.yaml"))[:1]
    ['ro-bg-libraries.yaml']
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _package_dir(*parts: str) -> Path:
    """A folder shipped inside the ``graph`` package (wheels install unzipped)."""
    return Path(str(files("graph").joinpath(*parts)))


CYPHER_DIR = _package_dir("cypher")
DEMO_DIR = _package_dir("seeds", "demo")
CALLS_DIR = _package_dir("seeds", "calls")
