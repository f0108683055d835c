"""Themes: k-means on dense embeddings, agglomerative clustering on cosine distance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from .._core import analysis as _analysis
from ._common import choice, n_threads, pandas, positive_int, sparse_parts


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


@dataclass(frozen=True)
class ClusterTerms:
    """The top terms of each cluster, by mean value over the cluster's rows.

    Attributes
    ----------
    ids : ndarray of int64, shape (n_clusters, n)
        Term ids, best first; -1 pads a cluster with fewer non-zero terms.
    weights : ndarray of float64, shape (n_clusters, n)
        Mean value of each term in the cluster (NaN where ids is -1).
    terms : list of list of str, or None
        The term strings, when terms were given (padding left out).
    sizes : ndarray of int64, shape (n_clusters,)
        Rows per cluster.
    """

    ids: np.ndarray
    weights: np.ndarray
    terms: list[list[str]] | None
    sizes: np.ndarray

    def labels(self, k: int = 3, sep: str = ", ") -> list[str]:
        """A short label per cluster: its first k terms (or ids) joined by sep."""
        if self.terms is not None:
            return [sep.join(row[:k]) for row in self.terms]
        return [sep.join(str(t) for t in row[:k] if t >= 0) for row in self.ids.tolist()]

    def to_frame(self) -> Any:
        """A long pandas DataFrame: cluster, rank, term, weight (padding left out)."""
        pd = pandas()
        cluster, rank = np.nonzero(self.ids >= 0)
        records = {"cluster": cluster, "rank": rank, "term_id": self.ids[cluster, rank]}
        if self.terms is not None:
            records["term"] = [self.terms[c][r] for c, r in zip(cluster, rank, strict=True)]
        records["weight"] = self.weights[cluster, rank]
        return pd.DataFrame(records)


def cluster_terms(
    X: Any,
    labels: Any,
    terms: Sequence[str] | None = None,
    *,
    n: int = 10,
    n_clusters: int | None = None,
) -> ClusterTerms:
    """Labels clusters (themes) by their top terms: the columns of X with the largest mean
    value over each cluster's rows (its centroid, e.g. in tf-idf space); ties by lower id.

    Parameters
    ----------
    X : scipy.sparse matrix or array-like, shape (rows, cols)
        Usually the tf-idf matrix the clusters were computed from (or its counts).
    labels : array-like of int, shape (rows,)
        Cluster of each row, in [0, n_clusters).
    terms : sequence of str, optional
        The term of each column.
    n : int
        Terms per cluster.
    n_clusters : int, optional
        Defaults to ``max(labels) + 1``.

    Returns
    -------
    ClusterTerms
    """
    data, indices, indptr, rows, cols = sparse_parts(X, "X")
    label_array = np.ascontiguousarray(labels, dtype=np.int64)
    if label_array.ndim != 1:
        raise ValueError("labels must be 1-dimensional")
    if n_clusters is None:
        n_clusters = int(label_array.max()) + 1 if label_array.size else 1
    if terms is not None and len(terms) != cols:
        raise ValueError(f"terms has {len(terms)} entries but X has {cols} columns")
    raw = _analysis.cluster_terms(
        data,
        indices,
        indptr,
        rows,
        cols,
        label_array,
        positive_int(n_clusters, "n_clusters"),
        positive_int(n, "n"),
    )
    names = None
    if terms is not None:
        table = list(terms)
        names = [[table[t] for t in row if t >= 0] for row in raw["terms"].tolist()]
    return ClusterTerms(raw["terms"], raw["weights"], names, raw["sizes"])
