"""The notebooks run clean, every cell, in a fresh kernel; each asserts what it shows."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
import treatytext
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"


@pytest.mark.parametrize("name", ["01-seed-factbox.ipynb", "02-trade-agreements.ipynb"])
def test_notebook_runs_clean(name: str, corpora_dir: Path, monkeypatch) -> None:
    # The kernel inherits this environment: the package under test (source tree or installed)
    # and the shared corpora.
    paths = [
        str(Path(treatytext.__file__).resolve().parents[1]),
        *filter(None, [os.environ.get("PYTHONPATH")]),
    ]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    monkeypatch.setenv("TREATYTEXT_CORPORA", str(corpora_dir))
    monkeypatch.delenv("TREATYTEXT_TOTA", raising=False)
    # The package's own default must keep executed notebooks free of progress bars.
    for variable in ("TREATYTEXT_PROGRESS", "CI", "JPY_SESSION_NAME"):
        monkeypatch.delenv(variable, raising=False)
    book = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(
        book,
        kernel_name="python3",
        timeout=600,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any failure
    code = [cell for cell in book.cells if cell.cell_type == "code"]
    assert code and all(cell.execution_count for cell in code)
    outputs = [out for cell in code for out in cell.get("outputs", [])]
    assert not [out for out in outputs if out.output_type == "error"]
    stderr = [out.text for out in outputs if out.get("name") == "stderr"]
    assert not stderr, stderr  # no pink boxes: no progress bar, no warning
    assert any("image/png" in out.get("data", {}) for out in outputs), "the plots are drawn"
