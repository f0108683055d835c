from __future__ import annotations

import random

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
