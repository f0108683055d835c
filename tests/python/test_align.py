"""Alignment of two documents: twins, unmatched clauses, modes, threshold, views."""

from __future__ import annotations

import random

import pytest
from treatytext.align import align_documents as align
from treatytext.document import Document

CLAUSES = [
    "Each Party shall eliminate customs duties on originating goods.",
    "Disputes shall be settled by consultation and arbitration.",
    "The Joint Committee shall meet once a year.",
    "Nothing in this Agreement prevents measures to protect public health.",
    "Fisheries and agricultural products are covered by a protocol.",
    "This Agreement enters into force on the first day of the second month.",
]


def test_shuffled_copy_pairs_every_clause_with_its_twin() -> None:
    order = list(range(len(CLAUSES)))
    random.Random(7).shuffle(order)
    a = Document("\n\n".join(CLAUSES), "original")
    b = Document("\n\n".join(CLAUSES[i] for i in order), "shuffled")
    result = align(a, b, threshold=0.5)
    assert len(result.pairs) == len(CLAUSES)
    for _, pair in result.pairs.iterrows():
        assert order[pair["b"]] == pair["a"]
        assert pair["text_a"] == pair["text_b"]
        assert pair["score"] == pytest.approx(1.0)
    assert len(result.unmatched_a) == 0 and len(result.unmatched_b) == 0
    assert result.coverage == (1.0, 1.0)


def test_unmatched_clauses_on_each_side() -> None:
    a = Document("\n\n".join(CLAUSES[:4]), "A")
    b = Document(
        "\n\n".join([CLAUSES[1], "Wholly different text about fish quotas.", CLAUSES[3]]), "B"
    )
    result = align(a, b, threshold=0.6)
    assert result.pairs[["a", "b"]].values.tolist() == [[1, 0], [3, 2]]
    assert result.unmatched_a.tolist() == [0, 2]
    assert result.only_a["a"].tolist() == [0, 2]
    assert result.unmatched_b.tolist() == [1]
    assert result.only_b["text_b"].tolist() == ["Wholly different text about fish quotas."]
    frame = result.to_frame()
    assert frame["status"].value_counts().to_dict() == {
        "matched": 2,
        "only in A": 2,
        "only in B": 1,
    }
    assert result.coverage == (0.5, pytest.approx(2 / 3))
    assert "2 pairs (one-to-one" in result.summary()


def test_one_to_many_lets_a_clause_of_b_serve_twice() -> None:
    a = Document(f"{CLAUSES[0]}\n\n{CLAUSES[0]} Also quotas.", "A")
    b = Document(f"{CLAUSES[0]}\n\n{CLAUSES[2]}", "B")
    one = align(a, b, threshold=0.5, mode="one-to-one")
    many = align(a, b, threshold=0.5, mode="one-to-many")
    assert one.pairs[["a", "b"]].values.tolist() == [[0, 0]]
    assert one.unmatched_a.tolist() == [1]
    assert many.pairs[["a", "b"]].values.tolist() == [[0, 0], [1, 0]]
    assert len(many.unmatched_a) == 0


def test_threshold_and_inputs() -> None:
    a = Document("\n\n".join(CLAUSES[:2]), "same")
    b = Document("\n\n".join(CLAUSES[2:4]), "same")  # same names are told apart
    result = align(a, b, threshold=0.99)
    assert result.pairs.empty
    assert result.document_a == "same (A)" and result.document_b == "same (B)"
    assert a.name == "same"
    with pytest.raises(ValueError, match=r"threshold must lie in \[0, 1\]"):
        align(a, b, threshold=1.5)
    text_result = align(CLAUSES[0], CLAUSES[0])
    assert len(text_result.pairs) == 1


def test_empty_side_leaves_everything_unmatched() -> None:
    result = align(Document("", "empty"), Document("\n\n".join(CLAUSES[:2]), "full"))
    assert result.pairs.empty
    assert result.unmatched_b.tolist() == [0, 1]
    assert result.only_b["b"].tolist() == [0, 1]


def test_html_view_highlights_shared_terms() -> None:
    a = Document("Customs duties on goods shall be eliminated.", "A")
    b = Document("Customs duties shall be reduced on goods.", "B")
    page = align(a, b, threshold=0.3)._repr_html_()
    assert "<mark>Customs</mark> <mark>duties</mark>" in page
    assert "<mark>eliminated</mark>" not in page
