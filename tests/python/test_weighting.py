from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp
from reference import naive_idf, naive_weights, tota_articles
from sklearn.feature_extraction.text import TfidfTransformer
from treatytext.counting import count
from treatytext.weighting import (
    WEIGHTING_PRESETS,
    apply_weights,
    inverse_document_frequency,
    normalize_rows,
    weight_counts,
    weight_options,
)

# Three documents over a, b, c: d0 = {a: 2, b: 1}, d1 = {a: 1, c: 1}, d2 = {c: 3}.
# N = 3, df = (2, 1, 2), lengths (3, 2, 3), average length 8/3.
TINY = sp.csr_matrix(np.array([[2.0, 1, 0], [1, 0, 1], [0, 0, 3]]))
TINY_DF = np.array([2, 1, 2])


@pytest.fixture(scope="module")
def tota_counts(tota_dir):
    return count(tota_articles(tota_dir, 8))


def test_smooth_tfidf_by_hand() -> None:
    # idf(a) = ln(4/3) + 1 = 1.287682, idf(b) = ln(4/2) + 1 = 1.693147
    idf = inverse_document_frequency(TINY_DF, 3)
    assert idf[0] == pytest.approx(math.log(4 / 3) + 1, abs=1e-15)
    assert idf[1] == pytest.approx(1.6931471805599454, abs=1e-15)
    x = apply_weights(TINY, idf).toarray()
    # d0 = (2 * 1.287682, 1.693147) = (2.575364, 1.693147), l2 norm 3.082091
    assert x[0, 0] == pytest.approx(0.8355915419449176, abs=1e-15)
    assert x[0, 1] == pytest.approx(0.5493512310263033, abs=1e-15)
    # d1 = (1.287682, 1.287682) -> both 1/sqrt(2); d2 = (3.863046) -> 1
    assert x[1].tolist() == pytest.approx([1 / math.sqrt(2), 0, 1 / math.sqrt(2)], abs=1e-15)
    assert x[2].tolist() == [0, 0, 1]


def test_bm25_by_hand() -> None:
    options = weight_options("bm25")
    idf = inverse_document_frequency(TINY_DF, 3, options)
    assert idf[0] == pytest.approx(math.log(1.6), abs=1e-15)  # ln(1 + (3 - 2 + .5) / (2 + .5))
    x = apply_weights(TINY, idf, options, average_length=8 / 3).toarray()
    # d0: K = 1.2 * (0.25 + 0.75 * 3 / (8/3)) = 1.3125; a: ln(1.6) * 2 * 2.2 / 3.3125
    assert x[0, 0] == pytest.approx(math.log(1.6) * 4.4 / 3.3125, abs=1e-15)
    assert x[0, 0] == pytest.approx(0.6243067075264112, abs=1e-15)
    # d1: K = 1.2 * (0.25 + 0.75 * 2 / (8/3)) = 0.975; a: ln(1.6) * 2.2 / 1.975
    assert x[1, 0] == pytest.approx(0.523548346501579, abs=1e-15)


@pytest.mark.parametrize("norm", ["l2", "l1", None])
@pytest.mark.parametrize("smooth_idf", [True, False])
@pytest.mark.parametrize("sublinear_tf", [False, True])
def test_equal_to_scikit_learn_tfidf_transformer(tota_counts, norm, smooth_idf, sublinear_tf):
    options = weight_options(
        tf="log" if sublinear_tf else "raw",
        idf="smooth" if smooth_idf else "plain",
        norm=norm or "none",
    )
    ours, idf = weight_counts(tota_counts, options, n_jobs=2)
    sk = TfidfTransformer(norm=norm, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf)
    expected = sk.fit_transform(tota_counts.matrix)
    np.testing.assert_allclose(idf, sk.idf_, rtol=1e-14)
    assert ours.shape == expected.shape
    assert np.array_equal(ours.indices, expected.indices)
    np.testing.assert_allclose(ours.data, expected.data, rtol=1e-13)


def test_equal_to_scikit_learn_without_idf(tota_counts) -> None:
    ours, _ = weight_counts(tota_counts, weight_options(idf="none"))
    expected = TfidfTransformer(use_idf=False).fit_transform(tota_counts.matrix)
    np.testing.assert_allclose(ours.toarray(), expected.toarray(), rtol=1e-13)


@pytest.mark.parametrize(
    "weighting, overrides",
    [
        ("bm25", {}),
        ("bm25", {"norm": "l2", "k1": 2.0, "b": 0.3}),
        ("tfidf", {"tf": "augmented"}),
        ("tfidf", {"idf": "probabilistic", "norm": "l1"}),
        ("tfidf", {"tf": "binary", "idf": "plain"}),
        ("tf", {}),
        ("count", {}),
    ],
)
def test_equal_to_the_naive_reference(tota_dir, weighting, overrides) -> None:
    counts = count(tota_articles(tota_dir, 2))
    options = weight_options(weighting, **overrides)
    matrix, idf = weight_counts(counts, options)
    dense = counts.matrix.toarray()
    n = counts.n_documents
    scheme = "bm25" if options.bm25 else options.idf
    expected_idf = naive_idf(counts.document_frequency, n, scheme)
    np.testing.assert_allclose(idf, expected_idf, rtol=1e-14)
    expected = naive_weights(
        dense,
        expected_idf,
        tf=options.tf,
        norm=options.norm,
        bm25=options.bm25,
        k1=options.k1,
        b=options.b,
        average_length=dense.sum() / n,
    )
    np.testing.assert_allclose(matrix.toarray(), expected, rtol=1e-12, atol=1e-15)
    assert not np.any(matrix.data == 0)  # zero weights are not stored


def test_identical_for_every_n_jobs(tota_counts) -> None:
    options = weight_options("bm25", norm="l2")
    one, _ = weight_counts(tota_counts, options, n_jobs=1)
    for n_jobs in (2, 4):
        many, _ = weight_counts(tota_counts, options, n_jobs=n_jobs)
        assert np.array_equal(many.data, one.data)


def test_presets_and_overrides() -> None:
    assert set(WEIGHTING_PRESETS) == {"count", "binary", "tf", "tfidf", "bm25"}
    o = weight_options("tfidf", tf="log", norm="l1")
    assert (o.tf, o.idf, o.norm, o.bm25) == ("log", "smooth", "l1", False)
    o = weight_options("tf")
    assert (o.tf, o.idf, o.norm) == ("raw", "none", "l1")
    with pytest.raises(ValueError, match="weighting='tfidf2' is unknown"):
        weight_options("tfidf2")
    with pytest.raises(ValueError, match="do not apply to weighting='bm25'"):
        weight_options("bm25", tf="log")
    with pytest.raises(ValueError, match="unknown tf scheme 'square'"):
        weight_options(tf="square")
    with pytest.raises(ValueError, match="unknown norm 'l3'"):
        weight_options(norm="l3")
    with pytest.raises(TypeError, match="norm must be a str"):
        weight_options(norm=2)
    with pytest.raises(ValueError, match="k1"):
        weight_options("bm25", k1=-1)
    with pytest.raises(ValueError, match="b = 1.5"):
        weight_options("bm25", b=1.5)


def test_input_errors() -> None:
    idf = inverse_document_frequency(TINY_DF, 3)
    with pytest.raises(ValueError, match="idf has 2 entries but the matrix has 3 columns"):
        apply_weights(TINY, idf[:2])
    with pytest.raises(ValueError, match="negative or not finite"):
        apply_weights(sp.csr_matrix(np.array([[1.0, -2.0, 0.0]])), idf)
    with pytest.raises(ValueError, match="infinite 'plain' idf"):
        inverse_document_frequency([0, 1], 3, weight_options(idf="plain"))
    with pytest.raises(ValueError, match="lies outside"):
        inverse_document_frequency([5], 3)


def test_normalize_rows_and_dense_input() -> None:
    x = normalize_rows(np.array([[3.0, -4.0], [0.0, 0.0]]), "l2")
    assert x.toarray().tolist() == [[0.6, -0.8], [0.0, 0.0]]
    assert normalize_rows(sp.csr_matrix([[1.0, 3.0]]), "l1").toarray().tolist() == [[0.25, 0.75]]
    assert np.array_equal(
        apply_weights(TINY, None, weight_options("count")).toarray(), TINY.toarray()
    )
