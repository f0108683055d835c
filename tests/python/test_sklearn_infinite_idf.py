"""Issue 16: an infinite idf (a fixed vocabulary term no fitted document contains, with
smooth_idf=False) must not leave NaN in a matrix: treatytext.sklearn raises exactly where and
as scikit-learn does, and returns what it returns everywhere else."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction import text as sk
from treatytext import Vectorizer
from treatytext import sklearn as tt

FITTED = ["the cat", "the dog"]
NEW = ["the party", "cat", "party party the"]


def outcome(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # divide by zero in idf, as sklearn
        try:
            result = call()
        except ValueError as error:
            return ("ValueError", str(error))
    if sp.issparse(result):
        return ("matrix", result.dtype, result.toarray().tolist())
    return ("value", np.asarray(result).tolist())


@pytest.mark.parametrize("norm", ["l2", "l1", None])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("n_jobs", [1, 2])
def test_vectorizer_with_an_infinite_idf_behaves_as_sklearn(norm, dtype, n_jobs):
    params = {"vocabulary": ["the", "party"], "smooth_idf": False, "norm": norm, "dtype": dtype}
    ours = tt.TfidfVectorizer(n_jobs=n_jobs, **params)
    theirs = sk.TfidfVectorizer(**params)
    assert outcome(lambda: ours.fit_transform(FITTED)) == outcome(
        lambda: theirs.fit_transform(FITTED)
    )
    assert ours.idf_.tolist() == theirs.idf_.tolist() == [1.0, np.inf]
    mine, reference = outcome(lambda: ours.transform(NEW)), outcome(lambda: theirs.transform(NEW))
    assert mine == reference
    if norm is not None:
        name = np.dtype(dtype).name
        assert mine == (
            "ValueError",
            f"Input contains infinity or a value too large for dtype('{name}').",
        )


@pytest.mark.parametrize("norm", ["l2", None])
def test_transformer_with_an_infinite_idf_behaves_as_sklearn(norm):
    counts = sp.csr_matrix(np.array([[1, 0], [2, 0]], dtype=np.float64))
    later = sp.csr_matrix(np.array([[1, 3], [0, 1]], dtype=np.float64))
    ours = tt.TfidfTransformer(smooth_idf=False, norm=norm)
    theirs = sk.TfidfTransformer(smooth_idf=False, norm=norm)
    outcome(lambda: ours.fit(counts))
    outcome(lambda: theirs.fit(counts))
    assert outcome(lambda: ours.transform(later)) == outcome(lambda: theirs.transform(later))


def test_native_vectorizer_never_fits_a_non_finite_weight():
    for idf in ("plain", "smooth", "probabilistic"):
        v = Vectorizer(idf=idf, norm="l2")
        X = v.fit_transform(["the cat", "the dog", "the"])
        assert np.isfinite(v.idf_).all()
        assert np.isfinite(X.data).all()
        assert np.isfinite(v.transform(["cat cat the", "unknown"]).data).all()
