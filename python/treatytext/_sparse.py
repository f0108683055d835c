"""Conversion between scipy/numpy matrices and the parts the C++ core exchanges.

The core returns ``(data, indices, indptr, (rows, cols))`` and accepts the same parts; these two
functions are the only place where that convention is known on the Python side.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp


def csr_from_parts(
    parts: tuple[Any, Any, Any, tuple[int, int]], dtype: Any = np.float64
) -> sp.csr_matrix:
    """Builds a ``scipy.sparse.csr_matrix`` from the core's (data, indices, indptr, shape)."""
    data, indices, indptr, shape = parts
    matrix = sp.csr_matrix((data, indices, indptr), shape=shape, copy=False)
    if dtype is not None and matrix.dtype != dtype:
        matrix = matrix.astype(dtype)
    return matrix


def csr_to_parts(
    matrix: Any, name: str = "X"
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    """Canonical CSR parts (float64 data, int64 indices and indptr) of any 2-D matrix.

    Accepts scipy sparse matrices and arrays of any format and numpy array-likes. Raises
    ``TypeError`` for what is not a matrix and ``ValueError`` for non-2-D or non-finite input,
    naming the argument.
    """
    if sp.issparse(matrix):
        csr = sp.csr_matrix(matrix, dtype=np.float64)
    else:
        try:
            dense = np.asarray(matrix, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"{name} must be a scipy.sparse matrix or a numeric array, "
                f"got {type(matrix).__name__}"
            ) from exc
        if dense.ndim != 2:
            raise ValueError(f"{name} must be 2-dimensional, got an array of shape {dense.shape}")
        csr = sp.csr_matrix(dense)
    if not csr.has_canonical_format:
        csr = csr.copy()
        csr.sum_duplicates()
    if csr.nnz and not np.isfinite(csr.data).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return (
        csr.data,
        csr.indices.astype(np.int64, copy=False),
        csr.indptr.astype(np.int64, copy=False),
        int(csr.shape[0]),
        int(csr.shape[1]),
    )
