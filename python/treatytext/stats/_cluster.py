"""Themes: k-means on dense embeddings, agglomerative clustering on cosine distance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from .._core import analysis as _analysis
from ._common import choice, n_threads, positive_int, sparse_parts


@dataclass(frozen=True)
class KMeansResult:
    """k-means clusters; labels are numbered in order of first row (row 0 is in cluster 0).

    Attributes
    ----------
    labels : ndarray of int64, shape (rows,)
    centers : ndarray, shape (n_clusters, dims)
        In label order.
    inertia : float
        Sum of squared distances of rows to their center.
    n_iter : int
        Lloyd iterations of the best restart.
    """

    labels: np.ndarray
    centers: np.ndarray
    inertia: float
    n_iter: int

    @property
    def n_clusters(self) -> int:
        return int(self.centers.shape[0])


@dataclass(frozen=True)
class AgglomerativeResult:
    """Agglomerative clusters and the full dendrogram.

    Attributes
    ----------
    labels : ndarray of int64, shape (rows,)
        Numbered in order of first row.
    n_clusters : int
    linkage_matrix : ndarray, shape (rows - 1, 4)
        scipy's linkage format (merged ids, distance, size), usable with
        ``scipy.cluster.hierarchy.dendrogram`` and ``fcluster``.
    """

    labels: np.ndarray
    n_clusters: int
    linkage_matrix: np.ndarray


def kmeans(
    X: Any,
    n_clusters: int,
    *,
    seed: int = 0,
    n_init: int = 4,
    max_iter: int = 300,
    tol: float = 1e-4,
    n_jobs: int | None = 1,
) -> KMeansResult:
    """k-means of the rows of a dense matrix (e.g. LSA embeddings).

    Greedy k-means++ seeding, Lloyd iterations until no label changes or the centers move less
    than ``tol`` times the mean variance of the data, ``n_init`` restarts (lowest inertia wins).
    The result depends only on ``seed``, not on ``n_jobs``.

    Parameters
    ----------
    X : array-like, shape (rows, dims)
        Dense. A sparse matrix is refused: reduce it with :func:`lsa` first.
    n_clusters : int
        In [1, rows].
    seed : int
    n_init : int
    max_iter : int
    tol : float
    n_jobs : int or None
        Threads for the assignment step (-1 = all cores).

    Returns
    -------
    KMeansResult
    """
    if sp.issparse(X):
        raise TypeError(
            "kmeans works on dense embeddings; reduce a sparse X with "
            "treatytext.stats.lsa(X, n_components).embedding, or pass X.toarray()"
        )
    data = np.ascontiguousarray(X, dtype=np.float64)
    if data.ndim != 2:
        raise ValueError(f"X must be 2-dimensional, got an array of shape {data.shape}")
    raw = _analysis.kmeans(
        data,
        positive_int(n_clusters, "n_clusters"),
        n_init=positive_int(n_init, "n_init"),
        max_iter=positive_int(max_iter, "max_iter"),
        tol=float(tol),
        seed=positive_int(seed, "seed", minimum=0),
        n_threads=n_threads(n_jobs),
    )
    return KMeansResult(raw["labels"], raw["centers"], float(raw["inertia"]), int(raw["n_iter"]))


def agglomerative(
    X: Any,
    n_clusters: int | None = None,
    *,
    distance_threshold: float | None = None,
    linkage: str = "average",
    max_rows: int = 10_000,
    n_jobs: int | None = 1,
) -> AgglomerativeResult:
    """Agglomerative clustering of the rows of X under cosine distance.

    Agrees with ``sklearn.cluster.AgglomerativeClustering(metric="cosine", linkage=...)`` and
    ``scipy.cluster.hierarchy.linkage(X, method, metric="cosine")``, except that a row of zeros
    is at distance 1 from every row instead of NaN. O(rows²) time and memory: inputs above
    ``max_rows`` are refused (cluster LSA embeddings with :func:`kmeans` instead).

    Parameters
    ----------
    X : scipy.sparse matrix or array-like, shape (rows, cols)
    n_clusters : int, optional
        Number of clusters; give this or ``distance_threshold``.
    distance_threshold : float, optional
        Merges at a distance >= threshold are not made (scikit-learn's rule).
    linkage : {"average", "complete", "single"}
    max_rows : int
        Guard on the O(rows²) distance matrix (8 bytes x rows² / 2).
    n_jobs : int or None
        Threads for the distances.

    Returns
    -------
    AgglomerativeResult
    """
    choice(linkage, "linkage", ("average", "complete", "single"))
    if (n_clusters is None) == (distance_threshold is None):
        raise ValueError("give exactly one of n_clusters and distance_threshold")
    count = -1 if n_clusters is None else positive_int(n_clusters, "n_clusters")
    threshold = -1.0 if distance_threshold is None else float(distance_threshold)
    if distance_threshold is not None and not threshold >= 0:
        raise ValueError(f"distance_threshold must be >= 0, got {distance_threshold!r}")
    data, indices, indptr, rows, cols = sparse_parts(X, "X")
    raw = _analysis.agglomerative(
        data,
        indices,
        indptr,
        rows,
        cols,
        linkage=linkage,
        n_clusters=count,
        distance_threshold=threshold,
        max_rows=positive_int(max_rows, "max_rows"),
        n_threads=n_threads(n_jobs),
    )
    return AgglomerativeResult(raw["labels"], int(raw["n_clusters"]), raw["linkage_matrix"])
