"""Alignment: exact matching against scipy's linear_sum_assignment, order independence."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from sklearn.metrics.pairwise import cosine_similarity
from treatytext.stats import align, align_scores


def _documents(seed: int) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """B reuses (noisily) some clauses of A, in another order, plus clauses of its own."""
    a, b, _ = _documents_with_truth(seed)
    return a, b


def _documents_with_truth(seed: int) -> tuple[sp.csr_matrix, sp.csr_matrix, set[tuple[int, int]]]:
    rng = np.random.default_rng(seed)
    a = sp.random(25, 80, density=0.08, random_state=seed, format="csr")
    reused = rng.choice(25, 15, replace=False)
    copies = a[reused] + sp.random(15, 80, density=0.02, random_state=seed + 1) * 0.3
    own = sp.random(10, 80, density=0.08, random_state=seed + 2)
    order = rng.permutation(25)
    b = sp.vstack([copies, own]).tocsr()[order]
    position = np.argsort(order)  # row of B holding stacked row r
    return a, b, {(int(reused[r]), int(position[r])) for r in range(15)}


def _pairs(result) -> set[tuple[int, int]]:
    return set(zip(result.a_index.tolist(), result.b_index.tolist(), strict=True))


@pytest.mark.parametrize("threshold", [0.0, 0.3])
def test_one_to_one_is_a_maximum_weight_matching(threshold: float) -> None:
    a, b = _documents(0)
    result = align(a, b, threshold=threshold)
    scores = cosine_similarity(a, b)
    weights = np.where((scores > 0) & (scores >= threshold), scores, 0.0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    best = weights[rows, cols].sum()
    assert result.exact
    assert result.score.sum() == pytest.approx(best, rel=1e-12)
    np.testing.assert_allclose(result.score, scores[result.a_index, result.b_index], atol=1e-12)
    assert len(set(result.b_index.tolist())) == len(result)
    assert np.all(result.score >= threshold) and np.all(result.score > 0)
    assert np.all(np.diff(result.a_index) > 0)
    matched_a = set(result.a_index.tolist())
    assert result.unmatched_a.tolist() == [i for i in range(a.shape[0]) if i not in matched_a]
    matched_b = set(result.b_index.tolist())
    assert result.unmatched_b.tolist() == [j for j in range(b.shape[0]) if j not in matched_b]


def test_one_to_many_takes_each_best_match() -> None:
    a, b = _documents(1)
    result = align(a, b, mode="one-to-many", threshold=0.2)
    scores = cosine_similarity(a, b)
    expected = {(i, int(np.argmax(scores[i]))) for i in range(a.shape[0]) if scores[i].max() >= 0.2}
    assert _pairs(result) == expected


@pytest.mark.parametrize("mode", ["one-to-one", "one-to-many"])
def test_independent_of_clause_order(mode: str) -> None:
    a, b = _documents(2)
    base = align(a, b, mode=mode, threshold=0.1)
    rng = np.random.default_rng(9)
    for _ in range(3):
        pa, pb = rng.permutation(a.shape[0]), rng.permutation(b.shape[0])
        permuted = align(a[pa], b[pb], mode=mode, threshold=0.1)
        mapped = {(int(pa[i]), int(pb[j])) for i, j in _pairs(permuted)}
        assert mapped == _pairs(base)
        assert sorted(pa[permuted.unmatched_a].tolist()) == base.unmatched_a.tolist()
        assert sorted(pb[permuted.unmatched_b].tolist()) == base.unmatched_b.tolist()


def test_greedy_fallback_on_clear_reuse() -> None:
    a, b, truth = _documents_with_truth(3)
    exact = align(a, b, threshold=0.5)
    greedy = align(a, b, threshold=0.5, exact_max_cells=0, candidates=3)
    assert not greedy.exact
    assert _pairs(greedy) == _pairs(exact)
    assert truth <= _pairs(exact)  # every reused clause is found


def test_align_scores_and_frame() -> None:
    scores = np.array([[0.9, 0.8], [0.8, 0.0], [np.nan, 0.1]])
    result = align_scores(scores)
    assert _pairs(result) == {(0, 1), (1, 0)}
    assert result.unmatched_a.tolist() == [2]
    frame = result.to_frame()
    assert list(frame.columns) == ["status", "a", "ref_a", "b", "ref_b", "score"]
    assert frame["status"].tolist() == ["matched", "matched", "only in A"]
    assert frame["score"].sum() == pytest.approx(1.6)


def test_bad_arguments() -> None:
    a, b = _documents(4)
    with pytest.raises(ValueError, match="mode"):
        align(a, b, mode="many-to-many")
    with pytest.raises(ValueError, match="vocabulary"):
        align(a, b[:, :50])
    with pytest.raises(ValueError, match="candidates"):
        align(a, b, candidates=0)
    with pytest.raises(ValueError, match="2-dimensional"):
        align_scores(np.ones(3))
    empty = align(a[:0], b)
    assert len(empty) == 0 and empty.unmatched_b.tolist() == list(range(b.shape[0]))
