"""The pipeline state: one count, one column space, the Vectorizer's results bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from reference import naive_count, naive_idf, naive_weights, tota_articles
from treatytext.document import Document
from treatytext.pipeline import Pipeline
from treatytext.vectorizer import Vectorizer


def _identical(a: sp.csr_matrix, b: sp.csr_matrix) -> None:
    assert a.shape == b.shape
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)  # bit for bit, not approximately


@pytest.fixture(scope="module")
def articles(tota_dir) -> list[str]:
    return tota_articles(tota_dir, 6)


@pytest.mark.parametrize(
    "weighting, min_df, analyzer",
    [
        ("tfidf", 1, None),
        ("bm25", 2, {"stem": "english"}),
        ("tf", 0.01, {"stop_words": None, "ngram_range": (1, 2)}),
    ],
)
def test_vectors_equal_the_vectorizer_fitted_on_the_units(articles, weighting, min_df, analyzer):
    pipeline = Pipeline(
        [Document("\n\n".join(articles[:40]), "a"), Document("\n\n".join(articles[40:]), "b")],
        weighting=weighting,
        min_df=min_df,
        analyzer=analyzer,
    )
    vectorizer = Vectorizer(weighting=weighting, min_df=min_df, **pipeline.analyzer_options)
    expected = vectorizer.fit_transform(pipeline.unit_texts)
    _identical(pipeline.vectors, expected)
    assert pipeline.terms == list(vectorizer.get_feature_names_out())
    assert np.array_equal(pipeline.idf, vectorizer.idf_)
    assert pipeline.average_length == vectorizer.average_length_
    _identical(pipeline.counts.matrix, vectorizer.count(pipeline.unit_texts))
    queries = ["Customs duties on originating goods", "zzz unknown words", "", articles[3]]
    _identical(pipeline.transform(queries), vectorizer.transform(queries))
    _identical(pipeline.count(queries), vectorizer.count(queries))


def test_one_column_space_for_every_matrix() -> None:
    texts = ["Rules of origin.\n\nTrade rules and trade.", "Origin of goods."]
    pipeline = Pipeline(texts, analyzer={"stop_words": None})
    assert pipeline.terms == sorted(pipeline.terms) == ["and", "goods", "of", "origin", "rules",
                                                        "trade"]  # fmt: skip
    assert pipeline.counts.matrix.toarray().tolist() == [
        [0, 0, 1, 1, 1, 0],
        [1, 0, 0, 0, 1, 2],
        [0, 1, 1, 1, 0, 0],
    ]
    assert pipeline.document_counts.toarray().tolist() == [
        [1, 0, 1, 1, 2, 2],
        [0, 1, 1, 1, 0, 0],
    ]
    assert pipeline.document_frequency.tolist() == [1, 1, 2, 2, 1, 1]
    for matrix in (pipeline.vectors, pipeline.document_vectors, pipeline.transform(["x"])):
        assert matrix.shape[1] == len(pipeline.terms)


def test_document_vectors_are_the_summed_counts_weighted_over_documents() -> None:
    texts = ["Rules of origin.\n\nTrade rules and trade.", "Origin of goods.", "Goods trade."]
    pipeline = Pipeline(texts, analyzer={"stop_words": None})
    terms, dense = naive_count([t.lower().replace(".", "").split() for t in texts])
    order = np.argsort(terms)
    dense = dense[:, order]
    idf = naive_idf((dense > 0).sum(axis=0), len(texts), "smooth")
    expected = naive_weights(dense, idf, norm="l2")
    np.testing.assert_allclose(pipeline.document_vectors.toarray(), expected, rtol=1e-13)


def test_min_df_prunes_every_table() -> None:
    texts = ["alpha beta\n\nbeta gamma", "beta delta"]
    pipeline = Pipeline(texts, analyzer={"stop_words": None}, min_df=2)
    assert pipeline.terms == ["beta"]
    assert pipeline.document_counts.toarray().tolist() == [[2], [1]]


def test_errors_name_the_problem() -> None:
    with pytest.raises(ValueError, match="no units to analyse"):
        _ = Pipeline(["", " "]).counts
    pipeline = Pipeline(["One.", "Two."])
    with pytest.raises(KeyError, match="document='zz': no document of that name"):
        pipeline.document_units("zz")
    with pytest.raises(IndexError, match="document=5: out of range for 2 documents"):
        pipeline.document_index(5)


def test_corpus_top_terms_and_counting_top_terms_tie_alike() -> None:
    from treatytext.corpus import Corpus
    from treatytext.counting import top_terms

    # "zeta" comes first in the text but ties with "alpha", "mu": the lower column wins, which
    # in the pipeline's sorted columns is the term first in code-point order.
    corpus = Corpus(["zeta alpha mu zeta alpha mu beta\n\nmu zeta alpha"], analyzer={})
    table = corpus.top_terms(3)
    expected = top_terms(corpus.counts, 3)
    assert list(zip(table["term"], table["count"], strict=True)) == expected
    assert expected == [("alpha", 3), ("mu", 3), ("zeta", 3)]
    by_clause = corpus.top_terms(2, by="unit")
    for unit, rows in by_clause.groupby("unit"):
        pairs = list(zip(rows["term"], rows["count"], strict=True))
        assert pairs == top_terms(corpus.counts, 2, row=int(unit))
