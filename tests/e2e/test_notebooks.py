"""The notebooks of docs/notebooks run, top to bottom, in a fresh kernel (nbclient), so that
they cannot go stale: each holds a cell that asserts its numbers (the korea-2019 results, the
penalty at which a plan becomes safe). The site shows them as last run by `make notebooks`."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "docs" / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))


def test_there_are_the_two_notebooks() -> None:
    assert [p.name for p in NOTEBOOKS] == [
        "scenario-in-code.ipynb",
        "using-accord-from-python.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_site_shows_each_notebook_as_run(path: Path) -> None:
    """Every code cell of the committed notebook has been run, in order, without an error."""
    notebook = nbformat.read(path, as_version=4)
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in cells] == list(range(1, len(cells) + 1))
    errors = [o for cell in cells for o in cell.outputs if o.output_type == "error"]
    assert errors == []
    assert any("assert " in cell.source for cell in cells)  # it checks its own numbers


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_notebook_runs(path: Path) -> None:
    """A failing assertion or any error in a cell fails the test, with the cell shown."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(FOLDER)}},
    )
    client.execute()
