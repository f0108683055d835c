"""treatytext.sklearn's vectorizers against scikit-learn itself: same vocabulary_ (insertion order
included), same CSR structure, values within 1e-12 (float64) or 1e-6 (float32), same idf_, same
errors, over a pairwise grid of parameters on ToTA articles (English, Spanish, French) and on
hard Unicode."""

from __future__ import annotations

import io
import itertools
import random
import warnings
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction import text as sk
from test_sklearn_analyzer import HARD
from treatytext import sklearn as tt

# -- corpora --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tota(tota_dir) -> list[str]:
    """About 300 articles: English, Spanish and French."""
    texts: list[str] = []
    for name, limit in (("pta_200", 43), ("pta_123", 71), ("pta_88", 118), ("pta_1", 80)):
        root = ET.parse(tota_dir / f"{name}.xml").getroot()
        texts += [a.text or "" for a in root.iter("article")][:limit]
    return texts


HARD_DOCS = HARD[:-3] + [" ".join(HARD[i : i + 3]) for i in range(0, len(HARD) - 3)] + ["x"]

# -- comparison -----------------------------------------------------------------------------


def same_matrix(X, Y, tol: float) -> None:
    assert type(X) is type(Y)
    assert X.shape == Y.shape
    assert X.dtype == Y.dtype
    Y = Y.copy()
    Y.sort_indices()
    if not X.has_sorted_indices:  # only where scikit-learn's own code built the matrix
        X = X.copy()
        X.sort_indices()
    np.testing.assert_array_equal(X.indptr, Y.indptr)
    np.testing.assert_array_equal(X.indices, Y.indices)
    np.testing.assert_allclose(X.data, Y.data, rtol=0, atol=tol)


def same_fit(ours, theirs, tol: float) -> None:
    assert ours.vocabulary_ == theirs.vocabulary_
    assert list(ours.vocabulary_) == list(theirs.vocabulary_)  # insertion order too
    assert [type(v) for v in ours.vocabulary_.values()][:3] == [
        type(v) for v in theirs.vocabulary_.values()
    ][:3]
    assert ours.fixed_vocabulary_ == theirs.fixed_vocabulary_
    assert getattr(ours, "stop_words_", None) == getattr(theirs, "stop_words_", None)  # < 1.5
    np.testing.assert_array_equal(ours.get_feature_names_out(), theirs.get_feature_names_out())
    if hasattr(theirs, "_tfidf") and hasattr(theirs._tfidf, "idf_"):
        assert ours.idf_.dtype == theirs.idf_.dtype
        np.testing.assert_allclose(ours.idf_, theirs.idf_, rtol=0, atol=tol)
    else:
        assert hasattr(ours, "_tfidf") == hasattr(theirs, "_tfidf")


def compare(cls_name: str, params: dict, fit_docs: list, new_docs: list) -> None:
    ours = getattr(tt, cls_name)(**params)
    theirs = getattr(sk, cls_name)(**params)
    tol = 1e-6 if params.get("dtype") == np.float32 else 1e-12
    outcome = outcome_of(lambda: theirs.fit_transform(fit_docs))
    if isinstance(outcome, Exception):
        with pytest.raises(type(outcome)) as error:
            ours.fit_transform(fit_docs)
        assert str(error.value) == str(outcome)
        return
    X = ours.fit_transform(fit_docs)
    same_matrix(X, outcome, tol)
    same_fit(ours, theirs, tol)
    same_matrix(ours.transform(new_docs), theirs.transform(new_docs), tol)
    ours_fit = getattr(tt, cls_name)(**params).fit(fit_docs)
    same_fit(ours_fit, theirs, tol)
    same_matrix(ours_fit.transform(new_docs), theirs.transform(new_docs), tol)


def outcome_of(call):
    try:
        return call()
    except Exception as exc:  # noqa: BLE001 - the peer's error is the expected one
        return exc


# -- the pairwise grid ----------------------------------------------------------------------

AXES = {
    "analyzer": ["word", "char", "char_wb"],
    "ngram_range": [(1, 1), (1, 2), (2, 3)],
    "df": [(1, 1.0, None), (2, 0.8, None), (0.01, 50, None), (1, 1.0, 40), (2, 0.9, 7)],
    "binary": [False, True],
    "norm": ["l2", "l1", None],
    "use_idf": [True, False],
    "smooth_idf": [True, False],
    "sublinear_tf": [False, True],
    "strip_accents": [None, "ascii", "unicode"],
    "lowercase": [True, False],
    "stop_words": [None, "english", ["de", "la", "et", "the"]],
    "dtype": [np.float64, np.float32],
}


def pairwise_grid(axes: dict, seed: int = 1) -> list[dict]:
    """A small set of configurations covering every pair of values of every two axes."""
    names = list(axes)
    uncovered = {
        (a, i, b, j)
        for a, b in itertools.combinations(range(len(names)), 2)
        for i in range(len(axes[names[a]]))
        for j in range(len(axes[names[b]]))
    }
    rng = random.Random(seed)
    rows = []
    while uncovered:
        best, best_gain = None, -1
        for _ in range(60):
            row = [rng.randrange(len(axes[n])) for n in names]
            gain = sum(
                (a, row[a], b, row[b]) in uncovered
                for a, b in itertools.combinations(range(len(names)), 2)
            )
            if gain > best_gain:
                best, best_gain = row, gain
        for a, b in itertools.combinations(range(len(names)), 2):
            uncovered.discard((a, best[a], b, best[b]))
        rows.append(best)
    configs = []
    for row in rows:
        values = {n: axes[n][k] for n, k in zip(names, row, strict=True)}
        min_df, max_df, max_features = values.pop("df")
        values.update(min_df=min_df, max_df=max_df, max_features=max_features)
        if values["analyzer"] != "word":
            values["stop_words"] = None  # scikit-learn warns that it is unused
            if values["ngram_range"] == (1, 1):
                values["ngram_range"] = (1, 3)
        configs.append(values)
    return configs


GRID = pairwise_grid(AXES)


@pytest.mark.parametrize("params", GRID, ids=[f"g{i}" for i in range(len(GRID))])
def test_tfidf_grid_on_tota(params, tota):
    compare("TfidfVectorizer", params, tota[::2], tota[1::2])


@pytest.mark.parametrize("params", GRID, ids=[f"g{i}" for i in range(len(GRID))])
def test_tfidf_grid_on_hard_unicode(params):
    compare("TfidfVectorizer", params, HARD_DOCS, HARD[::-1])


# Lone surrogates in str of each storage kind (Latin-1 text, BMP, astral): scikit-learn accepts
# them as characters, so the native path must pass them through rather than reject them.
SURROGATE_DOCS = [
    "ab \ud800cd caf\u00e9 x\udfffy",
    "\u03a9mega \udc00\u03c3 zz \ud83d",
    "astral \U0001f600 \udbff\udfff lone\ud800",
    "plain ascii text",
]


@pytest.mark.parametrize("analyzer", ["word", "char", "char_wb"])
@pytest.mark.parametrize("n_jobs", [1, 2])
def test_lone_surrogates_are_characters_as_in_scikit_learn(analyzer, n_jobs):
    params = {"analyzer": analyzer, "ngram_range": (1, 2), "n_jobs": n_jobs}
    ours = tt.TfidfVectorizer(**params)
    theirs = sk.TfidfVectorizer(**{k: v for k, v in params.items() if k != "n_jobs"})
    same_matrix(ours.fit_transform(SURROGATE_DOCS), theirs.fit_transform(SURROGATE_DOCS), 1e-12)
    same_fit(ours, theirs, 1e-12)


COUNT_KEYS = ("analyzer", "ngram_range", "min_df", "max_df", "max_features", "binary")
COUNT_KEYS += ("strip_accents", "lowercase", "stop_words")


@pytest.mark.parametrize("params", GRID[::2], ids=[f"g{i}" for i in range(0, len(GRID), 2)])
def test_count_grid_on_tota(params, tota):
    counted = {k: params[k] for k in COUNT_KEYS}
    compare("CountVectorizer", counted, tota[1::2], tota[::2])


def test_grid_covers_every_pair():
    assert 20 <= len(GRID) <= 45  # small, yet every pair of values of two axes appears


# -- max_features ties at the cut-off -------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.int64, np.float64, np.float32, np.int32, np.int8, np.bool_])
@pytest.mark.parametrize("max_features", [1, 3, 5, 17])
def test_ties_at_max_features_cut_off(dtype, max_features):
    # Every term occurs once: which ones survive is decided by numpy's argsort among ties.
    docs = [" ".join(f"w{i}{j}" for j in range(7)) for i in range(5)] + ["w00 w10 w20 w30 w40"]
    compare("CountVectorizer", {"max_features": max_features, "dtype": dtype}, docs, docs[::-1])
    compare("TfidfVectorizer", {"max_features": max_features}, docs, docs)
    many = ["aa " * 300 + "bb " * 300 + " ".join(f"t{k}" for k in range(40))] * 3
    compare("CountVectorizer", {"max_features": max_features, "dtype": dtype}, many, docs)


# -- dtypes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.int8, np.uint16, np.float64, np.float32])
def test_count_dtypes(dtype, tota):
    compare("CountVectorizer", {"dtype": dtype}, tota[:60], tota[60:90])


@pytest.mark.parametrize("dtype", [np.float16, np.int64, np.int32])
def test_tfidf_other_dtypes_warn_and_match(dtype, tota):
    outcomes = []
    for module in (tt, sk):
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            result = outcome_of(
                lambda m=module: m.TfidfVectorizer(dtype=dtype).fit_transform(tota[:60])
            )
        outcomes.append((result, [str(w.message) for w in warned]))
    (ours, ours_warned), (theirs, theirs_warned) = outcomes
    assert ours_warned == theirs_warned
    if isinstance(theirs, Exception):  # scipy has no float16 sparse matrices
        assert type(ours) is type(theirs) and str(ours) == str(theirs)
    else:
        same_matrix(ours, theirs, 1e-12)


# -- threads ----------------------------------------------------------------------------------


@pytest.mark.parametrize("analyzer", ["word", "char_wb"])
def test_identical_for_every_n_jobs(analyzer, tota):
    docs = tota * 3  # about 1 MB: split over several threads
    reference = tt.TfidfVectorizer(analyzer=analyzer, n_jobs=1, ngram_range=(1, 2))
    X = reference.fit_transform(docs)
    for n_jobs in (2, 3, -1, None):
        other = tt.TfidfVectorizer(analyzer=analyzer, n_jobs=n_jobs, ngram_range=(1, 2))
        Y = other.fit_transform(docs)
        assert other.vocabulary_ == reference.vocabulary_
        for a, b in ((X, Y), (reference.transform(docs), other.transform(docs))):
            np.testing.assert_array_equal(a.indptr, b.indptr)
            np.testing.assert_array_equal(a.indices, b.indices)
            np.testing.assert_array_equal(a.data, b.data)
    with pytest.raises(ValueError):
        tt.CountVectorizer(n_jobs=0).fit(docs)


# -- paths through scikit-learn's own Python code ------------------------------------------


def upper_preprocessor(text: str) -> str:
    return text.upper()


def split_tokenizer(text: str) -> list[str]:
    return text.split()


def word_pairs(text: str):
    words = text.split()
    return (a + "+" + b for a, b in zip(words, words[1:], strict=False))  # a generator


def tuples(text: str) -> list[tuple]:
    return [(w,) for w in text.split()]  # hashable terms that are not str


@pytest.mark.parametrize(
    "params",
    [
        {"preprocessor": upper_preprocessor},
        {"tokenizer": split_tokenizer, "token_pattern": None},
        {"token_pattern": r"\b\w+(?:-\w+)*\b"},
        {"token_pattern": r"(?a)\b\w\w+\b"},
        {"analyzer": word_pairs},
        {"analyzer": tuples},
        {"strip_accents": lambda s: s.replace("é", "E")},
        {"ngram_range": (0, 2)},
    ],
    ids=[
        "preprocessor",
        "tokenizer",
        "pattern",
        "ascii-pattern",
        "callable",
        "tuples",
        "strip",
        "n0",
    ],
)
def test_python_produced_terms(params, tota):
    for name in ("CountVectorizer", "TfidfVectorizer"):
        compare(name, {**params, "min_df": 1}, tota[:80], tota[80:100])


def test_documents_as_bytes_files_and_filenames(tmp_path, tota):
    docs = tota[:30] + ["café naïve Straße"]
    compare("CountVectorizer", {}, [d.encode("utf-8") for d in docs], docs[:5])
    compare(
        "CountVectorizer",
        {"encoding": "latin-1"},
        [d.encode("latin-1", "replace") for d in docs],
        docs,
    )
    paths = []
    for i, doc in enumerate(docs):
        path = tmp_path / f"{i}.txt"
        path.write_bytes(doc.encode("utf-8"))
        paths.append(str(path))
    compare("TfidfVectorizer", {"input": "filename"}, paths, paths[::-1])
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok \xff\xfe broken")
    compare(
        "CountVectorizer",
        {"input": "filename", "decode_error": "replace"},
        [str(bad)] + paths,
        paths,
    )
    compare("CountVectorizer", {"input": "filename"}, [str(bad)], paths)  # UnicodeDecodeError
    for make in (lambda d: io.BytesIO(d.encode("utf-8")), io.StringIO):
        ours = tt.CountVectorizer(input="file").fit_transform([make(d) for d in docs])
        theirs = sk.CountVectorizer(input="file").fit_transform([make(d) for d in docs])
        same_matrix(ours, theirs, 0)


def test_fixed_vocabulary(tota):
    terms = ["agreement", "parties", "acuerdo", "accord", "zzz", "Shall"]
    for vocabulary in (terms, dict(zip(terms, [5, 3, 1, 0, 2, 4], strict=True)), set(terms[:4])):
        for name in ("CountVectorizer", "TfidfVectorizer"):
            with (
                pytest.warns(UserWarning, match="Upper case")
                if "Shall" in vocabulary
                else _nothing()
            ):
                compare(name, {"vocabulary": vocabulary}, tota[:50], tota[50:70])
    compare(
        "CountVectorizer", {"vocabulary": terms, "lowercase": False, "binary": True}, tota, tota
    )


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_stop_words_inconsistency_warns_like_sklearn(tota):
    with pytest.warns(UserWarning, match="stop_words may be inconsistent"):
        compare("CountVectorizer", {"stop_words": ["we've", "the"]}, tota[:20], tota[:5])


# -- errors -----------------------------------------------------------------------------------

ERRORS = [
    ({}, [""]),  # empty vocabulary
    ({}, ["   ", "! ?"]),
    ({"stop_words": "english"}, ["the and of", "it is"]),
    ({"min_df": 5, "max_df": 2}, [f"doc {i} common" for i in range(10)]),
    ({"min_df": 1.0}, ["aa bb", "cc dd"]),  # after pruning, no terms remain
    ({"max_df": 0.1}, ["aa bb", "aa bb"]),
    ({"analyzer": "bogus"}, ["aa"]),
    ({"ngram_range": (2, 1)}, ["aa bb"]),
    ({"max_df": 1.5}, ["aa"]),
    ({"norm": "l3"}, ["aa"]),
    ({"stop_words": "french"}, ["aa"]),
    ({"token_pattern": r"(a)(b)"}, ["ab"]),
    ({}, ["fine", np.nan]),
    ({}, ["fine", 3]),
    ({"lowercase": False}, ["fine", 3]),
    ({}, "a string, not a list"),
    ({"vocabulary": ["a", "a"]}, ["aa"]),
    ({"vocabulary": {"a": 0, "b": 2}}, ["aa"]),
    ({"vocabulary": []}, ["aa"]),
    ({"n_jobs": "two"}, ["aa"]),
]


@pytest.mark.parametrize("params,docs", ERRORS, ids=[f"e{i}" for i in range(len(ERRORS))])
def test_same_errors(params, docs):
    for name in ("CountVectorizer", "TfidfVectorizer"):
        sk_params = {k: v for k, v in params.items() if k != "n_jobs"}
        if "n_jobs" in params:
            with pytest.raises(ValueError, match="n_jobs"):
                getattr(tt, name)(**params).fit(docs)
            continue
        if name == "CountVectorizer" and "norm" in params:
            continue
        expected = outcome_of(lambda n=name, p=sk_params: getattr(sk, n)(**p).fit_transform(docs))
        assert isinstance(expected, Exception)
        with pytest.raises(type(expected)) as error:
            getattr(tt, name)(**params).fit_transform(docs)
        assert str(error.value) == str(expected)


def test_not_fitted_errors():
    for name in ("CountVectorizer", "TfidfVectorizer"):
        expected = outcome_of(lambda n=name: getattr(sk, n)().transform(["aa"]))
        with pytest.raises(type(expected)) as error:
            getattr(tt, name)().transform(["aa"])
        assert str(error.value) == str(expected)
    with pytest.raises(ValueError, match="string object received"):
        tt.CountVectorizer().fit(["aa bb"]).transform("aa bb")


# -- the other methods are scikit-learn's -------------------------------------------------


def test_inverse_transform_and_builders(tota):
    ours = tt.TfidfVectorizer(ngram_range=(1, 2)).fit(tota[:40])
    theirs = sk.TfidfVectorizer(ngram_range=(1, 2)).fit(tota[:40])
    X = ours.transform(tota[40:50])
    for a, b in zip(ours.inverse_transform(X), theirs.inverse_transform(X), strict=True):
        np.testing.assert_array_equal(a, b)
    assert ours.build_analyzer()(tota[3]) == theirs.build_analyzer()(tota[3])
    assert ours.build_tokenizer()(tota[3]) == theirs.build_tokenizer()(tota[3])
    assert ours.build_preprocessor()("ÉTÉ") == theirs.build_preprocessor()("ÉTÉ")
    assert tt.CountVectorizer(stop_words="english").get_stop_words() is sk.ENGLISH_STOP_WORDS
    assert isinstance(ours, sk.TfidfVectorizer) and isinstance(ours, sk.CountVectorizer)


def test_sparse_output_interface_follows_sklearn_config(tota):
    import sklearn

    with sklearn.config_context(sparse_interface="sparray"):
        X = tt.TfidfVectorizer().fit_transform(tota[:10])
        Y = sk.TfidfVectorizer().fit_transform(tota[:10])
    assert type(X) is type(Y) and sp.issparse(X)


# -- TfidfTransformer ---------------------------------------------------------------------


@pytest.mark.parametrize("sublinear_tf", [False, True])
@pytest.mark.parametrize("norm", ["l2", "l1", None])
@pytest.mark.parametrize("smooth_idf", [True, False])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
def test_tfidf_transformer(sublinear_tf, norm, smooth_idf, dtype, tota):
    counts = sk.CountVectorizer().fit_transform(tota[:80]).astype(dtype)
    params = {"sublinear_tf": sublinear_tf, "norm": norm, "smooth_idf": smooth_idf}
    ours = tt.TfidfTransformer(n_jobs=2, **params).fit(counts)
    theirs = sk.TfidfTransformer(**params).fit(counts)
    np.testing.assert_array_equal(ours.idf_, theirs.idf_)
    tol = 1e-6 if dtype == np.float32 else 1e-12
    for X in (counts, counts.toarray(), counts.tocoo()):
        A, B = ours.transform(X), theirs.transform(X)
        assert type(A) is type(B) and A.dtype == B.dtype
        np.testing.assert_allclose(A.toarray(), B.toarray(), rtol=0, atol=tol)
    original = counts.copy()
    ours.transform(counts)  # copy=True leaves the input alone
    assert (counts != original).nnz == 0


def test_tfidf_transformer_edge_inputs():
    X = sp.csr_matrix(np.array([[0.0, 2.0], [0.0, 0.0], [3.0, 1.0]]))
    X.data[0] = 0.0  # an explicit zero: log(0) under sublinear_tf
    for params in (
        {"sublinear_tf": True},
        {"use_idf": False},
        {"norm": None, "sublinear_tf": True},
    ):
        expected = outcome_of(lambda p=params: sk.TfidfTransformer(**p).fit(X).transform(X))
        if isinstance(expected, Exception):
            with pytest.raises(type(expected)):
                tt.TfidfTransformer(**params).fit(X).transform(X)
        else:
            with np.errstate(divide="ignore"):
                got = tt.TfidfTransformer(**params).fit(X).transform(X)
            np.testing.assert_array_equal(got.toarray(), expected.toarray())
    with pytest.raises(ValueError, match="features"):
        tt.TfidfTransformer().fit(X).transform(sp.csr_matrix((1, 5)))


# -- documents from files, generators and arrays --------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"tokenizer": split_tokenizer, "token_pattern": None},
        {"analyzer": tuples},
        {"analyzer": "char_wb", "ngram_range": (2, 3)},
    ],
    ids=["native", "tokenizer", "tuples", "char_wb"],
)
@pytest.mark.parametrize("source", ["filename", "file", "generator"])
def test_documents_read_once_in_every_path(params, source, tmp_path, tota, monkeypatch):
    from treatytext.sklearn import _native

    monkeypatch.setattr(_native, "BATCH_DOCUMENTS", 7)  # several batches
    docs = tota[:40]
    paths = []
    for i, doc in enumerate(docs):
        path = tmp_path / f"{i}.txt"
        path.write_text(doc, encoding="utf-8")
        paths.append(str(path))

    def make_input():
        if source == "filename":
            return paths
        if source == "file":
            return [io.BytesIO(d.encode("utf-8")) for d in docs]
        return (d for d in docs)

    input_ = "content" if source == "generator" else source
    for name in ("CountVectorizer", "TfidfVectorizer"):
        ours = getattr(tt, name)(input=input_, **params)
        theirs = getattr(sk, name)(input=input_, **params)
        same_matrix(ours.fit_transform(make_input()), theirs.fit_transform(make_input()), 1e-12)
        assert ours.vocabulary_ == theirs.vocabulary_
        same_matrix(ours.transform(make_input()), theirs.transform(make_input()), 1e-12)


def test_bad_document_in_a_later_batch(monkeypatch, tota):
    from treatytext.sklearn import _native

    monkeypatch.setattr(_native, "BATCH_DOCUMENTS", 5)
    docs = tota[:12] + [b"caf\xc3\xa9 bytes"] + tota[12:20]
    ours, theirs = tt.CountVectorizer(), sk.CountVectorizer()  # bytes decoded in their batch
    same_matrix(ours.fit_transform(iter(docs)), theirs.fit_transform(iter(docs)), 0)
    assert list(ours.vocabulary_) == list(theirs.vocabulary_)
    for bad in (np.nan, 7):
        with_bad = tota[:12] + [bad] + tota[12:20]
        expected = outcome_of(lambda b=with_bad: sk.CountVectorizer().fit(iter(b)))
        with pytest.raises(type(expected)) as error:
            tt.CountVectorizer().fit(iter(with_bad))
        assert str(error.value) == str(expected)


def test_numpy_and_pandas_documents(tota):
    import pandas as pd

    compare("TfidfVectorizer", {}, np.array(tota[:50]), np.array(tota[50:60]))  # np.str_ items
    compare("TfidfVectorizer", {}, pd.Series(tota[:50]), pd.Series(tota[50:60]))


def test_vocabulary_of_non_str_terms(tota):
    vocabulary = [("agreement",), ("parties",), ("shall",)]
    compare(
        "CountVectorizer", {"analyzer": tuples, "vocabulary": vocabulary}, tota[:30], tota[30:40]
    )


def test_long_line_long_token_and_nul(tota):
    long_line = " ".join(tota[:150]).replace("\n", " ")  # one line of about 150 kB
    token = "x" * 100_000
    docs = [long_line, token, "a\x00b nul\x00\x00bytes", "A" * 17 + " " + "é" * 40_000]
    for analyzer in ("word", "char_wb"):
        compare("TfidfVectorizer", {"analyzer": analyzer, "ngram_range": (1, 2)}, docs, docs[::-1])
