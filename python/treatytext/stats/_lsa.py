"""LSA: truncated SVD of a clause x term matrix, computed in C++ (randomized, seeded)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .._core import analysis as _analysis
from ._common import n_threads, positive_int, sparse_parts


@dataclass(frozen=True)
class LsaResult:
    """A rank-k decomposition ``X ≈ U S Vt``.

    Attributes
    ----------
    embedding : ndarray, shape (rows, k)
        ``U S``: the coordinates of each row of X (scikit-learn's ``fit_transform`` output).
    singular_values : ndarray, shape (k,)
        Descending.
    components : ndarray, shape (k, cols)
        ``Vt``, orthonormal rows; in each, the entry of largest magnitude is positive.
    """

    embedding: np.ndarray
    singular_values: np.ndarray
    components: np.ndarray

    @property
    def n_components(self) -> int:
        return int(self.singular_values.shape[0])

    def transform(self, X: Any, n_jobs: int | None = 1) -> np.ndarray:
        """Coordinates of new rows (same columns as the fitted matrix): ``X Vtᵀ``."""
        data, indices, indptr, rows, cols = sparse_parts(X, "X")
        return _analysis.lsa_transform(
            data, indices, indptr, rows, cols, self.components, n_threads=n_threads(n_jobs)
        )


def lsa(
    X: Any,
    n_components: int = 100,
    *,
    n_iter: int = 5,
    oversamples: int = 10,
    seed: int = 0,
    n_jobs: int | None = 1,
) -> LsaResult:
    """Latent semantic analysis: truncated SVD of a (tf-idf) matrix.

    Randomized SVD (Halko, Martinsson & Tropp 2011) with ``n_components + oversamples`` test
    vectors and ``n_iter`` power iterations, re-orthonormalized at each step; the matrix is never
    densified. The result depends only on ``seed`` (not on ``n_jobs`` or the platform), and its
    signs follow scikit-learn's ``svd_flip`` on the components.

    Parameters
    ----------
    X : scipy.sparse matrix or array-like, shape (rows, cols)
    n_components : int
        At most ``min(rows, cols)``.
    n_iter : int
        Power iterations; more for a slowly decaying spectrum.
    oversamples : int
        Extra test vectors; more for accurate trailing components.
    seed : int
        Seed of the Gaussian test matrix (>= 0).
    n_jobs : int or None
        Threads for the sparse products (-1 = all cores).

    Returns
    -------
    LsaResult
    """
    n_components = positive_int(n_components, "n_components")
    n_iter = positive_int(n_iter, "n_iter", minimum=0)
    oversamples = positive_int(oversamples, "oversamples", minimum=0)
    seed = positive_int(seed, "seed", minimum=0)
    data, indices, indptr, rows, cols = sparse_parts(X, "X")
    parts = _analysis.truncated_svd(
        data,
        indices,
        indptr,
        rows,
        cols,
        n_components,
        oversamples=oversamples,
        n_iter=n_iter,
        seed=seed,
        n_threads=n_threads(n_jobs),
    )
    return LsaResult(parts["embedding"], parts["singular_values"], parts["components"])
