"""Conversion between scipy/numpy matrices and the parts the C++ core exchanges.

The core returns ``(data, indices, indptr, (rows, cols))`` and accepts the same parts; these two
functions are the only place where that convention is known on the Python side.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from . import _core


def csr_from_parts(
    parts: tuple[Any, Any, Any, tuple[int, int]], dtype: Any = np.float64
) -> sp.csr_matrix:
    """Builds a ``scipy.sparse.csr_matrix`` from the core's (data, indices, indptr, shape)."""
    data, indices, indptr, shape = parts
    matrix = sp.csr_matrix((data, indices, indptr), shape=shape, copy=False)
    if dtype is not None and matrix.dtype != dtype:
        matrix = matrix.astype(dtype)
    return matrix


def check_structure(matrix: Any, name: str = "X") -> None:
    """Checks a compressed sparse matrix's arrays before scipy reads rows through them.

    scipy lets users build and mutate ``indptr``/``indices`` freely, and its own
    ``has_canonical_format``, ``sum_duplicates`` and format conversions then read out of bounds
    or fail cryptically. One read-only pass in the core (O(nnz)) raises ``ValueError`` naming
    the argument, the array and the row instead. Other formats are checked by scipy itself.
    """
    if not sp.issparse(matrix):
        return
    rows, cols = (int(n) for n in matrix.shape)
    if matrix.format == "coo":
        # scipy's coo -> csr conversion writes through the row numbers unchecked.
        for coordinate, bound, axis in ((matrix.row, rows, "row"), (matrix.col, cols, "column")):
            if len(coordinate) != len(matrix.data):
                raise ValueError(f"{name}: COO {axis} indices and data differ in length")
            if len(coordinate) and (coordinate.min() < 0 or coordinate.max() >= bound):
                bad = int(np.flatnonzero((coordinate < 0) | (coordinate >= bound))[0])
                raise ValueError(
                    f"{name}: COO {axis} index {int(coordinate[bad])} at entry {bad} is out of "
                    f"range for shape {(rows, cols)}"
                )
        return
    if matrix.format == "csr":
        major, minor, stored, label = rows, cols, len(matrix.data), name
    elif matrix.format == "csc":
        major, minor, stored, label = (
            cols,
            rows,
            len(matrix.data),
            f"{name} (CSC: rows are columns)",
        )
    elif matrix.format == "bsr":
        block_rows, block_cols = matrix.blocksize
        major, minor, stored = rows // block_rows, cols // block_cols, matrix.data.shape[0]
        label = f"{name} (BSR: rows and columns are blocks)"
    else:
        return
    _core.check_csr_structure(matrix.indptr, matrix.indices, stored, major, minor, label)


def csr_to_parts(
    matrix: Any, name: str = "X"
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    """Canonical CSR parts (float64 data, int64 indices and indptr) of any 2-D matrix.

    Accepts scipy sparse matrices and arrays of any format and numpy array-likes. Raises
    ``TypeError`` for what is not a matrix and ``ValueError`` for non-2-D or non-finite input,
    naming the argument.
    """
    if sp.issparse(matrix):
        check_structure(matrix, name)
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
