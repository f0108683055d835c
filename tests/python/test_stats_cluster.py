"""Clustering against scikit-learn and scipy."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score
from treatytext.stats import agglomerative, cluster_terms, kmeans

LINKAGES = ["average", "complete", "single"]


def _topics(rows: int, seed: int) -> np.ndarray:
    """Non-negative clause-like vectors: each row mixes one of 4 topics with noise."""
    rng = np.random.default_rng(seed)
    topics = rng.random((4, 30)) * (rng.random((4, 30)) < 0.3)
    mix = topics[rng.integers(0, 4, rows)] + 0.3 * rng.random((rows, 30)) * (
        rng.random((rows, 30)) < 0.2
    )
    return mix


@pytest.mark.parametrize("method", LINKAGES)
@pytest.mark.parametrize("seed", [0, 1])
def test_agglomerative_matches_sklearn(method: str, seed: int) -> None:
    X = _topics(80, seed)
    for n_clusters in (2, 4, 7):
        ours = agglomerative(sp.csr_matrix(X), n_clusters, linkage=method)
        theirs = AgglomerativeClustering(
            n_clusters=n_clusters, metric="cosine", linkage=method
        ).fit_predict(X)
        assert ours.n_clusters == n_clusters
        assert adjusted_rand_score(ours.labels, theirs) == 1.0
    # Halfway between two merge distances, so that rounding cannot decide a merge.
    distances = np.unique(ours.linkage_matrix[:, 2])
    middle = len(distances) // 2
    threshold = float(distances[middle - 1] + distances[middle]) / 2
    ours = agglomerative(X, distance_threshold=threshold, linkage=method)
    theirs = AgglomerativeClustering(
        n_clusters=None, distance_threshold=threshold, metric="cosine", linkage=method
    ).fit(X)
    assert ours.n_clusters == theirs.n_clusters_
    assert adjusted_rand_score(ours.labels, theirs.labels_) == 1.0


@pytest.mark.parametrize("method", LINKAGES)
def test_linkage_matrix_matches_scipy(method: str) -> None:
    X = _topics(60, 3)
    ours = agglomerative(X, 3, linkage=method)
    theirs = linkage(X, method=method, metric="cosine")
    np.testing.assert_allclose(ours.linkage_matrix[:, 2], theirs[:, 2], atol=1e-12)
    np.testing.assert_array_equal(ours.linkage_matrix[:, 3], theirs[:, 3])
    # The dendrogram cut by scipy gives our labels.
    flat = fcluster(ours.linkage_matrix, 3, criterion="maxclust")
    assert adjusted_rand_score(flat, ours.labels) == 1.0


def test_agglomerative_guard_and_errors() -> None:
    X = _topics(30, 4)
    with pytest.raises(ValueError, match="kmeans"):
        agglomerative(X, 2, max_rows=20)
    with pytest.raises(ValueError, match="exactly one"):
        agglomerative(X)
    with pytest.raises(ValueError, match="exactly one"):
        agglomerative(X, 2, distance_threshold=0.5)
    with pytest.raises(ValueError, match="linkage"):
        agglomerative(X, 2, linkage="ward")
    with pytest.raises(ValueError, match="exceeds"):
        agglomerative(X, 31)
    one = agglomerative(X, 3, n_jobs=1)
    two = agglomerative(X, 3, n_jobs=2)
    assert np.array_equal(one.labels, two.labels)


def test_kmeans_recovers_blobs_and_inertia() -> None:
    X, truth = make_blobs(n_samples=300, centers=5, n_features=6, cluster_std=0.5, random_state=0)
    result = kmeans(X, 5, seed=0)
    assert adjusted_rand_score(result.labels, truth) == 1.0
    naive = sum(
        float(np.sum((X[i] - result.centers[result.labels[i]]) ** 2)) for i in range(len(X))
    )
    assert result.inertia == pytest.approx(naive, rel=1e-12)
    for c in range(5):
        np.testing.assert_allclose(
            result.centers[c], X[result.labels == c].mean(axis=0), atol=1e-12
        )
    assert result.labels[0] == 0  # canonical numbering
    sklearn_inertia = KMeans(5, n_init=4, random_state=0).fit(X).inertia_
    assert result.inertia == pytest.approx(sklearn_inertia, rel=1e-9)


def test_kmeans_deterministic_and_thread_independent() -> None:
    X = np.random.default_rng(0).random((500, 8))
    one = kmeans(X, 6, seed=7)
    again = kmeans(X, 6, seed=7, n_jobs=2)
    assert np.array_equal(one.labels, again.labels)
    assert np.array_equal(one.centers, again.centers)
    assert one.inertia == again.inertia
    assert kmeans(X, 6, seed=7, n_init=10).inertia <= one.inertia


def test_kmeans_errors() -> None:
    X = np.random.default_rng(1).random((10, 3))
    with pytest.raises(TypeError, match="lsa"):
        kmeans(sp.csr_matrix(X), 2)
    with pytest.raises(ValueError, match="exceeds"):
        kmeans(X, 11)
    with pytest.raises(ValueError, match="n_clusters"):
        kmeans(X, 0)
    with pytest.raises(ValueError, match="2-dimensional"):
        kmeans(X[0], 2)
    with pytest.raises(ValueError, match="n_jobs"):
        kmeans(X, 2, n_jobs=0)


def test_cluster_terms_are_centroid_tops() -> None:
    X = sp.csr_matrix(_topics(50, 6))
    labels = agglomerative(X, 4).labels
    result = cluster_terms(X, labels, [f"t{j}" for j in range(30)], n=5)
    dense = X.toarray()
    for c in range(4):
        mean = dense[labels == c].mean(axis=0)
        order = sorted(range(30), key=lambda j: (-mean[j], j))[:5]
        assert result.ids[c].tolist() == order
        np.testing.assert_allclose(result.weights[c], mean[order], rtol=1e-12)
        assert result.terms[c] == [f"t{j}" for j in order]
    assert result.sizes.tolist() == np.bincount(labels).tolist()
    assert result.labels(2)[0] == ", ".join(result.terms[0][:2])
    frame = result.to_frame()
    assert len(frame) == 20 and set(frame.columns) == {
        "cluster",
        "rank",
        "term_id",
        "term",
        "weight",
    }
    with pytest.raises(ValueError, match="label"):
        cluster_terms(X, np.full(50, 7), n_clusters=4)
