"""Progress bars for long corpus work (loading, segmenting, concordances).

Where a bar is drawn, and which:

- in a terminal (stderr is a TTY): tqdm's text bar;
- in a Jupyter kernel that a person is looking at (JupyterLab or Notebook started by
  jupyter_server, which names the notebook in ``JPY_SESSION_NAME``; VS Code, which sets
  ``__vsc_ipynb_file__``) with ipywidgets installed: tqdm's notebook widget;
- nowhere else: not in notebooks executed headless (nbclient, ``nbconvert --execute``,
  papermill), where a text bar would be saved as a stderr box frozen at 0%, not in CI (``CI``
  set), not in a kernel without ipywidgets, not when output is piped.

Pass ``progress=True``/``False`` to the function doing the work, or set the environment variable
``TREATYTEXT_PROGRESS`` to ``1`` or ``0``, to decide instead. tqdm is optional; without it no bar
is drawn.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def in_kernel() -> bool:
    """True inside a Jupyter (IPython) kernel."""
    if "ipykernel" not in sys.modules:
        return False
    shell = _ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _ipython() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def watched_kernel() -> bool:
    """True in a kernel whose output a person sees live: started by jupyter_server for a
    notebook (``JPY_SESSION_NAME``) or by VS Code (``__vsc_ipynb_file__`` in the namespace)."""
    if not in_kernel():
        return False
    if os.environ.get("JPY_SESSION_NAME"):
        return True
    shell = _ipython()
    return "__vsc_ipynb_file__" in getattr(shell, "user_ns", {})


def widgets_available() -> bool:
    """True when ipywidgets (which tqdm's notebook bar draws with) can be imported."""
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    return True


def in_ci() -> bool:
    """True under continuous integration (the ``CI`` variable that CI services set)."""
    return os.environ.get("CI", "").strip().lower() not in ("", *_FALSE)


def interactive() -> bool:
    """True where a bar helps: a terminal, or a watched kernel that can draw the widget."""
    if in_ci():
        return False
    if in_kernel():
        return watched_kernel() and widgets_available()
    stream = sys.stderr
    return bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())


def enabled(progress: bool | None = None) -> bool:
    """Whether to draw a bar: the explicit choice, else TREATYTEXT_PROGRESS, else interactive()."""
    if progress is not None:
        return bool(progress)
    setting = os.environ.get("TREATYTEXT_PROGRESS", "").strip().lower()
    if setting in _TRUE:
        return True
    if setting in _FALSE:
        return False
    return interactive()


def track(
    items: Iterable[T],
    *,
    total: int | None = None,
    desc: str = "",
    progress: bool | None = None,
    min_items: int = 20,
) -> Iterator[T]:
    """Iterates ``items`` under a tqdm bar when enabled and there are at least ``min_items``."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    if not enabled(progress) or (total is not None and total < min_items):
        yield from items
        return
    bar = bar_class()
    if bar is None:  # tqdm is an optional dependency
        yield from items
        return
    yield from bar(items, total=total, desc=desc, leave=False)


def bar_class() -> Any:
    """tqdm's notebook widget in a kernel with ipywidgets, its text bar elsewhere, or None
    without tqdm."""
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    if in_kernel() and widgets_available():
        from tqdm.notebook import tqdm as notebook_tqdm

        return notebook_tqdm
    return tqdm
