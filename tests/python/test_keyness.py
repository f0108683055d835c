"""Keyness of groups of documents and collocations, composed from corpus counts."""

from __future__ import annotations

import pandas as pd
import pytest
from treatytext.analyzer import Analyzer
from treatytext.corpus import Corpus
from treatytext.keyness import document_keyness, word_runs


def groups() -> Corpus:
    texts = [
        "Fisheries quotas and fisheries vessels. Tariffs apply.",
        "Fisheries protocol for vessels. Tariffs apply.",
        "Investment protection and investment disputes. Tariffs apply.",
        "Investment screening. Tariffs apply.",
    ]
    meta = [{"sea": True}, {"sea": True}, {"sea": False}, {"sea": False}]
    return Corpus.from_texts(texts, metadata=meta)


def test_keyness_ranks_the_target_terms_first() -> None:
    table = groups().keyness(lambda d: d.metadata["sea"])
    terms = table["term"].tolist()
    assert terms[0] == "fisheries"
    assert terms.index("vessels") < terms.index("tariffs")
    assert terms[-1] == "investment"  # the reference's own term comes last


def test_keyness_counts_are_the_group_sums_and_signs_follow_use() -> None:
    corpus = groups()
    table = corpus.keyness(["doc1", "doc2"], ["doc3"]).set_index("term")
    counts = corpus.term_frequencies("document")
    target = counts[counts["document"].isin(["doc1", "doc2"])].groupby("term")["count"].sum()
    reference = counts[counts["document"] == "doc3"].groupby("term")["count"].sum()
    for term in table.index:
        assert table.loc[term, "target_count"] == target.get(term, 0)
        assert table.loc[term, "reference_count"] == reference.get(term, 0)
    assert table["keyness"].is_monotonic_decreasing
    chi2 = corpus.keyness(["doc1", "doc2"], ["doc3"], measure="chi2").set_index("term")
    # keyness is the measure signed, so the measure's own column is not repeated beside it.
    assert "g2" not in table.columns and "chi2" in table.columns
    assert "chi2" not in chi2.columns and "g2" in chi2.columns
    assert table.loc["fisheries", "keyness"] == pytest.approx(chi2.loc["fisheries", "g2"])
    assert table.loc["investment", "keyness"] == pytest.approx(-chi2.loc["investment", "g2"])
    assert chi2.loc["fisheries", "keyness"] == pytest.approx(table.loc["fisheries", "chi2"])
    assert chi2.loc["fisheries", "keyness"] > 0 > chi2.loc["investment", "keyness"]


def test_keyness_selection_errors() -> None:
    corpus = groups()
    with pytest.raises(ValueError, match="target selects no document"):
        corpus.keyness(lambda d: False)
    with pytest.raises(ValueError, match="reference selects no document"):
        corpus.keyness(lambda d: True)
    with pytest.raises(ValueError, match="share documents: doc1"):
        corpus.keyness(["doc1"], ["doc1", "doc2"])


def test_document_keyness_function() -> None:
    table = document_keyness("Customs customs customs union.", "Services trade union.")
    assert table["term"].iloc[0] == "customs"


def test_word_runs_break_at_stop_words_and_punctuation() -> None:
    analyzer = Analyzer(stop_words="english")
    runs = word_runs("The rules of origin apply; customs duties apply.", analyzer)
    assert runs == [["rules"], ["origin", "apply"], ["customs", "duties", "apply"]]


def test_collocations_find_the_repeated_bigram() -> None:
    corpus = Corpus.from_texts(
        [
            "Customs duties shall be eliminated. Customs duties on goods.",
            "Customs duties and customs procedures.",
            "Customs duties apply to imports, duties vary.",
        ]
    )
    table = corpus.collocations(n=2, min_count=2)
    assert table["ngram"].iloc[0] == "customs duties"
    assert table["count"].iloc[0] == 4
    assert (table["count"] >= 2).all()
    with pytest.raises(ValueError, match="n must be at least 2"):
        corpus.collocations(n=1)


def test_keyness_default_is_each_document_against_the_rest() -> None:
    corpus = groups()
    table = corpus.keyness()
    assert table.columns[0] == "document"
    assert table["document"].unique().tolist() == corpus.names
    for name in corpus.names:
        mine = table[table["document"] == name].drop(columns="document").reset_index(drop=True)
        rest = [n for n in corpus.names if n != name]
        explicit = corpus.keyness([name], rest)
        pd.testing.assert_frame_equal(mine, explicit)
    doc1 = table[table["document"] == "doc1"].set_index("term")
    # doc1 uses "fisheries" twice, the rest once (doc2); "investment" only in the rest (3 times)
    assert doc1.loc["fisheries", ["target_count", "reference_count"]].tolist() == [2, 1]
    assert doc1.loc["investment", ["target_count", "reference_count"]].tolist() == [0, 3]
    assert doc1.loc["fisheries", "keyness"] > 0 > doc1.loc["investment", "keyness"]


def test_keyness_default_needs_two_documents_and_no_lone_reference() -> None:
    with pytest.raises(ValueError, match="needs two documents at least, the corpus has 1"):
        Corpus.from_texts(["Fisheries quotas."]).keyness()
    with pytest.raises(ValueError, match="reference= needs a target="):
        groups().keyness(reference=["doc1"])
