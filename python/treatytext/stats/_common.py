"""Small helpers shared by the stats wrappers: argument checks and lazy pandas."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._core import analysis as _analysis  # noqa: F401  (re-exported for the wrappers)
from .._sparse import csr_to_parts


def choice(value: str, name: str, allowed: Sequence[str]) -> str:
    """Returns value if it is one of allowed, else raises ValueError naming the argument."""
    if value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} must be one of {options}, got {value!r}")
    return value


def positive_int(value: Any, name: str, minimum: int = 1) -> int:
    """An int >= minimum (bools and floats rejected), else TypeError/ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def n_threads(n_jobs: Any) -> int:
    """The core's thread count from scikit-learn's n_jobs (None = 1, -1 = all cores)."""
    if n_jobs is None:
        return 1
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int | np.integer) or n_jobs == 0:
        raise ValueError(f"n_jobs must be a non-zero integer or None, got {n_jobs!r}")
    return int(n_jobs)


def sparse_parts(matrix: Any, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    """Canonical CSR parts of any 2-D matrix (see treatytext._sparse.csr_to_parts)."""
    return csr_to_parts(matrix, name)


def pandas() -> Any:
    """Imports pandas on demand, with an actionable message when it is missing."""
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - pandas is a test dependency
        raise ImportError("to_frame() needs pandas: pip install pandas") from exc
    return pd


def term_labels(
    ids: np.ndarray, terms: Sequence[str] | None, name: str = "terms"
) -> np.ndarray | None:
    """The strings of term ids (object array), or None when no terms were given."""
    if terms is None:
        return None
    table = np.asarray(terms, dtype=object)
    if table.ndim != 1:
        raise ValueError(f"{name} must be a 1-dimensional sequence of strings")
    if ids.size and (ids.min() < 0 or ids.max() >= len(table)):
        raise ValueError(f"{name} has {len(table)} entries but a term id {int(ids.max())} occurs")
    return table[ids]
