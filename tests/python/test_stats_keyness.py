"""Keyness against scipy.stats.chi2_contingency and hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.stats import chi2, chi2_contingency
from treatytext.stats import chi2_sf, keyness


def _counts(seed: int, terms: int = 60) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    target = rng.poisson(rng.gamma(0.8, 6.0, terms)).astype(float)
    reference = rng.poisson(rng.gamma(0.8, 12.0, terms)).astype(float)
    return target, reference


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_statistics_match_scipy(seed: int) -> None:
    target, reference = _counts(seed)
    result = keyness(target, reference, sort=False)
    kept = (target + reference) > 0
    assert np.array_equal(result.term, np.flatnonzero(kept))
    total_t, total_r = target.sum(), reference.sum()
    for i, t in enumerate(result.term):
        table = np.array([[target[t], reference[t]], [total_t - target[t], total_r - reference[t]]])
        g = chi2_contingency(table, lambda_="log-likelihood", correction=False)
        c = chi2_contingency(table, correction=False)
        assert result.g2[i] == pytest.approx(g.statistic, rel=1e-10, abs=1e-12)
        assert result.chi2[i] == pytest.approx(c.statistic, rel=1e-10, abs=1e-12)
        assert result.p_value[i] == pytest.approx(g.pvalue, rel=1e-9, abs=1e-15)
    corrected = keyness(target, reference, measure="chi2", correction=True, sort=False)
    for i, t in enumerate(corrected.term):
        table = np.array([[target[t], reference[t]], [total_t - target[t], total_r - reference[t]]])
        y = chi2_contingency(table, correction=True)
        assert corrected.chi2[i] == pytest.approx(y.statistic, rel=1e-10, abs=1e-12)
        assert corrected.p_value[i] == pytest.approx(y.pvalue, rel=1e-9, abs=1e-15)


def test_p_values_match_chi2_sf() -> None:
    xs = np.array([0.0, 1e-6, 0.5, 3.84, 10.0, 50.0, 200.0])
    for x in xs:
        assert chi2_sf(x) == pytest.approx(chi2.sf(x, 1), rel=1e-12, abs=1e-300)
        assert chi2_sf(x, 4) == pytest.approx(chi2.sf(x, 4), rel=1e-12, abs=1e-300)


def test_hand_computed_table_and_effect_sizes() -> None:
    # Term "treaty": 10 of 1000 tokens in the target, 5 of 2000 in the reference.
    result = keyness([10, 990], [5, 1995], ["treaty", "rest"])
    row = result.to_frame().set_index("term").loc["treaty"]
    expected_chi2 = 25 * (1 / 5 + 1 / 10 + 1 / 995 + 1 / 1990)
    assert row["chi2"] == pytest.approx(expected_chi2, rel=1e-12)
    assert row["log_ratio"] == pytest.approx(np.log2((10.5 / 1000) / (5.5 / 2000)), rel=1e-12)
    assert row["percent_diff"] == pytest.approx(300.0, rel=1e-12)
    assert row["odds_ratio"] == pytest.approx(10 * 1995 / (5 * 990), rel=1e-12)
    assert row["sign"] == 1
    assert result.target_total == 1000 and result.reference_total == 2000


def test_sorted_by_statistic_and_matrix_input_agrees() -> None:
    target, reference = _counts(5)
    by_vector = keyness(target, reference, measure="chi2")
    assert np.all(np.diff(by_vector.statistic) <= 0)
    assert by_vector.statistic is by_vector.chi2
    # The same totals split over several clause rows, sparse and dense.
    rng = np.random.default_rng(0)
    parts = np.stack([rng.multinomial(int(c), [0.2, 0.3, 0.5]) for c in target], axis=1)
    assert np.array_equal(parts.sum(axis=0), target)
    by_matrix = keyness(sp.csr_matrix(parts), reference, measure="chi2")
    assert np.array_equal(by_matrix.term, by_vector.term)
    np.testing.assert_array_equal(by_matrix.chi2, by_vector.chi2)
    dense = keyness(parts, reference.reshape(1, -1))
    np.testing.assert_array_equal(dense.g2, keyness(target, reference).g2)


def test_terms_and_frame() -> None:
    result = keyness([3, 0, 7], [1, 4, 5], ["a", "b", "c"], min_count=1)
    frame = result.to_frame()
    assert list(frame["term"]) == list(result.terms)
    assert set(frame["term"]) == {"a", "b", "c"}
    assert len(result) == 3


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="measure"):
        keyness([1, 2], [1, 2], measure="ll")
    with pytest.raises(ValueError, match="terms"):
        keyness([1, 2], [2, 1], ["a"])
    with pytest.raises(ValueError, match=">= 0"):
        keyness([1, -2], [2, 1])
    with pytest.raises(ValueError, match="empty"):
        keyness([0, 0], [2, 1])
    with pytest.raises(ValueError, match="terms but reference"):
        keyness([1, 2, 3], [2, 1])
    with pytest.raises(ValueError, match="columns"):
        keyness(np.ones((2, 3)), np.ones((2, 4)))


def test_core_option_names_are_checked() -> None:
    # The Python layer checks these first; the bindings check them again, naming every choice.
    from treatytext import _core

    ones = np.ones(2)
    empty = (np.zeros(0), np.zeros(0, np.int64), np.zeros(2, np.int64), 1, 1)
    cases = [
        (
            lambda: _core.analysis.keyness(ones, ones, measure="t"),
            "measure must be 'g2' or 'chi2', got 't'",
        ),
        (
            lambda: _core.analysis.collocations(
                np.zeros(0, np.int32), np.zeros(1, np.int64), score="t"
            ),
            "score must be 'g2', 'pmi' or 'count', got 't'",
        ),
        (
            lambda: _core.analysis.agglomerative(*empty, linkage="ward"),
            "linkage must be 'single', 'complete' or 'average', got 'ward'",
        ),
        (
            lambda: _core.analysis.align_scores(np.ones((2, 2)), mode="t"),
            "mode must be 'one-to-one' or 'one-to-many', got 't'",
        ),
    ]
    for call, message in cases:
        with pytest.raises(ValueError) as raised:
            call()
        assert str(raised.value) == message
