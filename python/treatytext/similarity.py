"""Similarity between rows: dense cosine and Jaccard matrices, and the exact cosine top-k.

All three accept any ``scipy.sparse`` matrix or array and any 2-D numpy array-like; rows need not
be normalized. The work happens in the C++ core with the GIL released.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from . import _core
from ._sparse import check_structure, csr_to_parts

__all__ = ["cosine_similarity", "jaccard_similarity", "tiles_usable", "top_k"]

_METHODS = ("auto", "exhaustive", "pruned")


def _parts(matrix: Any, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    # A canonical float64 CSR matrix goes as it is (the core checks its values); anything else
    # through the package's conversion. The structure is checked first: scipy's
    # has_canonical_format reads rows through indptr unchecked.
    check_structure(matrix, name)
    if (
        sp.issparse(matrix)
        and matrix.format == "csr"
        and matrix.dtype == np.float64
        and matrix.has_canonical_format
    ):
        return (matrix.data, matrix.indices, matrix.indptr, *map(int, matrix.shape))
    return csr_to_parts(matrix, name=name)


def _borrowed_parts(matrix: Any, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    # top_k borrows a float64 CSR matrix's arrays as they are: the core sorts, in parallel and
    # on its own copy, rows whose columns are out of order or repeated (scikit-learn's
    # TfidfVectorizer returns unsorted rows), which costs less time and memory than scipy's
    # sum_duplicates on a copy of the whole matrix.
    if sp.issparse(matrix) and matrix.format == "csr" and matrix.dtype == np.float64:
        return (matrix.data, matrix.indices, matrix.indptr, *map(int, matrix.shape))
    return csr_to_parts(matrix, name=name)


def _check_columns(x: tuple, y: tuple | None) -> None:
    if y is not None and x[4] != y[4]:
        raise ValueError(
            f"X has shape {(x[3], x[4])} but Y has shape {(y[3], y[4])}: "
            "they need the same number of columns"
        )


def _encode_groups(*sides: tuple[Any, int, str, str]) -> list[np.ndarray]:
    """Checks each (labels, rows, name, side) and returns int64 group ids, one array per side.

    Integer labels are used as they are; other labels (document names, say) are encoded together
    so that equal labels get equal ids across sides.
    """
    arrays = []
    for labels, rows, name, side in sides:
        array = np.asarray(labels)
        if array.ndim != 1:
            raise ValueError(f"{name} must be 1-dimensional, got shape {array.shape}")
        if len(array) != rows:
            raise ValueError(f"{name} has {len(array)} entries but {side} has {rows} rows")
        arrays.append(array)
    if all(a.dtype.kind in "ib" for a in arrays):
        return [np.ascontiguousarray(a, dtype=np.int64) for a in arrays]
    _, codes = np.unique(np.concatenate([a.astype(object) for a in arrays]), return_inverse=True)
    codes = codes.astype(np.int64).reshape(-1)
    bounds = np.cumsum([0] + [len(a) for a in arrays])
    return [codes[bounds[i] : bounds[i + 1]] for i in range(len(arrays))]


def cosine_similarity(
    X: Any, Y: Any = None, *, max_cells: int = 100_000_000, n_jobs: int = 1
) -> np.ndarray:
    """Dense cosine similarities between the rows of ``X`` and the rows of ``Y``.

    Parameters
    ----------
    X : sparse matrix or array-like, shape (n, m)
    Y : sparse matrix or array-like, shape (p, m), optional
        Defaults to ``X``; the result is then exactly symmetric.
    max_cells : int
        Guard against an accidental n x p matrix of a large set: more cells raise ``ValueError``
        (use :func:`top_k` for the nearest rows of large sets).
    n_jobs : int
        Threads (-1: every core); the result is the same for every value.

    Returns
    -------
    numpy.ndarray of float64, shape (n, p)
        ``x . y / (|x| |y|)``; 0 where either row is all zero. Equal to
        ``sklearn.metrics.pairwise.cosine_similarity`` up to rounding.
    """
    x = _parts(X, "X")
    y = None if Y is None else _parts(Y, "Y")
    _check_columns(x, y)
    return _core.cosine_matrix(x, y, max_cells=max_cells, n_threads=int(n_jobs))


def jaccard_similarity(
    X: Any, Y: Any = None, *, max_cells: int = 100_000_000, n_jobs: int = 1
) -> np.ndarray:
    """Dense Jaccard similarities of the rows' non-zero patterns.

    ``|A & B| / |A | B|`` where ``A`` and ``B`` are the sets of columns holding a non-zero value;
    0 when both rows are empty. Arguments as in :func:`cosine_similarity`.

    Returns
    -------
    numpy.ndarray of float64, shape (n, p)
    """
    x = _parts(X, "X")
    y = None if Y is None else _parts(Y, "Y")
    _check_columns(x, y)
    return _core.jaccard_matrix(x, y, max_cells=max_cells, n_threads=int(n_jobs))


def check_top_k_options(
    k: Any, threshold: Any, method: str, has_y: bool, groups: Any, y_groups: Any
) -> float | None:
    """Checks top_k's options (also for ``treatytext.dask.top_k``) and returns the threshold as
    a float or None; TypeError / ValueError name the argument."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"k must be an integer, got {type(k).__name__}")
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}")
    if not has_y and y_groups is not None:
        raise ValueError("y_groups needs Y; without Y, groups applies to both sides")
    if has_y and (groups is None) != (y_groups is None):
        raise ValueError("with Y given, pass both groups and y_groups, or neither")
    if threshold is None:
        return None
    threshold = float(threshold)
    if np.isnan(threshold):
        raise ValueError("threshold is NaN")
    return threshold


def top_k(
    X: Any,
    k: int = 10,
    Y: Any = None,
    *,
    threshold: float | None = None,
    exclude_self: bool = True,
    groups: Any = None,
    y_groups: Any = None,
    n_jobs: int = 1,
    method: str = "auto",
) -> tuple[np.ndarray, np.ndarray]:
    """Exact cosine top-``k`` of each row of ``X`` among the rows of ``Y`` (or of ``X``).

    Never builds the n x p similarity matrix: memory is O(n k) for the result plus the inputs
    and one buffer per thread.

    Parameters
    ----------
    X : sparse matrix or array-like, shape (n, m)
        Query rows; they need not be normalized.
    k : int
        Neighbours per row, >= 1. The result has ``min(k, max(1, p))`` columns (``p`` = the
        rows searched), so a huge ``k`` costs nothing; a row with fewer candidates is padded.
    Y : sparse matrix or array-like, shape (p, m), optional
        Rows to search. When omitted, each row of ``X`` is searched among the rows of ``X``.
    threshold : float, optional
        Keep only neighbours with a score >= threshold.
    exclude_self : bool
        When ``Y`` is omitted, a row is not its own neighbour.
    groups : array-like, shape (n,), optional
        Group label of each row of ``X`` (e.g. the document of a clause): a pair of rows with
        equal labels is never returned. When ``Y`` is omitted it applies to both sides;
        with ``Y`` given, pass ``y_groups`` too.
    y_groups : array-like, shape (p,), optional
        Group label of each row of ``Y``.
    n_jobs : int
        Threads; -1 uses every core. The result is identical for every value.
    method : {"auto", "exhaustive", "pruned"}
        Search strategy, for benchmarking; all return the same exact result. "pruned" skips
        most candidates by score bounds and needs non-negative values (on a CPU with AMX
        tiles, such as Intel Xeon 4th generation, and up to 150,000 rows of ``Y``, it bounds
        the most frequent terms by byte tile products; ``TREATYTEXT_SIMD=avx512`` in the
        environment turns that off).
        "auto" scores a few query rows (up to four per thread) against every row of ``Y``
        directly, and otherwise picks the cheaper of the other two.

    Returns
    -------
    indices : numpy.ndarray of int64, shape (n, min(k, max(1, p)))
        Row numbers in ``Y`` (or ``X``), best first; ties go to the lower index. Padding is -1.
    scores : numpy.ndarray of float64, shape (n, min(k, max(1, p)))
        Cosine similarities; padding is NaN. A zero row scores 0 with every row, so its
        neighbours are the lowest-index candidates with score 0 (unless ``threshold`` > 0).

    Raises
    ------
    ValueError
        ``k`` < 1, NaN or infinite values, X and Y with different numbers of columns, a groups
        array of the wrong length, or ``y_groups`` without ``groups``.
    TypeError
        ``X`` or ``Y`` is not a matrix.
    """
    threshold = check_top_k_options(k, threshold, method, Y is not None, groups, y_groups)
    k = min(int(k), 2**62)  # the core clamps k to the rows searched; this keeps it in int64
    x = _borrowed_parts(X, "X")
    y = None if Y is None else _borrowed_parts(Y, "Y")
    _check_columns(x, y)
    x_groups = yg = None
    if groups is not None and y is not None:
        x_groups, yg = _encode_groups(
            (groups, x[3], "groups", "X"), (y_groups, y[3], "y_groups", "Y")
        )
    elif groups is not None:
        (x_groups,) = _encode_groups((groups, x[3], "groups", "X"))
    result = _core.top_k(
        x,
        y,
        k=int(k),
        threshold=threshold,
        exclude_self=bool(exclude_self),
        x_groups=x_groups,
        y_groups=yg,
        n_threads=int(n_jobs),
        method=method,
    )
    return result["indices"], result["scores"]


def tiles_usable() -> bool:
    """Whether ``top_k``'s pruned search can use AMX tiles in this process.

    True when the CPU has them (Intel Xeon 4th generation and later), the operating system grants
    their state (Linux; asked once per process), the extension was built with their kernel
    (x86-64, GCC) and the environment variable ``TREATYTEXT_SIMD`` is unset or ``"amx"``. Results
    never depend on it, only speed: with tiles the all-pairs top-10 of the ToTA articles takes
    about two thirds of the time (see ``benchmarks/README.md``).
    """
    return bool(_core.top_k_tiles_usable())
