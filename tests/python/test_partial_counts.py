"""Partial counts (the partitioned fit behind treatytext.dask): counting each partition,
merging in order and pruning once gives exactly the single-run fit, for both faces."""

from __future__ import annotations

import pickle
import random

import numpy as np
import pytest
import scipy.sparse as sp
from treatytext import Vectorizer, _core
from treatytext.sklearn import CountVectorizer, TfidfVectorizer

WORDS = "party parties shall the tariff goods article Ärzte naïve résumé 税関 of and".split()


def corpus(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randrange(0, 12))) for _ in range(n)]


def splits(n: int, seed: int, count: int = 8):
    """Random partitions of range(n) into contiguous runs, empty runs included."""
    rng = random.Random(seed)
    for trial in range(count):
        cuts = sorted([0, n] + [rng.randrange(n + 1) for _ in range(trial % 5)])
        yield [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]


def tree_merge(parts: list) -> object:
    while len(parts) > 1:
        parts = [
            _core.merge_partial_counts(parts[i : i + 2]) if i + 1 < len(parts) else parts[i]
            for i in range(0, len(parts), 2)
        ]
    return parts[0]


def assert_same_matrix(a: sp.spmatrix, b: sp.spmatrix) -> None:
    a, b = sp.csr_matrix(a), sp.csr_matrix(b)
    assert a.shape == b.shape
    assert a.dtype == b.dtype
    assert np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.indices, b.indices)
    assert a.data.tobytes() == b.data.tobytes()  # bit-identical


def test_partial_counts_by_hand_and_pickle():
    v = Vectorizer()
    counts = v.partial_counts(["b a b", "", "c a"])
    assert counts.terms() == ["b", "a", "c"]
    assert counts.document_frequency().tolist() == [1, 2, 1]
    assert counts.term_frequency().tolist() == [2, 2, 1]
    assert (counts.documents, counts.total_length, len(counts)) == (3, 5, 3)
    again = pickle.loads(pickle.dumps(counts))
    assert again == counts
    assert _core.PartialCounts.from_bytes(counts.to_bytes()) == counts
    vocabulary = _core.Vocabulary(["x", "y"])
    assert pickle.loads(pickle.dumps(vocabulary)).terms() == ["x", "y"]


def test_malformed_bytes_raise_value_error():
    data = Vectorizer().partial_counts(["alpha beta"]).to_bytes()
    with pytest.raises(ValueError, match="at byte"):
        _core.PartialCounts.from_bytes(data[:-1])
    with pytest.raises(ValueError, match="not treatytext partial counts"):
        _core.PartialCounts.from_bytes(b"pickle of something else")
    with pytest.raises(TypeError, match="PartialCounts"):
        Vectorizer().fit_partial_counts({"alpha": 1})


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"weighting": "bm25"},
        {"min_df": 2, "max_df": 0.7, "max_features": 6},
        {"stem": "english"},
    ],
)
def test_native_fit_from_any_split_equals_fit(options):
    docs = corpus(120, 1)
    reference = Vectorizer(**options)
    expected = reference.fit_transform(docs)
    for parts in splits(len(docs), 2):
        fitter = Vectorizer(n_jobs=2, **options)
        partials = [pickle.loads(pickle.dumps(fitter.partial_counts(docs[a:b]))) for a, b in parts]
        fitter.fit_partial_counts(tree_merge(partials))
        assert fitter.to_json() == reference.to_json()
        assert_same_matrix(fitter.transform(docs), expected)


SKLEARN_CASES = [
    (CountVectorizer, {}),
    (CountVectorizer, {"min_df": 2, "max_df": 0.8, "max_features": 5, "dtype": np.float32}),
    (CountVectorizer, {"analyzer": "char_wb", "ngram_range": (2, 3), "binary": True}),
    (CountVectorizer, {"vocabulary": ["party", "the", "absent"]}),
    (TfidfVectorizer, {}),
    (TfidfVectorizer, {"sublinear_tf": True, "norm": "l1", "min_df": 0.05, "dtype": np.float32}),
    (TfidfVectorizer, {"max_features": 4, "smooth_idf": False}),
    (TfidfVectorizer, {"vocabulary": {"party": 1, "the": 0}}),
    (TfidfVectorizer, {"tokenizer": str.split, "token_pattern": None, "lowercase": False}),
]


@pytest.mark.parametrize(("cls", "options"), SKLEARN_CASES)
def test_sklearn_fit_from_any_split_equals_fit(cls, options):
    docs = corpus(120, 3)
    reference = cls(**options).fit(docs)
    expected = reference.transform(docs)
    for parts in splits(len(docs), 4):
        fitter = cls(n_jobs=2, **options)
        partials = [pickle.loads(pickle.dumps(fitter.partial_counts(docs[a:b]))) for a, b in parts]
        fitter.fit_partial_counts(tree_merge(partials))
        assert list(fitter.vocabulary_.items()) == list(reference.vocabulary_.items())
        assert [type(v) for v in fitter.vocabulary_.values()] == [
            type(v) for v in reference.vocabulary_.values()
        ]
        if hasattr(reference, "idf_"):
            assert fitter.idf_.dtype == reference.idf_.dtype
            assert fitter.idf_.tobytes() == reference.idf_.tobytes()
        assert_same_matrix(fitter.transform(docs), expected)


def test_sklearn_partial_counts_reject_a_string():
    with pytest.raises(ValueError, match="string object received"):
        CountVectorizer().partial_counts("one document")
