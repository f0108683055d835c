"""treatytext.sklearn's estimators inside scikit-learn's machinery: Pipeline with a classifier,
GridSearchCV over a vectorizer parameter, ColumnTransformer, clone, get/set_params, pickle."""

from __future__ import annotations

import pickle
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction import text as sk
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from treatytext import sklearn as tt


@pytest.fixture(scope="module")
def labelled(tota_dir) -> tuple[list[str], np.ndarray]:
    """Articles labelled by language: 0 English, 1 Spanish or French."""
    texts, labels = [], []
    for name, label in (
        ("pta_200", 0),
        ("pta_1", 0),
        ("pta_123", 1),
        ("pta_137", 1),
        ("pta_88", 1),
    ):
        root = ET.parse(tota_dir / f"{name}.xml").getroot()
        articles = [a.text or "" for a in root.iter("article")][:45]
        texts += articles
        labels += [label] * len(articles)
    return texts, np.array(labels)


def pipeline(module, **vectorizer) -> Pipeline:
    return Pipeline(
        [
            ("tfidf", module.TfidfVectorizer(**vectorizer)),
            ("clf", LogisticRegression(solver="liblinear")),
        ]
    )


def test_pipeline_with_classifier(labelled):
    texts, labels = labelled
    ours = pipeline(tt, sublinear_tf=True).fit(texts[::2], labels[::2])
    theirs = pipeline(sk, sublinear_tf=True).fit(texts[::2], labels[::2])
    held_out = texts[1::2]
    np.testing.assert_array_equal(ours.predict(held_out), theirs.predict(held_out))
    np.testing.assert_allclose(
        ours.predict_proba(held_out), theirs.predict_proba(held_out), rtol=0, atol=1e-9
    )
    assert ours.score(held_out, labels[1::2]) > 0.9


def test_grid_search_over_a_vectorizer_parameter(labelled):
    texts, labels = labelled
    grid = {"tfidf__ngram_range": [(1, 1), (1, 2)], "tfidf__min_df": [1, 3]}
    ours = GridSearchCV(pipeline(tt), grid, cv=3).fit(texts, labels)
    theirs = GridSearchCV(pipeline(sk), grid, cv=3).fit(texts, labels)
    assert ours.best_params_ == theirs.best_params_
    np.testing.assert_allclose(
        ours.cv_results_["mean_test_score"], theirs.cv_results_["mean_test_score"], atol=1e-12
    )
    assert ours.best_estimator_.named_steps["tfidf"].n_jobs == 1


def test_grid_search_over_n_jobs_changes_nothing(labelled):
    texts, labels = labelled
    search = GridSearchCV(pipeline(tt), {"tfidf__n_jobs": [1, 2]}, cv=2).fit(texts, labels)
    scores = search.cv_results_["mean_test_score"]
    assert scores[0] == scores[1]


def test_column_transformer(labelled):
    texts, labels = labelled
    frame = pd.DataFrame({"title": [t[:40] for t in texts], "body": texts})

    def columns(module):
        return ColumnTransformer(
            [
                ("title", module.CountVectorizer(), "title"),
                ("body", module.TfidfVectorizer(min_df=2), "body"),
            ]
        )

    X = columns(tt).fit_transform(frame)
    Y = columns(sk).fit_transform(frame)
    np.testing.assert_allclose(X.toarray(), Y.toarray(), rtol=0, atol=1e-12)
    names = columns(tt).fit(frame).get_feature_names_out()
    np.testing.assert_array_equal(names, columns(sk).fit(frame).get_feature_names_out())


def test_clone_and_params():
    vectorizer = tt.TfidfVectorizer(ngram_range=(1, 2), stop_words="english", n_jobs=2)
    params = vectorizer.get_params()
    reference = sk.TfidfVectorizer(ngram_range=(1, 2), stop_words="english").get_params()
    assert params == {**reference, "n_jobs": 2}
    twin = clone(vectorizer)
    assert twin is not vectorizer and twin.get_params() == params
    twin.set_params(min_df=2, n_jobs=-1)
    assert (twin.min_df, twin.n_jobs) == (2, -1)
    assert "n_jobs=2" in repr(vectorizer) and repr(vectorizer).startswith("TfidfVectorizer(")
    assert tt.CountVectorizer().get_params()["dtype"] is np.int64
    assert tt.TfidfTransformer(norm="l1").get_params() == {
        "norm": "l1",
        "use_idf": True,
        "smooth_idf": True,
        "sublinear_tf": False,
        "n_jobs": 1,
    }


@pytest.mark.parametrize("name", ["CountVectorizer", "TfidfVectorizer"])
def test_pickle_round_trip(name, labelled):
    texts, _ = labelled
    fitted = getattr(tt, name)(ngram_range=(1, 2), max_features=500).fit(texts[:100])
    before = fitted.transform(texts[100:])
    restored = pickle.loads(pickle.dumps(fitted))
    assert type(restored) is type(fitted)
    assert restored.vocabulary_ == fitted.vocabulary_
    after = restored.transform(texts[100:])
    assert (before != after).nnz == 0
    unfitted = pickle.loads(pickle.dumps(getattr(tt, name)(n_jobs=2)))
    assert unfitted.n_jobs == 2


def test_transform_new_documents_unseen_terms(labelled):
    texts, _ = labelled
    ours = tt.TfidfVectorizer().fit(texts[:50])
    theirs = sk.TfidfVectorizer().fit(texts[:50])
    new = ["completely unseen zyzzyva words", "", texts[0], "The Parties agree."]
    np.testing.assert_allclose(
        ours.transform(new).toarray(), theirs.transform(new).toarray(), rtol=0, atol=1e-12
    )
    # A vocabulary_ replaced after fitting is used, as in scikit-learn.
    ours.vocabulary_ = dict(ours.vocabulary_)
    np.testing.assert_allclose(
        ours.transform(new).toarray(), theirs.transform(new).toarray(), rtol=0, atol=1e-12
    )
