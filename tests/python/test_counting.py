from __future__ import annotations

import ctypes
import random
import sys

import numpy as np
import pytest
from reference import naive_count, naive_prune, tota_articles
from sklearn.feature_extraction.text import CountVectorizer
from treatytext.analyzer import Analyzer
from treatytext.counting import (
    Counts,
    count,
    count_terms,
    merge_counts,
    prune_counts,
    top_terms,
)


def _same(a: Counts, b: Counts) -> None:
    assert a.terms == b.terms
    assert a.matrix.shape == b.matrix.shape
    assert np.array_equal(a.matrix.indptr, b.matrix.indptr)
    assert np.array_equal(a.matrix.indices, b.matrix.indices)
    assert np.array_equal(a.matrix.data, b.matrix.data)
    assert np.array_equal(a.document_frequency, b.document_frequency)
    assert np.array_equal(a.term_frequency, b.term_frequency)


def _synthetic(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(400)]
    return [
        " ".join(words[int(rng.random() ** 3 * 400)] for _ in range(rng.randrange(0, 40)))
        for _ in range(n)
    ]


@pytest.fixture(scope="module")
def articles(tota_dir) -> list[str]:
    return tota_articles(tota_dir, 15)


def test_tiny_corpus_by_hand() -> None:
    c = count(["the cat sat", "the cat the dog", "", "dog"], analyzer=str.split)
    # ids by first occurrence: the=0 cat=1 sat=2 dog=3
    assert c.terms == ["the", "cat", "sat", "dog"]
    assert c.matrix.toarray().tolist() == [[1, 1, 1, 0], [2, 1, 0, 1], [0, 0, 0, 0], [0, 0, 0, 1]]
    assert c.document_frequency.tolist() == [2, 2, 1, 2]
    assert c.term_frequency.tolist() == [3, 2, 1, 2]
    assert c.document_frequency.dtype == np.int64
    assert c.n_documents == 4
    assert c.vocabulary == {"the": 0, "cat": 1, "sat": 2, "dog": 3}
    assert c.matrix.has_sorted_indices


def test_default_analyzer_counts_what_the_analyzer_produces(articles) -> None:
    analyzer = Analyzer()
    fast = count(articles[:300])
    slow = count(articles[:300], analyzer=analyzer.analyze)  # the same terms, counted via Python
    _same(fast, slow)


def test_an_analyzer_object_runs_in_cpp_and_counts_its_terms(articles) -> None:
    analyzer = Analyzer(stop_words="english", stem="english", ngram_range=(1, 2))
    fast = count(articles[:200], analyzer, n_jobs=2)
    _same(fast, count(articles[:200], analyzer.analyze))
    assert "parti" in fast.vocabulary and "the" not in fast.vocabulary


def test_counts_match_a_naive_count(articles) -> None:
    tokenized = [text.lower().split() for text in articles[:200]]
    c = count_terms(tokenized)
    terms, dense = naive_count(tokenized)
    order = np.argsort(np.array(c.terms, dtype=object))
    assert [c.terms[i] for i in order] == terms
    assert np.array_equal(c.matrix.toarray()[:, order], dense)
    assert np.array_equal(c.document_frequency[order], (dense > 0).sum(axis=0))


def test_identical_for_every_n_jobs(articles) -> None:
    reference = count(articles, n_jobs=1)
    for n_jobs in (2, 3, -1):
        _same(count(articles, n_jobs=n_jobs), reference)


def test_merge_of_batches_equals_the_count_of_the_union(articles) -> None:
    whole = count(articles)
    for split in (0, 1, len(articles) // 3, len(articles)):
        _same(merge_counts(count(articles[:split]), count(articles[split:], n_jobs=2)), whole)
    thirds = [articles[i::3] for i in range(3)]
    ordered = thirds[0] + thirds[1] + thirds[2]
    _same(merge_counts(*(count(t) for t in thirds)), count(ordered))
    assert merge_counts(whole).terms == whole.terms


def test_prune_matches_scikit_learn_document_frequency_rules() -> None:
    docs = _synthetic(300, 1)
    c = count(docs, analyzer=str.split)
    for min_df, max_df in [(1, 1.0), (2, 1.0), (0.05, 0.5), (3, 40), (0.0, 0.2), (1, 0.9)]:
        pruned = prune_counts(c, min_df=min_df, max_df=max_df)
        sk = CountVectorizer(analyzer=str.split, min_df=min_df, max_df=max_df)
        expected = sk.fit_transform(docs)
        assert pruned.terms == list(sk.get_feature_names_out()), (min_df, max_df)
        assert (pruned.matrix != expected).nnz == 0


def test_prune_max_features_by_corpus_frequency_ties_by_term() -> None:
    tokenized = [text.split() for text in _synthetic(200, 2)]
    c = count_terms(tokenized)
    terms, dense = naive_count(tokenized)
    for max_features in (1, 7, 50, 10_000):
        pruned = prune_counts(c, min_df=2, max_features=max_features)
        expected_terms, expected = naive_prune(terms, dense, min_df=2, max_features=max_features)
        assert pruned.terms == expected_terms
        assert np.array_equal(pruned.matrix.toarray(), expected)
    # Ties: b and c both occur twice; "b" comes first.
    tied = prune_counts(count_terms([["c", "b", "a"], ["c", "b", "a", "a"]]), max_features=2)
    assert tied.terms == ["a", "b"]


def test_prune_without_sorting_keeps_first_occurrence_order() -> None:
    c = count_terms([["zulu", "alpha", "mike"], ["mike", "zulu"]])
    pruned = prune_counts(c, min_df=2, sort_terms=False)
    assert pruned.terms == ["zulu", "mike"]
    assert pruned.matrix.toarray().tolist() == [[1, 1], [1, 1]]


def test_prune_errors_are_clear() -> None:
    c = count_terms([["a", "b"], ["a"], ["c"]])
    with pytest.raises(ValueError, match="max_df corresponds to < documents than min_df"):
        prune_counts(c, min_df=3, max_df=2)
    with pytest.raises(ValueError, match="empty vocabulary after pruning"):
        prune_counts(c, min_df=3)
    with pytest.raises(ValueError, match="empty vocabulary: the documents contain no terms"):
        prune_counts(count_terms([[], []]))
    with pytest.raises(ValueError, match="min_df = 1.5 as a proportion"):
        prune_counts(c, min_df=1.5)
    with pytest.raises(TypeError, match="min_df must be an int or a float"):
        prune_counts(c, min_df="2")
    with pytest.raises(TypeError, match="max_df must be an int or a float"):
        prune_counts(c, max_df=True)
    with pytest.raises(ValueError, match="max_features"):
        prune_counts(c, max_features=0)


def test_top_terms() -> None:
    c = count_terms([["a", "a", "b", "c", "c", "c"], ["a", "b"], ["d"]])
    assert top_terms(c, 2) == [("a", 3), ("c", 3)]  # tie: the lower column ("a" is column 0)
    assert top_terms(c, 10, row=0) == [("c", 3), ("a", 2), ("b", 1)]
    assert top_terms(c, 10, row=-1) == [("d", 1)]
    assert top_terms(c, 0) == []
    with pytest.raises(IndexError):
        top_terms(c, 3, row=3)
    with pytest.raises(ValueError):
        top_terms(c, -1)


def test_bad_documents_raise_clear_errors() -> None:
    with pytest.raises(TypeError, match="not a single str"):
        count("just one text")
    with pytest.raises(TypeError, match=r"documents\[1\] must be str or bytes, got int"):
        count(["ok", 3])
    with pytest.raises(ValueError, match=r"documents\[0\]: invalid UTF-8 at byte 4"):
        count([b"okay\xff"])
    assert count([b"caf\xc3\xa9 ok", "ok"], analyzer=None).terms[-1] == "ok"
    with pytest.raises(ValueError, match=r"documents\[0\] cannot be encoded"):
        count(["\ud800"])
    with pytest.raises(TypeError, match=r"documents\[0\]\[1\] must be str"):
        count_terms([["a", 1]])
    with pytest.raises(TypeError, match="analyzer returned a str"):
        count(["a b"], analyzer=lambda text: text)
    with pytest.raises(TypeError, match="analyzer must be"):
        count(["a"], analyzer=42)
    with pytest.raises(ValueError, match="n_threads"):
        count(["a"], n_jobs=0)


def test_generators_and_empty_input() -> None:
    c = count(text for text in ["a b", "b"])
    assert c.n_documents == 2
    empty = count([])
    assert empty.n_documents == 0 and empty.terms == [] and empty.matrix.shape == (0, 0)
    blank = count(["", " "], analyzer=str.split)
    assert blank.matrix.shape == (2, 0)


def test_long_token_and_nul_bytes() -> None:
    long_token = "x" * 100_000
    c = count_terms([[long_token, "y", long_token], ["a\0b"]])
    assert c.terms == [long_token, "y", "a\0b"]
    assert c.term_frequency.tolist() == [2, 1, 1]


# Documents are read in place: ASCII str and bytes as they are, any other str encoded to UTF-8
# by the counting threads from its own storage (Latin-1, UCS-2 or UCS-4), so nothing is cached
# in the caller's objects. Texts of every storage kind, with non-ASCII characters at every
# position around the 16-unit blocks the encoder reads at once.
_PIECES = ["word", "café", "Ünïcödé", "déjà-vu", "’quoted’", "日本語", "Ωμέγα", "😀", "𝔘𝔫𝔦", "x"]


def _mixed_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        pieces = [rng.choice(_PIECES) for _ in range(rng.randrange(0, 30))]
        pad = "a" * rng.randrange(0, 40)  # shifts the non-ASCII units across block boundaries
        texts.append(pad + " " + " ".join(pieces) if i % 5 else " ".join(pieces))
    texts += ["", "ascii only text", "latin-1 é" * 3, "bmp ’ 日本" * 7, "astral 😀 𝔘" * 9]
    return texts


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_str_of_every_storage_kind_counts_as_its_utf8_bytes(n_jobs) -> None:
    texts = _mixed_texts(300, 7)
    kinds = {max(map(ord, t), default=0) > 0xFFFF for t in texts} | {t.isascii() for t in texts}
    assert kinds == {True, False}
    from_str = count(texts, n_jobs=n_jobs)
    from_bytes = count([t.encode() for t in texts], n_jobs=n_jobs)  # bytes are read in place
    _same(from_str, from_bytes)
    # The default analyzer, called from Python one text at a time, agrees too.
    _same(from_str, count(texts, analyzer=Analyzer().analyze, n_jobs=n_jobs))
    assert {"café", "日本語"} <= set(from_str.terms)


def test_terms_of_every_storage_kind_round_trip() -> None:
    terms = [*_PIECES, "é" * 40, "a" * 17 + "日", "😀" * 20 + "a" * 20, "ÿ" + "b" * 31, ""]
    c = count_terms([terms, list(reversed(terms))])
    assert c.terms == terms
    assert c.document_frequency.tolist() == [2] * len(terms)


def test_lone_surrogates_name_the_first_bad_document() -> None:
    texts = ["fine", "also fine ’", "bad \ud800 here", "bad too \udfff", "😀"]
    for n_jobs in (1, 2):
        with pytest.raises(
            ValueError,
            match=r"^documents\[2\] cannot be encoded as UTF-8: it holds a lone surrogate "
            r"\(U\+D800\) at index 4$",
        ):
            count(texts, n_jobs=n_jobs)
    # Beyond the first 16 code units and in a 4-byte (astral) string as well.
    with pytest.raises(ValueError, match=r"documents\[1\] .* \(U\+DC00\) at index 40"):
        count(["ok", "😀" + "a" * 39 + "\udc00"])
    with pytest.raises(ValueError, match=r"documents\[0\]\[1\] cannot be encoded .* at index 1"):
        count_terms([["ok", "a\ud800"]])


def test_reading_str_does_not_cache_utf8_in_the_objects() -> None:
    # CPython keeps a UTF-8 copy inside a non-ASCII str once PyUnicode_AsUTF8 is called on it,
    # and sys.getsizeof counts that copy: the size must not change.
    texts = ["é" * 500 + " word", "日本 " * 200, "😀 emoji " * 100, "plain ascii " * 10]
    terms = [["é" * 50, "日本"], ["😀"]]
    before = [sys.getsizeof(t) for t in texts] + [sys.getsizeof(t) for ts in terms for t in ts]
    count(texts)
    count(texts, n_jobs=2)
    count_terms(terms)
    after = [sys.getsizeof(t) for t in texts] + [sys.getsizeof(t) for ts in terms for t in ts]
    assert after == before


def test_vocabulary_reads_terms_without_caching_utf8() -> None:
    from treatytext import _core

    vocabulary = _core.Vocabulary(["accord", "é" * 40])
    terms = ["é" * 40, "日本" * 30, "😀" * 20]
    before = [sys.getsizeof(t) for t in terms]
    assert vocabulary.find(terms[0]) == 1
    assert vocabulary.add(terms[1]) == 2
    assert terms[1] in vocabulary and terms[2] not in vocabulary
    assert vocabulary.find(terms[2]) == -1
    assert [sys.getsizeof(t) for t in terms] == before
    assert vocabulary.term(2) == "日本" * 30
    with pytest.raises(ValueError, match=r"^term cannot be encoded .* \(U\+D800\) at index 2$"):
        vocabulary.add("ab\ud800")
    with pytest.raises(TypeError):
        vocabulary.find(b"accord")


@pytest.mark.skipif(sys.implementation.name != "cpython", reason="CPython's str internals")
def test_getsizeof_shows_a_cached_utf8_copy() -> None:
    # What the test above relies on: a reader that caches UTF-8 in the str grows getsizeof.
    probe = "é" * 500
    size = sys.getsizeof(probe)
    as_utf8 = ctypes.pythonapi.PyUnicode_AsUTF8
    as_utf8.argtypes = [ctypes.py_object]
    as_utf8.restype = ctypes.c_void_p
    as_utf8(probe)
    assert sys.getsizeof(probe) >= size + 1000
