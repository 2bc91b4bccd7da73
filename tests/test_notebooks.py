"""The analyst notebooks run top to bottom against the test session's server (demo data)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from graph.config import Settings
from graph.store.driver import Store

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_three_notebooks() -> None:
    assert [p.stem for p in NOTEBOOKS] == ["01-network-overview", "02-brokerage", "03-cross-border-balkans"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path, demo_graph: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    # The kernel inherits this environment: it opens the store of the session's data
    # directory, whose embedded server is already running, so it shares it.
    monkeypatch.setenv("PARTNERNET_DATA", str(settings.data_dir))
    # The inline backend: non-interactive, figures become PNG outputs (no window).
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the plot rendered
