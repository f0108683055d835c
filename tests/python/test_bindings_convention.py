"""The one result convention of treatytext._core (python/src/bindings.hpp): a result of more
than one part is a dict of named parts keyed by the core struct's fields, a CSR matrix is the
value (data, indices, indptr, (rows, cols)). Each binding is called on a tiny input here and
its keys and a few hand-checked values are pinned, so that the convention cannot drift."""

from __future__ import annotations

import numpy as np
import pytest
from treatytext import _core
from treatytext._core import analysis

TWO_ARTICLES = "Article 1\nThe Parties agree.\n\nArticle 2\nThey shall see Article 1.\n"
CLAUSE_COLUMNS = {
    "kind",
    "label",
    "label_start",
    "start",
    "end",
    "title_start",
    "title_end",
    "level",
    "parent",
}
PASSAGE_COLUMNS = {
    "start_a",
    "end_a",
    "start_b",
    "end_b",
    "word_start_a",
    "word_end_a",
    "word_start_b",
    "word_end_b",
    "words",
    "score",
}
PASSAGE_OPTIONS = {
    "min_words": 3,
    "seed_words": 0,
    "match": 1.0,
    "mismatch": -1.0,
    "gap": -1.0,
    "max_gap": 10,
    "max_repeat": 20,
    "keep_digits": False,
    "keep_punctuation": False,
}


def is_csr_value(value: object, shape: tuple[int, int]) -> bool:
    data, indices, indptr, got_shape = value  # type: ignore[misc]
    return (
        isinstance(data, np.ndarray)
        and isinstance(indices, np.ndarray)
        and len(indptr) == shape[0] + 1
        and got_shape == shape
    )


def test_segment_columns_of_a_two_article_text() -> None:
    parts = _core.segment(TWO_ARTICLES)
    assert set(parts) == CLAUSE_COLUMNS | {"source"}
    assert parts["source"] is None  # a str's offsets refer to the str itself
    kinds = [_core.CLAUSE_KINDS[k] for k in parts["kind"].tolist()]
    assert kinds == ["article", "paragraph", "article", "paragraph"]
    assert parts["label"] == ["Article 1", "", "Article 2", ""]
    # "Article 1\n" is 10 characters, "The Parties agree." 18, then "\n\n", "Article 2\n" ...
    assert parts["label_start"].tolist() == [0, 10, 30, 40]
    assert parts["start"].tolist() == [10, 10, 40, 40]
    assert parts["end"].tolist() == [28, 28, 65, 65]
    assert parts["level"].tolist() == [0, 1, 0, 1]
    assert parts["parent"].tolist() == [-1, 0, -1, 2]
    assert parts["start"].dtype == np.int64 and parts["kind"].dtype == np.uint8
    assert _core.segment(TWO_ARTICLES.encode())["source"] == TWO_ARTICLES


def test_references_are_dicts_of_columns() -> None:
    clauses = _core.segment(TWO_ARTICLES)
    columns = ("kind", "label", "label_start", "start", "end", "level", "parent")
    parts = _core.references(TWO_ARTICLES, *(clauses[c] for c in columns))
    assert set(parts) == {"references", "definitions"}
    refs = parts["references"]
    assert set(refs) == {
        "start",
        "end",
        "path",
        "external",
        "instrument_start",
        "instrument_end",
        "relative",
        "clause",
        "resolved",
    }
    assert TWO_ARTICLES[refs["start"][0] : refs["end"][0]] == "Article 1"
    assert refs["start"].tolist() == [55] and refs["end"].tolist() == [64]
    assert refs["path"] == [(("article", "1"),)]
    assert refs["external"].tolist() == [False] and refs["clause"].tolist() == [0]

    text = 'Article 1\n"Measure" means any law. A Measure applies.\n'
    clauses = _core.segment(text)
    defs = _core.references(text, *(clauses[c] for c in columns))["definitions"]
    assert set(defs) == {
        "term",
        "term_start",
        "term_end",
        "start",
        "end",
        "form",
        "clause",
        "uses",
    }
    assert defs["term"] == ["Measure"] and defs["form"] == ["means"]
    assert defs["term_start"].tolist() == [11] and defs["term_end"].tolist() == [18]
    assert defs["uses"] == [((37, 44),)]  # the second "Measure"


def test_token_arrays() -> None:
    parts = _core.Analyzer().token_arrays("Peace and treaty")
    assert set(parts) == {"term", "start", "end"}
    assert parts["term"] == ["peace", "and", "treaty"]
    assert parts["start"].tolist() == [0, 6, 10] and parts["end"].tolist() == [5, 9, 16]
    # The per-token records, kept as tuples (Token's fields).
    assert _core.Analyzer().tokenize("a b") == [("a", 0, 1), ("b", 2, 3)]


def test_counts_are_dicts_with_the_matrix_as_a_csr_value() -> None:
    keys = {"terms", "matrix", "document_frequency", "term_frequency"}
    counts = _core.count(["peace treaty", "treaty treaty"], _core.Analyzer())
    assert set(counts) == keys
    assert counts["terms"] == ["peace", "treaty"]
    assert is_csr_value(counts["matrix"], (2, 2))
    assert counts["matrix"][0].tolist() == [1.0, 1.0, 2.0]
    assert counts["document_frequency"].tolist() == [1, 2]
    assert counts["term_frequency"].tolist() == [1, 3]
    tokenized = _core.count_terms([["a", "b"], ["b"]])
    assert set(tokenized) == keys and tokenized["terms"] == ["a", "b"]
    data, indices, indptr, (rows, cols) = tokenized["matrix"]
    flat = (tokenized["terms"], data, indices, indptr, rows, cols)
    as_input = (*flat, tokenized["document_frequency"], tokenized["term_frequency"])
    merged = _core.merge_counts([as_input, as_input])
    assert set(merged) == keys and merged["matrix"][3] == (4, 2)
    pruned = _core.prune_counts(as_input, _core.PruneOptions(max_features=1))
    assert set(pruned) == keys and pruned["terms"] == ["b"]

    top = _core.top_terms(*counts["matrix"][:3], 2, 2, -1, 5)
    assert set(top) == {"column", "value"}
    assert top["column"].tolist() == [1, 0] and top["value"].tolist() == [3.0, 1.0]


def test_top_k() -> None:
    x = (np.array([1.0, 1.0, 1.0]), np.array([0, 1, 0], dtype=np.int32), np.array([0, 1, 2, 3]))
    parts = _core.top_k((*x, 3, 2), k=1)
    assert set(parts) == {"indices", "scores"}
    # Rows 0 and 2 are equal; row 1 shares no column with another (score 0).
    assert parts["indices"][[0, 2]].tolist() == [[2], [0]]
    assert parts["scores"].tolist() == [[1.0], [0.0], [1.0]]
    assert parts["indices"].shape == (3, 1) and parts["indices"].dtype == np.int64


def test_truncated_svd() -> None:
    # diag(3, 2): singular values 3 and 2.
    data, indices, indptr = np.array([3.0, 2.0]), np.array([0, 1]), np.array([0, 1, 2])
    parts = analysis.truncated_svd(data, indices, indptr, 2, 2, 2)
    assert set(parts) == {"embedding", "singular_values", "components"}
    assert parts["singular_values"] == pytest.approx([3.0, 2.0])
    assert parts["embedding"].shape == (2, 2) and parts["components"].shape == (2, 2)


def test_reuse() -> None:
    normalized = _core.reuse_normalize("Art. 12, b!")
    assert set(normalized) == {"text", "origin"}
    # Digits dropped: ". 12, " is one run of separators, its space from the "." at 3.
    assert normalized["text"] == "art b"
    assert normalized["origin"].tolist() == [0, 1, 2, 3, 9]

    a, b = "one two three four five", "x one two three four y"
    parts = _core.reuse_passages(a, b, PASSAGE_OPTIONS)
    assert set(parts) == PASSAGE_COLUMNS | {"words_a", "words_b", "covered_a", "covered_b"}
    assert a[parts["start_a"][0] : parts["end_a"][0]] == "one two three four"
    assert b[parts["start_b"][0] : parts["end_b"][0]] == "one two three four"
    assert (parts["words_a"], parts["words_b"], parts["covered_a"], parts["covered_b"]) == (
        5,
        6,
        4,
        4,
    )

    corpus = _core.reuse_corpus_passages(
        [a, b, "z"], np.array([0, 0]), np.array([1, 2]), PASSAGE_OPTIONS
    )
    assert set(corpus) == {"pair", "passages", "words_a", "words_b", "covered_a", "covered_b"}
    assert set(corpus["passages"]) == PASSAGE_COLUMNS
    assert corpus["pair"].tolist() == [0]
    assert corpus["words_b"].tolist() == [6, 1] and corpus["covered_a"].tolist() == [4, 0]

    similarity = _core.reuse_shingle_similarity("abcdef", "abcdef", "char", 3)
    assert set(similarity) == {
        "jaccard",
        "containment_a",
        "containment_b",
        "intersection",
        "size_a",
        "size_b",
    }
    assert similarity["jaccard"] == 1.0 and similarity["size_a"] == 4
    found = _core.reuse_find(["abcdef", "abcdef", "xyz"], q=3)
    assert set(found) == {
        "a",
        "b",
        "intersection",
        "jaccard",
        "containment_a",
        "containment_b",
        "set_sizes",
        "candidates",
        "distinct_shingles",
        "bands",
        "rows",
    }
    assert found["a"].tolist() == [0] and found["b"].tolist() == [1]
    one = np.array([0], dtype=np.int64)
    clusters = _core.reuse_clusters(
        2, one, one, np.array([5]), one + 1, one, np.array([5]), np.array([1.0, 2.0])
    )
    assert set(clusters) == {"cluster", "document", "start", "end", "source", "size"}
    assert clusters["document"].tolist() == [0, 1] and clusters["size"].tolist() == [2]


def test_analysis_dicts() -> None:
    target, reference = np.array([10.0, 1.0]), np.array([1.0, 10.0])
    keyness = analysis.keyness(target, reference)
    assert set(keyness) == {
        "term",
        "target_count",
        "reference_count",
        "g2",
        "chi2",
        "p_value",
        "log_ratio",
        "percent_diff",
        "odds_ratio",
        "sign",
        "target_total",
        "reference_total",
    }
    assert keyness["target_total"] == 11.0
    aligned = analysis.align_scores(np.array([[0.9, 0.1], [0.2, 0.8]]))
    assert set(aligned) == {"a_index", "b_index", "score", "unmatched_a", "unmatched_b", "exact"}
    assert aligned["a_index"].tolist() == [0, 1] and aligned["b_index"].tolist() == [0, 1]
    ids = np.array([0, 1, 0, 1], dtype=np.int32)
    collocations = analysis.collocations(ids, np.array([0, 4]), min_count=2)
    assert set(collocations) == {"ids", "count", "expected", "g2", "p_value", "pmi", "total"}
    assert collocations["ids"].tolist() == [[0, 1]] and collocations["count"].tolist() == [2]
    points = np.array([[0.0, 0.0], [0.0, 0.1], [5.0, 5.0]])
    kmeans = analysis.kmeans(points, 2)
    assert set(kmeans) == {"labels", "centers", "inertia", "n_iter"}
    assert kmeans["centers"].shape == (2, 2)
    data, indices, indptr = np.array([1.0, 1.0, 1.0]), np.array([0, 0, 1]), np.array([0, 1, 2, 3])
    tree = analysis.agglomerative(data, indices, indptr, 3, 2, n_clusters=2)
    assert set(tree) == {"labels", "n_clusters", "linkage_matrix"}
    assert tree["n_clusters"] == 2 and tree["linkage_matrix"].shape == (2, 4)
    terms = analysis.cluster_terms(data, indices, indptr, 3, 2, np.array([0, 0, 1]), 2, n=1)
    assert set(terms) == {"terms", "weights", "sizes"}
    assert terms["sizes"].tolist() == [2, 1] and terms["terms"].tolist() == [[0], [1]]
