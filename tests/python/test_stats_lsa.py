"""LSA against numpy / scipy SVDs and scikit-learn's TruncatedSVD."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.linalg import svds
from sklearn.decomposition import TruncatedSVD
from treatytext.stats import lsa


def _planted(rows: int, cols: int, rank: int, seed: int) -> sp.csr_matrix:
    """Sparse non-negative matrix with a well-separated leading spectrum plus sparse noise."""
    rng = np.random.default_rng(seed)
    signal = sum(
        (12.0 / (k + 1))
        * np.outer(
            rng.random(rows) * (rng.random(rows) < 0.3), rng.random(cols) * (rng.random(cols) < 0.3)
        )
        for k in range(rank)
    )
    noise = sp.random(rows, cols, density=0.03, random_state=seed).toarray() * 0.05
    return sp.csr_matrix(signal + noise)


def test_small_matrix_equals_numpy_svd() -> None:
    X = _planted(30, 20, 4, 0)
    result = lsa(X, n_components=5)
    exact = np.linalg.svd(X.toarray(), compute_uv=False)
    np.testing.assert_allclose(result.singular_values, exact[:5], rtol=1e-9)


@pytest.mark.parametrize(("rows", "cols"), [(400, 250), (250, 600)])
def test_moderate_matrix_equals_scipy_svds(rows: int, cols: int) -> None:
    X = _planted(rows, cols, 8, 1)
    result = lsa(X, n_components=6)
    _, s, vt = svds(X, k=6, random_state=0)
    order = np.argsort(s)[::-1]
    np.testing.assert_allclose(result.singular_values, s[order], rtol=1e-8)
    # Same subspace, direction by direction: |<v_ours, v_svds>| = 1.
    overlap = np.abs(np.sum(result.components * vt[order], axis=1))
    np.testing.assert_allclose(overlap, 1.0, atol=1e-7)


def test_orthonormal_and_sign_convention() -> None:
    X = _planted(200, 120, 6, 2)
    result = lsa(X, n_components=5)
    k = result.n_components
    np.testing.assert_allclose(result.components @ result.components.T, np.eye(k), atol=1e-10)
    u = result.embedding / result.singular_values
    np.testing.assert_allclose(u.T @ u, np.eye(k), atol=1e-9)
    np.testing.assert_allclose(result.embedding, X @ result.components.T, atol=1e-9)
    # svd_flip(u_based_decision=False): the largest |entry| of each component is positive.
    largest = result.components[np.arange(k), np.abs(result.components).argmax(axis=1)]
    assert np.all(largest > 0)
    np.testing.assert_allclose(result.transform(X[:7]), result.embedding[:7], atol=1e-10)


def test_agrees_with_sklearn_truncated_svd() -> None:
    X = _planted(300, 200, 6, 3)
    ours = lsa(X, n_components=5)
    theirs = TruncatedSVD(n_components=5, algorithm="arpack", random_state=0).fit(X)
    np.testing.assert_allclose(ours.singular_values, theirs.singular_values_, rtol=1e-8)
    # scikit-learn flips signs the same way, so the components agree entry by entry.
    np.testing.assert_allclose(ours.components, theirs.components_, atol=1e-7)
    np.testing.assert_allclose(ours.embedding, theirs.transform(X), atol=1e-7)


def test_deterministic_and_thread_independent() -> None:
    X = _planted(300, 150, 10, 4)
    one = lsa(X, n_components=8, seed=3)
    again = lsa(X, n_components=8, seed=3, n_jobs=2)
    assert np.array_equal(one.embedding, again.embedding)
    assert np.array_equal(one.components, again.components)
    dense = lsa(X.toarray(), n_components=8, seed=3)
    np.testing.assert_allclose(dense.embedding, one.embedding, atol=1e-12)


def test_bad_arguments() -> None:
    X = _planted(10, 6, 2, 5)
    with pytest.raises(ValueError, match="exceeds min"):
        lsa(X, n_components=7)
    with pytest.raises(ValueError, match="n_components"):
        lsa(X, n_components=0)
    with pytest.raises(TypeError, match="n_components"):
        lsa(X, n_components=2.5)
    with pytest.raises(ValueError, match="NaN"):
        lsa(np.array([[1.0, np.nan], [0.0, 1.0]]), n_components=1)
    result = lsa(X, n_components=2)
    with pytest.raises(ValueError, match="columns"):
        result.transform(np.ones((2, 5)))
