"""Corpus: construction, the clauses frame, frequency tables (hand counts), similarity."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from treatytext.corpus import Corpus
from treatytext.document import Document

NO_STOP = {"stop_words": None}


def tiny() -> Corpus:
    return Corpus.from_texts(
        ["Trade and trade rules.\n\nRules of origin.", "Origin of goods."],
        names=["d1", "d2"],
        analyzer=NO_STOP,
    )


# -- construction ---------------------------------------------------------------------------


def test_from_texts_names_metadata_and_clauses_frame() -> None:
    corpus = Corpus.from_texts(["One.\n\nTwo.", "Three."], metadata=[{"y": 1}, {"y": 2}])
    assert corpus.names == ["doc1", "doc2"]
    clauses = corpus.units
    assert clauses.index.name == "unit"
    assert list(clauses.columns[:11]) == [
        "document", "clause", "ref", "kind", "label", "heading", "start", "end", "level",
        "parent", "text",
    ]  # fmt: skip
    assert clauses["document"].tolist() == ["doc1", "doc1", "doc2"]
    assert clauses["text"].tolist() == ["One.", "Two.", "Three."]
    assert corpus.metadata()["y"].tolist() == [1, 2]
    assert corpus["doc2"].text == "Three."
    assert corpus[0].name == "doc1"


def test_seed_bullets_appear_in_corpus_clauses(seed_text: str) -> None:
    corpus = Corpus([Document(seed_text, "seed")])
    bullets = corpus.units[corpus.units["kind"] == "bullet"]
    assert len(bullets) == 20
    assert bullets["text"].iloc[0].startswith("Develop a permanent partnership")
    assert bullets["text"].iloc[-1].startswith("Supply objective information")
    for _, row in corpus.units.iterrows():
        assert seed_text[row["start"] : row["end"]] == row["text"]


def test_from_files_folder_jsonl_and_frame(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("Alpha clause.\n\nBeta clause.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Gamma clause.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    folder = Corpus.from_folder(tmp_path)
    assert folder.names == ["a", "b"]
    assert len(folder.units) == 3
    files = Corpus.from_files([tmp_path / "b.txt", tmp_path / "a.txt"])
    assert files.names == ["b", "a"]

    lines = [{"name": "x", "text": "Ex text.", "year": 1999}, {"name": "y", "text": "Why text."}]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n\n", encoding="utf-8")
    jsonl = Corpus.from_jsonl(path)
    assert jsonl.names == ["x", "y"]
    assert jsonl["x"].metadata == {"year": 1999}

    frame = pd.DataFrame({"name": ["p", "q"], "text": ["Pe.", "Qu."], "region": ["EU", "Asia"]})
    from_frame = Corpus.from_frame(frame)
    assert from_frame.names == ["p", "q"]
    assert from_frame["q"].metadata == {"region": "Asia"}


def test_construction_errors(tmp_path) -> None:
    with pytest.raises(ValueError, match="duplicate document name 'a'"):
        Corpus([Document("x", "a"), Document("y", "a")])
    with pytest.raises(TypeError, match="document 0 must be a Document or str"):
        Corpus([42])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="differ in length"):
        Corpus.from_texts(["a", "b"], names=["only"])
    with pytest.raises(NotADirectoryError):
        Corpus.from_folder(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match="no files matching"):
        Corpus.from_folder(tmp_path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{not json}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 2: invalid JSON"):
        Corpus.from_jsonl(bad)
    with pytest.raises(ValueError, match="no column 'body'"):
        Corpus.from_frame(pd.DataFrame({"text": ["a"]}), text="body")


def test_select_and_subset() -> None:
    corpus = Corpus.from_texts(["a.", "b.", "c."], metadata=[{"y": 1}, {"y": 2}, {"y": 3}])
    assert corpus.select("doc2").tolist() == [False, True, False]
    assert corpus.select(["doc1", "doc3"]).tolist() == [True, False, True]
    assert corpus.select(lambda d: d.metadata["y"] >= 2).tolist() == [False, True, True]
    assert corpus.select([True, False, False]).tolist() == [True, False, False]
    assert corpus.subset(lambda d: d.metadata["y"] == 3).names == ["doc3"]
    with pytest.raises(KeyError, match="selector='zz': no document of that name"):
        corpus.select("zz")


def test_empty_corpus_analysis_is_a_clear_error() -> None:
    corpus = Corpus.from_texts(["", "   "])
    assert len(corpus.units) == 0
    with pytest.raises(ValueError, match="no units to analyse"):
        corpus.term_frequencies()


# -- frequency tables (hand counts; stop words kept) -------------------------------------------


def test_corpus_frequency_table_hand_counts() -> None:
    table = tiny().term_frequencies("corpus")
    assert table.columns.tolist() == [
        "term", "count", "relative_frequency", "document_frequency", "unit_frequency", "rank",
    ]  # fmt: skip
    assert table["term"].tolist() == ["of", "origin", "rules", "trade", "and", "goods"]
    assert table["count"].tolist() == [2, 2, 2, 2, 1, 1]
    assert table["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    np.testing.assert_allclose(table["relative_frequency"], [0.2, 0.2, 0.2, 0.2, 0.1, 0.1])
    assert table["document_frequency"].tolist() == [2, 2, 1, 1, 1, 1]
    assert table["unit_frequency"].tolist() == [2, 2, 2, 1, 1, 1]


def test_document_frequency_table_hand_counts() -> None:
    table = tiny().term_frequencies("document")
    d1 = table[table["document"] == "d1"]
    assert d1["term"].tolist() == ["rules", "trade", "and", "of", "origin"]
    assert d1["count"].tolist() == [2, 2, 1, 1, 1]
    np.testing.assert_allclose(d1["relative_frequency"], [2 / 7, 2 / 7, 1 / 7, 1 / 7, 1 / 7])
    assert d1["unit_frequency"].tolist() == [2, 1, 1, 1, 1]
    assert d1["document_frequency"].tolist() == [1, 1, 1, 2, 2]
    d2 = table[table["document"] == "d2"]
    assert d2["term"].tolist() == ["goods", "of", "origin"]
    assert d2["rank"].tolist() == [1, 2, 3]


def test_unit_frequency_table_hand_counts() -> None:
    table = tiny().term_frequencies("unit")
    first = table[table["unit"] == 0]
    assert first["term"].tolist() == ["trade", "and", "rules"]
    assert first["count"].tolist() == [2, 1, 1]
    np.testing.assert_allclose(first["relative_frequency"], [0.5, 0.25, 0.25])
    assert first["unit_frequency"].tolist() == [1, 1, 2]
    assert set(table["unit"]) == {0, 1, 2}
    assert table.loc[table["unit"] == 2, "document"].unique().tolist() == ["d2"]


def test_top_terms_per_level() -> None:
    corpus = tiny()
    assert corpus.top_terms(2)["term"].tolist() == ["of", "origin"]
    by_doc = corpus.top_terms(1, by="document")
    assert by_doc[["document", "term"]].values.tolist() == [["d1", "rules"], ["d2", "goods"]]
    by_clause = corpus.top_terms(1, by="unit")
    assert by_clause["term"].tolist() == ["trade", "of", "goods"]
    with pytest.raises(ValueError, match="by must be one of"):
        corpus.top_terms(3, by="sentence")
    with pytest.raises(ValueError, match="n must be at least 1"):
        corpus.top_terms(0)


def test_default_analyzer_drops_english_stop_words() -> None:
    corpus = Corpus.from_texts(["The rules of the origin of goods."])
    terms = set(corpus.term_frequencies()["term"])
    assert {"rules", "origin", "goods"} <= terms
    assert not {"the", "of"} & terms


# -- similarity -------------------------------------------------------------------------------

TEXTS = [
    "Tariffs on goods shall be eliminated.\n\nCustoms procedures shall be simplified.",
    "Tariffs on industrial goods shall be eliminated.\n\nDisputes go to arbitration.",
    "Customs procedures shall be simplified and published.\n\nFisheries are excluded.",
]


def corpus3() -> Corpus:
    return Corpus.from_texts(TEXTS, names=["a", "b", "c"])


def test_similarity_matrix_is_labelled_symmetric_with_unit_diagonal() -> None:
    corpus = corpus3()
    matrix = corpus.similarity()
    assert matrix.index.tolist()[0] == "a: paragraph 1"
    values = matrix.to_numpy()
    np.testing.assert_allclose(values, values.T, atol=1e-12)
    np.testing.assert_allclose(np.diag(values), 1.0, atol=1e-12)
    one = corpus.similarity("b")
    assert one.index.tolist() == ["paragraph 1", "paragraph 2"]
    with pytest.raises(ValueError, match="too large a matrix"):
        corpus.similarity(max_units=3)


def test_most_similar_agrees_with_the_matrix() -> None:
    corpus = corpus3()
    matrix = corpus.similarity().to_numpy()
    matches = corpus.most_similar(0, k=3)
    expected = [j for j in np.argsort(-matrix[0], kind="stable") if j != 0 and matrix[0, j] > 0][:3]
    assert matches.frame["unit"].tolist() == expected
    np.testing.assert_allclose(matches.frame["score"], matrix[0, expected], atol=1e-9)
    assert matches.frame["rank"].tolist() == list(range(1, len(expected) + 1))
    # the same query as (document, ref) and as a Clause object
    assert corpus.most_similar(("a", "paragraph 1"), k=3).frame["unit"].tolist() == expected
    clause = corpus["a"].units[0]
    assert corpus.most_similar(clause, k=3).frame["unit"].tolist() == expected


def test_most_similar_can_exclude_the_same_document() -> None:
    corpus = corpus3()
    matches = corpus.most_similar(1, k=5, exclude_same_document=True)
    assert "a" not in matches.frame["document"].tolist()
    assert matches.frame["unit"].iloc[0] == 4  # c: "Customs procedures shall be simplified..."


def test_most_similar_free_text_and_bad_queries() -> None:
    corpus = corpus3()
    matches = corpus.most_similar("eliminate tariffs on goods", k=2)
    assert set(matches.frame["unit"]) == {0, 2}
    with pytest.raises(ValueError, match="k must be a positive integer"):
        corpus.most_similar(0, k=0)
    with pytest.raises(IndexError, match="out of range"):
        corpus.most_similar(99)
    with pytest.raises(TypeError, match="query must be"):
        corpus.most_similar(1.5)


def test_similar_pairs_equal_the_brute_force_top_pairs() -> None:
    corpus = corpus3()
    matrix = corpus.similarity().to_numpy()
    n = len(matrix)
    brute = sorted(
        (-matrix[i, j], i, j) for i in range(n) for j in range(i + 1, n) if matrix[i, j] > 0
    )[:3]
    pairs = corpus.similar_pairs(3).frame
    assert list(zip(pairs["unit_a"], pairs["unit_b"], strict=True)) == [(i, j) for _, i, j in brute]
    np.testing.assert_allclose(pairs["score"], [-s for s, _, _ in brute], atol=1e-9)
    across = corpus.similar_pairs(10, exclude_same_document=True).frame
    assert (across["document_a"] != across["document_b"]).all()


def test_reuse_finds_the_copied_clause() -> None:
    corpus = Corpus.from_texts(
        [
            "The Parties shall cooperate on customs.\n\nThis clause is unique to one.",
            "Unrelated fisheries text.\n\nThe Parties shall cooperate on customs.",
        ],
        names=["one", "two"],
    )
    reuse = corpus.reuse("one", threshold=0.9).frame
    assert reuse[["ref_a", "document_b", "ref_b"]].values.tolist() == [
        ["paragraph 1", "two", "paragraph 2"]
    ]
    assert reuse["score"].iloc[0] == pytest.approx(1.0)


def test_document_similarity_and_similar_documents() -> None:
    corpus = corpus3()
    matrix = corpus.document_similarity()
    assert matrix.index.tolist() == ["a", "b", "c"]
    np.testing.assert_allclose(np.diag(matrix.to_numpy()), 1.0, atol=1e-12)
    pairs = corpus.similar_documents(3)
    assert len(pairs) == 3
    first = pairs.iloc[0]
    assert first["score"] == pytest.approx(matrix.loc[first["document_a"], first["document_b"]])
    assert pairs["score"].is_monotonic_decreasing
