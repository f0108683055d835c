"""The notebooks run where a user opens them: treatytext installed from its wheel (not the
source tree) with the [notebooks] extra, Jupyter started in notebooks/, no variable set. Every
cell runs clean in a fresh kernel, and each asserts what it shows."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import nbformat
import pytest
from installed import ROOT, run, user_environment

NOTEBOOKS = ROOT / "notebooks"
# Runs in the installed venv's python: executes a notebook as Jupyter does (kernel "python3",
# working directory = the notebook's folder), with one probe cell appended that reports which
# interpreter and which treatytext the kernel used.
DRIVER = """
import sys
import nbformat
from nbclient import NotebookClient

source, target = sys.argv[1], sys.argv[2]
book = nbformat.read(source, as_version=4)
probe = ("import json, os, sys, treatytext\\n"
         "print(json.dumps({'python': sys.executable, 'package': treatytext.__file__,"
         " 'cwd': os.getcwd(), 'corpora': os.environ.get('TREATYTEXT_CORPORA')}))")
book.cells.append(nbformat.v4.new_code_cell(probe))
client = NotebookClient(book, kernel_name="python3", timeout=900,
                        resources={"metadata": {"path": "."}})
try:
    client.execute()
finally:
    nbformat.write(book, target)
"""


def test_jupyter_lab_is_installed_by_the_extra(notebooks_install: Path, tmp_path: Path) -> None:
    venv_dir = notebooks_install.parents[1]
    result = run(
        [venv_dir / "bin" / "jupyter", "lab", "--version"],
        env=user_environment(venv_dir, home=tmp_path),
    )
    assert int(result.stdout.strip().split(".")[0]) >= 4


@pytest.mark.parametrize(
    "name",
    [
        "01-seed-factbox.ipynb",
        "02-trade-agreements.ipynb",
        "03-text-reuse.ipynb",
        "04-scale-out.ipynb",
    ],
)
def test_notebook_runs_where_a_user_opens_it(
    name: str, notebooks_install: Path, corpora_dir: Path, tmp_path: Path
) -> None:
    venv_dir = notebooks_install.parents[1]
    driver = tmp_path / "execute.py"
    driver.write_text(DRIVER, encoding="utf-8")
    executed = tmp_path / name
    result = subprocess.run(
        [str(notebooks_install), str(driver), name, str(executed)],
        cwd=NOTEBOOKS,
        env=user_environment(venv_dir, home=tmp_path),
        capture_output=True,
        text=True,
    )
    # CellExecutionError names the cell and carries its traceback.
    assert result.returncode == 0, result.stderr[-8000:]

    book = nbformat.read(executed, as_version=4)
    code = [cell for cell in book.cells if cell.cell_type == "code"]
    assert code and all(cell.execution_count for cell in code)
    outputs = [out for cell in code for out in cell.get("outputs", [])]
    assert not [out for out in outputs if out.output_type == "error"]
    stderr = [out.text for out in outputs if out.get("name") == "stderr"]
    assert not stderr, stderr  # no pink boxes: no progress bar, no warning
    assert any("image/png" in out.get("data", {}) for out in outputs), "the plots are drawn"

    probe = json.loads(code[-1].outputs[0]["text"])
    assert probe["python"].startswith(str(venv_dir))  # the installed venv's kernel
    assert Path(probe["package"]).is_relative_to(venv_dir)  # its site-packages, not python/
    assert Path(probe["cwd"]) == NOTEBOOKS
    assert probe["corpora"] is None  # found beside the clone, not through the variable
