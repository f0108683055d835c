"""Progress bars for long corpus work (loading, segmenting, concordances).

Bars are shown only in interactive sessions (a terminal or a Jupyter kernel) unless asked for:
pass ``progress=True``/``False`` to the function doing the work, or set the environment variable
``TREATYTEXT_PROGRESS`` to ``1`` or ``0``. tqdm is optional; without it no bar is drawn.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def interactive() -> bool:
    """True in a terminal session or a Jupyter kernel."""
    if "ipykernel" in sys.modules:
        return True
    stream = sys.stderr
    return bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())


def enabled(progress: bool | None = None) -> bool:
    """Whether to draw a bar: the explicit choice, else TREATYTEXT_PROGRESS, else interactive()."""
    if progress is not None:
        return bool(progress)
    setting = os.environ.get("TREATYTEXT_PROGRESS", "").strip().lower()
    if setting in {"1", "true", "yes", "on"}:
        return True
    if setting in {"0", "false", "no", "off"}:
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
    try:
        from tqdm import tqdm
    except ImportError:  # tqdm is an optional dependency
        yield from items
        return
    if "ipykernel" in sys.modules:
        try:  # the widget bar needs ipywidgets; without it tqdm.auto only warns
            import ipywidgets  # noqa: F401
            from tqdm.auto import tqdm
        except ImportError:
            pass
    yield from tqdm(items, total=total, desc=desc, leave=False)
