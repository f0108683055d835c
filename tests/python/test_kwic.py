"""KWIC: windows in tokens cut exactly from the source text."""

from __future__ import annotations

import pytest
from treatytext.corpus import Corpus
from treatytext.document import Document


def test_word_windows_are_exact_slices() -> None:
    text = "alpha beta gamma delta epsilon zeta eta"
    lines = Document(text).kwic("delta", window=2).frame
    assert len(lines) == 1
    row = lines.iloc[0]
    assert (row["left"], row["keyword"], row["right"]) == ("beta gamma ", "delta", " epsilon zeta")
    assert text[row["start"] : row["end"]] == "delta"


def test_windows_stop_at_the_edges_and_zero_window() -> None:
    text = "Tariffs apply. Customs, then tariffs!"
    lines = Document(text).kwic("tariffs", window=3).frame
    assert lines["keyword"].tolist() == ["Tariffs", "tariffs"]
    assert lines["left"].tolist() == ["", "apply. Customs, then "]
    assert lines["right"].tolist() == [" apply. Customs, then", ""]
    bare = Document(text).kwic("customs", window=0).frame
    assert bare[["left", "keyword", "right"]].values.tolist() == [["", "Customs", ""]]


def test_phrases_match_consecutive_words_with_stop_words_kept() -> None:
    text = "The rules of origin apply.\n\nRules for origin differ. Rules of origin again."
    lines = Document(text).kwic("rules of origin", window=1).frame
    assert lines["keyword"].tolist() == ["rules of origin", "Rules of origin"]
    assert lines["left"].tolist() == ["The ", "differ. "]
    assert lines["right"].tolist() == [" apply", " again"]
    assert lines["ref"].tolist() == ["paragraph 1", "paragraph 2"]
    assert lines["unit"].tolist() == [0, 1]


def test_windows_stay_inside_the_clause() -> None:
    text = "First clause ends here.\n\nSecond clause starts here."
    lines = Document(text).kwic("second", window=3).frame
    assert lines[["left", "keyword", "right"]].values.tolist() == [
        ["", "Second", " clause starts here"]
    ]
    assert lines["start"].tolist() == [text.index("Second")]


def test_case_folding_and_corpus_wide_search() -> None:
    corpus = Corpus.from_texts(["SECURITY first.", "No match here.", "Energy security."])
    lines = corpus.kwic("Security", window=1)
    assert lines.frame["document"].tolist() == ["doc1", "doc3"]
    assert lines.frame["keyword"].tolist() == ["SECURITY", "security"]
    assert len(lines) == 2
    assert "[SECURITY]" in repr(lines)
    assert '<span class="kw">security</span>' in lines._repr_html_()


def test_no_match_and_bad_queries() -> None:
    doc = Document("Some text here.")
    assert len(doc.kwic("absent")) == 0
    with pytest.raises(ValueError, match="has no words"):
        doc.kwic(" ... ")
    with pytest.raises(ValueError, match="window must be a non-negative integer"):
        doc.kwic("text", window=-1)
