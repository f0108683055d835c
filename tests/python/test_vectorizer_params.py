"""treatytext.Vectorizer keeps scikit-learn's parameter conventions, checked with scikit-learn."""

from __future__ import annotations

import inspect
import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from treatytext.analyzer import Analyzer
from treatytext.vectorizer import ANALYZER_PARAMETERS, Vectorizer

TEXTS = [
    "Fisheries quotas for vessels at sea.",
    "Vessels fishing in the quota zone.",
    "Investment disputes go to arbitration.",
    "An investor may seek arbitration under the treaty.",
    "Fish stocks and vessels are managed by quota.",
    "Arbitration of investment claims.",
] * 4
LABELS = [0, 0, 1, 1, 0, 1] * 4


def _identical(a, b) -> None:
    assert a.shape == b.shape
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)


def test_parameters_are_the_constructor_keywords_stored_as_given() -> None:
    stop = ["sea", "zone"]  # a list stays the very same list (clone checks identity)
    vectorizer = Vectorizer(weighting="bm25", k1=1.5, stop_words=stop, ngram_range=(1, 2))
    params = vectorizer.get_params()
    names = [n for n in inspect.signature(Vectorizer.__init__).parameters if n != "self"]
    assert list(params) == names
    assert params["stop_words"] is stop and params["k1"] == 1.5 and params["tf"] is None
    assert repr(vectorizer) == (
        "Vectorizer(weighting='bm25', k1=1.5, stop_words=['sea', 'zone'], ngram_range=(1, 2))"
    )


def test_analyzer_parameters_have_the_analyzer_defaults() -> None:
    ours = inspect.signature(Vectorizer.__init__).parameters
    theirs = inspect.signature(Analyzer.__init__).parameters
    assert set(ANALYZER_PARAMETERS) == set(theirs) - {"self"}
    for name in ANALYZER_PARAMETERS:
        assert ours[name].default == theirs[name].default, name


def test_set_params_then_fit_uses_the_new_values() -> None:
    vectorizer = Vectorizer().set_params(min_df=2, stop_words="english", weighting="count")
    assert vectorizer.get_params()["min_df"] == 2
    expected = Vectorizer(min_df=2, stop_words="english", weighting="count").fit_transform(TEXTS)
    _identical(vectorizer.fit_transform(TEXTS), expected)
    with pytest.raises(ValueError, match="invalid parameter 'min_dff'"):
        vectorizer.set_params(min_dff=3)


def test_clone_gives_an_unfitted_copy_with_equal_parameters() -> None:
    fitted = Vectorizer(tf="log", norm="l1", stem="english", min_df=2).fit(TEXTS)
    copy = clone(fitted)
    assert copy.get_params() == fitted.get_params()
    assert not hasattr(copy, "vocabulary_")  # NotFittedError is an AttributeError
    _identical(copy.fit_transform(TEXTS), fitted.transform(TEXTS))


def test_a_preset_or_explicit_schemes_not_both() -> None:
    _identical(
        Vectorizer(tf="raw", idf="smooth", norm="l2").fit_transform(TEXTS),
        Vectorizer(weighting="tfidf").fit_transform(TEXTS),
    )
    _identical(
        Vectorizer().fit_transform(TEXTS), Vectorizer(weighting="tfidf").fit_transform(TEXTS)
    )
    with pytest.raises(ValueError, match="weighting='bm25' and norm='l2' both say how to weight"):
        Vectorizer(weighting="bm25", norm="l2").fit(TEXTS)
    bm25_l2 = Vectorizer(tf="bm25", norm="l2").fit_transform(TEXTS)
    norms = np.sqrt(np.asarray(bm25_l2.multiply(bm25_l2).sum(axis=1)).ravel())
    np.testing.assert_allclose(norms, 1.0, rtol=1e-12)


def test_pickle_keeps_the_parameters_and_the_fit() -> None:
    fitted = Vectorizer(weighting="bm25", stop_words=("sea",), min_df=2).fit(TEXTS)
    loaded = pickle.loads(pickle.dumps(fitted))
    assert loaded.get_params() == fitted.get_params()
    _identical(loaded.transform(TEXTS), fitted.transform(TEXTS))
    unfitted = pickle.loads(pickle.dumps(Vectorizer(min_df=3)))
    assert unfitted.min_df == 3 and not hasattr(unfitted, "idf_")


def test_grid_search_over_a_pipeline() -> None:
    pipeline = Pipeline([("vectorizer", Vectorizer()), ("model", LogisticRegression())])
    grid = {"vectorizer__min_df": [1, 3], "vectorizer__weighting": ["tfidf", "bm25"]}
    search = GridSearchCV(pipeline, grid, cv=3).fit(TEXTS, LABELS)
    assert set(search.cv_results_["param_vectorizer__weighting"]) == {"tfidf", "bm25"}
    assert search.best_score_ == 1.0  # the two topics share no content word
    best = search.best_estimator_.named_steps["vectorizer"]
    assert best.get_params()["min_df"] == search.best_params_["vectorizer__min_df"]
    reference = Vectorizer(
        min_df=search.best_params_["vectorizer__min_df"],
        weighting=search.best_params_["vectorizer__weighting"],
    )
    _identical(best.transform(TEXTS), reference.fit_transform(TEXTS))
    assert search.predict(["Vessels and quotas.", "Investment arbitration."]).tolist() == [0, 1]
