from __future__ import annotations

import pickle
import sys
import threading

import numpy as np
import pytest
import scipy.sparse as sp
from reference import naive_count, naive_idf, naive_prune, naive_weights, tota_articles
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from treatytext.analyzer import Analyzer
from treatytext.vectorizer import NotFittedError, Vectorizer


@pytest.fixture(scope="module")
def articles(tota_dir) -> list[str]:
    return tota_articles(tota_dir, 12)


_terms_of = Analyzer().analyze


def _same(a: sp.csr_matrix, b: sp.csr_matrix) -> None:
    assert a.shape == b.shape
    assert np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)


@pytest.mark.parametrize(
    "ours, theirs",
    [
        ({}, {}),
        ({"min_df": 2, "max_df": 0.5}, {"min_df": 2, "max_df": 0.5}),
        ({"tf": "log", "norm": "l1"}, {"sublinear_tf": True, "norm": "l1"}),
        ({"idf": "plain", "norm": "none"}, {"smooth_idf": False, "norm": None}),
        ({"min_df": 0.01}, {"min_df": 0.01}),
    ],
)
def test_tfidf_equals_scikit_learn(articles, ours, theirs) -> None:
    # scikit-learn tokenizes with our analyzer, so only counting and weighting are compared.
    vectorizer = Vectorizer(**ours)
    x = vectorizer.fit_transform(articles)
    sk = TfidfVectorizer(analyzer=_terms_of, **theirs)
    expected = sk.fit_transform(articles)
    expected.sort_indices()  # scikit-learn leaves rows unsorted; ours are always sorted
    assert x.has_sorted_indices
    assert list(vectorizer.get_feature_names_out()) == list(sk.get_feature_names_out())
    assert vectorizer.vocabulary_ == sk.vocabulary_
    np.testing.assert_allclose(vectorizer.idf_, sk.idf_, rtol=1e-14)
    assert x.shape == expected.shape
    assert np.array_equal(x.indices, expected.indices)
    np.testing.assert_allclose(x.data, expected.data, rtol=1e-13)
    np.testing.assert_allclose(
        vectorizer.transform(articles[:50]).toarray(),
        sk.transform(articles[:50]).toarray(),
        rtol=1e-13,
    )


def test_analyzer_options_are_forwarded(articles) -> None:
    options = {"stop_words": "english", "stem": "english", "ngram_range": (1, 2), "min_length": 2}
    vectorizer = Vectorizer(min_df=2, **options)
    x = vectorizer.fit_transform(articles)
    sk = TfidfVectorizer(analyzer=Analyzer(**options).analyze, min_df=2)
    expected = sk.fit_transform(articles)
    expected.sort_indices()
    assert vectorizer.vocabulary_ == sk.vocabulary_
    assert any(" " in term for term in vectorizer.vocabulary_)  # bigrams
    assert "the" not in vectorizer.vocabulary_ and "parti" in vectorizer.vocabulary_
    np.testing.assert_allclose(x.data, expected.data, rtol=1e-13)
    assert vectorizer.get_params()["stem"] == "english"
    with pytest.raises(ValueError, match="stem"):
        Vectorizer(stem="klingon").fit(articles)
    with pytest.raises(TypeError):
        Vectorizer(no_such_option=1)


def test_count_and_binary_presets_equal_count_vectorizer(articles) -> None:
    for weighting, binary in (("count", False), ("binary", True)):
        x = Vectorizer(weighting=weighting, min_df=3).fit_transform(articles)
        expected = CountVectorizer(analyzer=_terms_of, min_df=3, binary=binary).fit_transform(
            articles
        )
        assert (x != expected).nnz == 0


def test_tf_preset_gives_relative_frequencies(articles) -> None:
    x = Vectorizer(weighting="tf").fit_transform(articles[:100])
    sums = np.asarray(x.sum(axis=1)).ravel()
    nonempty = np.diff(x.indptr) > 0
    np.testing.assert_allclose(sums[nonempty], 1.0, rtol=1e-12)


def test_bm25_equals_the_naive_reference(articles) -> None:
    docs = articles[:120]
    vectorizer = Vectorizer(weighting="bm25", k1=1.5, b=0.6, min_df=2, max_features=500)
    x = vectorizer.fit_transform(docs)
    terms, dense = naive_count([_terms_of(d) for d in docs])
    terms, dense = naive_prune(terms, dense, min_df=2, max_features=500)
    assert list(vectorizer.get_feature_names_out()) == terms
    n = len(docs)
    idf = naive_idf((dense > 0).sum(axis=0), n, "bm25")
    average = dense.sum() / n
    assert vectorizer.average_length_ == pytest.approx(average, rel=1e-15)
    expected = naive_weights(
        dense, idf, bm25=True, k1=1.5, b=0.6, norm="none", average_length=average
    )
    np.testing.assert_allclose(x.toarray(), expected, rtol=1e-12)


def test_fit_then_transform_equals_fit_transform(articles) -> None:
    a = Vectorizer(weighting="bm25", min_df=2)
    b = Vectorizer(weighting="bm25", min_df=2)
    _same(b.fit(articles).transform(articles), a.fit_transform(articles))
    assert a.to_json() == b.to_json()


def test_identical_for_every_n_jobs(articles) -> None:
    reference = Vectorizer(n_jobs=1, min_df=2)
    x = reference.fit_transform(articles)
    for n_jobs in (2, -1):
        other = Vectorizer(n_jobs=n_jobs, min_df=2)
        _same(other.fit_transform(articles), x)
        assert other.to_json() == reference.to_json()


def test_streaming_fit_equals_fit(articles) -> None:
    whole = Vectorizer(min_df=2, max_df=0.8, max_features=3000).fit(articles)
    batches = [articles[i : i + 400] for i in range(0, len(articles), 400)]
    streamed = Vectorizer(min_df=2, max_df=0.8, max_features=3000)
    for batch in batches:
        streamed.partial_fit(batch)
    assert not hasattr(streamed, "vocabulary_")  # nothing fitted before finalize
    streamed.finalize()
    assert streamed.to_json() == whole.to_json()
    _same(sp.vstack([streamed.transform(b) for b in batches]).tocsr(), whole.transform(articles))
    generated = Vectorizer(min_df=2, max_df=0.8, max_features=3000).fit_batches(iter(batches))
    assert generated.to_json() == whole.to_json()


def test_unknown_terms_and_empty_documents(articles) -> None:
    vectorizer = Vectorizer().fit(articles[:200])
    x = vectorizer.transform(["", "zzzqqq xxyyzz", articles[0]])
    assert x.shape == (3, len(vectorizer.vocabulary_))
    assert x[0].nnz == 0 and x[1].nnz == 0 and x[2].nnz > 0
    counts = vectorizer.count([articles[0]])
    assert counts.data.min() >= 1 and float(counts.data.sum()) == len(
        [t for t in _terms_of(articles[0]) if t in vectorizer.vocabulary_]
    )


def test_fitted_attributes(articles) -> None:
    vectorizer = Vectorizer(min_df=5).fit(articles)
    names = vectorizer.get_feature_names_out()
    assert names.dtype == object and list(names) == sorted(names)
    assert vectorizer.vocabulary_ == {t: i for i, t in enumerate(names)}
    assert vectorizer.n_documents_ == len(articles)
    assert vectorizer.document_frequency_.dtype == np.int64
    assert vectorizer.document_frequency_.min() >= 5
    assert len(vectorizer.idf_) == len(names)


def test_not_fitted_errors() -> None:
    vectorizer = Vectorizer()
    for attribute in ("vocabulary_", "idf_", "document_frequency_", "n_documents_"):
        assert not hasattr(vectorizer, attribute)
    with pytest.raises(NotFittedError, match="not fitted"):
        vectorizer.transform(["text"])
    with pytest.raises(NotFittedError):
        vectorizer.get_feature_names_out()
    with pytest.raises(NotFittedError):
        vectorizer.save("never-written.json")
    with pytest.raises(ValueError, match="finalize"):
        vectorizer.finalize()


def test_invalid_parameters_fail_at_fit() -> None:
    texts = ["Customs duties.", "Rules of origin."]
    for params, error, message in [
        ({"weighting": "idf"}, ValueError, "weighting='idf' is unknown"),
        ({"idf": "smoothed"}, ValueError, "unknown idf scheme"),
        ({"weighting": "bm25", "idf": "plain"}, ValueError, "weighting='bm25' and idf='plain'"),
        ({"tf": "bm25", "idf": "plain"}, ValueError, "tf='bm25' and idf='plain'"),
        ({"weighting": "tfidf", "norm": "l1"}, ValueError, "weighting='tfidf' and norm='l1'"),
        ({"weighting": "bm25", "k1": -0.5}, ValueError, "k1"),
        ({"min_df": 1.5}, ValueError, "min_df = 1.5"),
        ({"max_features": 0}, ValueError, "max_features"),
        ({"n_jobs": 0}, ValueError, "n_threads"),
        ({"n_jobs": "2"}, TypeError, "n_jobs"),
    ]:
        vectorizer = Vectorizer(**params)  # stored as given, checked when fitting
        assert vectorizer.get_params()[next(iter(params))] == params[next(iter(params))]
        with pytest.raises(error, match=message):
            vectorizer.fit(texts)
        with pytest.raises(error, match=message):
            Vectorizer(**params).partial_fit(texts)


def test_bad_input_documents() -> None:
    vectorizer = Vectorizer()
    with pytest.raises(TypeError, match="not a single str"):
        vectorizer.fit("one long text")
    with pytest.raises(TypeError, match=r"documents\[2\] must be str or bytes, got NoneType"):
        vectorizer.fit(["a", "b", None])
    with pytest.raises(ValueError, match=r"documents\[1\]: invalid UTF-8 at byte 1"):
        vectorizer.fit(["fine", b"a\xc3("])
    with pytest.raises(ValueError, match="empty vocabulary"):
        vectorizer.fit(["", "   ", "\n"])
    with pytest.raises(ValueError, match="max_df corresponds to < documents than min_df"):
        Vectorizer(min_df=3, max_df=2).fit(["a b", "a", "b"])
    assert not hasattr(vectorizer, "vocabulary_")  # failed fits leave it unfitted


def test_concurrent_transforms_from_python_threads(articles) -> None:
    vectorizer = Vectorizer(n_jobs=2).fit(articles)
    expected = vectorizer.transform(articles[:300])
    results: list[sp.csr_matrix] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(vectorizer.transform(articles[:300]))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    # Refitting meanwhile swaps the model atomically; the transforms above keep theirs.
    vectorizer.fit(articles)
    for thread in threads:
        thread.join()
    assert not errors
    for result in results:
        _same(result, expected)


def test_pickle_round_trip(articles) -> None:
    vectorizer = Vectorizer(weighting="bm25", min_df=2).fit(articles[:300])
    clone = pickle.loads(pickle.dumps(vectorizer))
    assert clone.get_params() == vectorizer.get_params()
    _same(clone.transform(articles[:50]), vectorizer.transform(articles[:50]))
    unfitted = pickle.loads(pickle.dumps(Vectorizer(max_features=10)))
    assert unfitted.max_features == 10 and not hasattr(unfitted, "vocabulary_")


def test_repr_shows_non_default_parameters() -> None:
    assert repr(Vectorizer()) == "Vectorizer()"
    assert repr(Vectorizer(weighting="bm25", min_df=2)) == "Vectorizer(weighting='bm25', min_df=2)"


# Texts of every str storage kind (ASCII, Latin-1, UCS-2, UCS-4), non-ASCII at varied offsets.
_MIXED = [
    "plain ascii words only",
    "a" * 13 + " café crème brûlée " * 3,
    "’quoted’ words — and 日本語 text " * 4,
    "emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 letters, café " * 5,
    "",
    "naïve " * 40 + "end",
]


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_str_input_of_every_kind_equals_its_utf8_bytes(n_jobs) -> None:
    texts = _MIXED * 3
    as_bytes = [t.encode() for t in texts]
    a = Vectorizer(n_jobs=n_jobs)
    b = Vectorizer(n_jobs=n_jobs)
    _same(a.fit_transform(texts), b.fit_transform(as_bytes))
    assert a.get_feature_names_out().tolist() == b.get_feature_names_out().tolist()
    _same(a.transform(texts[::-1]), b.transform(as_bytes[::-1]))
    _same(a.count(texts), b.count(as_bytes))
    streamed = Vectorizer(n_jobs=n_jobs).partial_fit(texts[:7]).partial_fit(texts[7:]).finalize()
    _same(streamed.transform(texts), a.transform(texts))


def test_lone_surrogate_errors_name_the_document() -> None:
    texts = ["fine text", "x" * 20 + "\udcff", "\ud83d alone"]
    message = (
        r"^documents\[1\] cannot be encoded as UTF-8: it holds a lone surrogate \(U\+DCFF\) "
        r"at index 20$"
    )
    for n_jobs in (1, 2):
        v = Vectorizer(n_jobs=n_jobs)
        for call in (v.fit, v.fit_transform, v.partial_fit):
            with pytest.raises(ValueError, match=message):
                call(texts)
        v.fit(["fine text"])
        for call in (v.transform, v.count):
            with pytest.raises(ValueError, match=message):
                call(texts)


def test_fitting_str_leaves_no_utf8_copy_in_the_objects() -> None:
    texts = [t * 20 for t in _MIXED]
    before = [sys.getsizeof(t) for t in texts]
    v = Vectorizer(n_jobs=2)
    v.fit_transform(texts)
    v.transform(texts)
    v.partial_fit(texts)
    assert [sys.getsizeof(t) for t in texts] == before


def test_vocabulary_memory_bytes_by_hand() -> None:
    # Kept terms, sorted: 5 terms, 47 bytes. The core stores them in one arena (47 bytes), one
    # 8-byte offset per term plus one (48), a 4-byte tag per term (20) and a hash table of
    # 16-byte slots sized to the smallest power of two >= 2 x terms, at least 16 (16 x 16 = 256).
    v = Vectorizer(n_jobs=1).fit(["international agreements", "parties cooperation", "tariff"])
    terms = v.get_feature_names_out().tolist()
    assert terms == ["agreements", "cooperation", "international", "parties", "tariff"]
    assert sum(len(t.encode()) for t in terms) == 47
    assert v.vocabulary_memory_bytes_ == 47 + 8 * 6 + 4 * 5 + 16 * 16
    assert v.model_.vocabulary_memory_bytes == v.vocabulary_memory_bytes_
    # Twelve terms need 32 slots.
    words = [f"term{i:02d}xyz" for i in range(12)]  # 9 bytes each
    w = Vectorizer(n_jobs=1).fit([" ".join(words)])
    assert w.vocabulary_memory_bytes_ == 9 * 12 + 8 * 13 + 4 * 12 + 16 * 32
