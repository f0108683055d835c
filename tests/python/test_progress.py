"""Progress bars: off unless interactive or asked for; never change the items."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from treatytext import progress


def test_explicit_choice_and_environment(monkeypatch) -> None:
    monkeypatch.delenv("TREATYTEXT_PROGRESS", raising=False)
    assert progress.enabled(True) is True
    assert progress.enabled(False) is False
    monkeypatch.setenv("TREATYTEXT_PROGRESS", "1")
    assert progress.enabled() is True
    monkeypatch.setenv("TREATYTEXT_PROGRESS", "off")
    assert progress.enabled() is False


def test_not_interactive_under_pytest(monkeypatch) -> None:
    monkeypatch.delenv("TREATYTEXT_PROGRESS", raising=False)
    assert progress.enabled() is progress.interactive()


def test_track_yields_every_item_with_or_without_a_bar(capsys) -> None:
    items = list(range(50))
    assert list(progress.track(items, progress=False)) == items
    assert list(progress.track(iter(items), total=50, progress=True, desc="t")) == items
    assert list(progress.track(items[:3], progress=True)) == items[:3]
    assert "t:" in capsys.readouterr().err


# -- where a bar is drawn: terminal, watched Jupyter kernel (widget), nowhere else -----------


class FakeShell:
    kernel = object()

    def __init__(self, user_ns: dict | None = None) -> None:
        self.user_ns = user_ns or {}


def fake_kernel(monkeypatch, shell: FakeShell | None) -> None:
    import types

    import IPython

    monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)


def test_kernel_rules(monkeypatch) -> None:
    pytest.importorskip("IPython")
    for name in ("TREATYTEXT_PROGRESS", "CI", "JPY_SESSION_NAME"):
        monkeypatch.delenv(name, raising=False)
    fake_kernel(monkeypatch, FakeShell())
    monkeypatch.setattr(progress, "widgets_available", lambda: True)
    assert progress.in_kernel()
    assert not progress.interactive()  # executed headless (nbclient): nothing
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/me/analysis.ipynb")
    assert progress.interactive()  # JupyterLab / Notebook
    monkeypatch.setenv("CI", "true")
    assert not progress.interactive()  # never in CI
    monkeypatch.delenv("CI")
    monkeypatch.setattr(progress, "widgets_available", lambda: False)
    assert not progress.interactive()  # no widget, no pink text bar
    monkeypatch.delenv("JPY_SESSION_NAME")
    monkeypatch.setattr(progress, "widgets_available", lambda: True)
    fake_kernel(monkeypatch, FakeShell({"__vsc_ipynb_file__": "/home/me/analysis.ipynb"}))
    assert progress.interactive()  # VS Code


def test_bar_class_is_the_notebook_widget_in_a_kernel(monkeypatch) -> None:
    pytest.importorskip("ipywidgets")
    from tqdm import tqdm
    from tqdm.notebook import tqdm as notebook_tqdm

    assert progress.bar_class() is tqdm
    fake_kernel(monkeypatch, FakeShell())
    assert progress.bar_class() is notebook_tqdm


def run_notebook(monkeypatch, session: str | None) -> list:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    import treatytext

    package = str(Path(treatytext.__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([package, os.environ.get("PYTHONPATH", "")]))
    for name in ("TREATYTEXT_PROGRESS", "CI"):
        monkeypatch.delenv(name, raising=False)
    if session is None:
        monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    else:
        monkeypatch.setenv("JPY_SESSION_NAME", session)
    code = (
        "import treatytext as tt\n"
        "corpus = tt.Corpus.from_texts([f'Article {i}\\nThe Parties shall cooperate.' "
        "for i in range(40)])\n"
        "print(len(corpus.unit_texts))"
    )
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nbclient.NotebookClient(book, kernel_name="python3", timeout=300).execute()
    return book.cells[0].outputs


def test_executed_notebook_shows_no_bar(monkeypatch) -> None:
    outputs = run_notebook(monkeypatch, None)
    assert [o.get("text") for o in outputs if o.output_type == "stream"] == ["40\n"]
    assert all(o.get("name") != "stderr" for o in outputs)
    assert not [o for o in outputs if o.output_type == "display_data"]


def test_watched_notebook_draws_the_widget_not_a_stderr_box(monkeypatch) -> None:
    pytest.importorskip("ipywidgets")
    outputs = run_notebook(monkeypatch, "analysis.ipynb")
    assert all(o.get("name") != "stderr" for o in outputs)
    widgets = [
        o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert widgets, outputs
