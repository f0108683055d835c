"""Document: clauses from the segmenter, units, refs, frames, file reading, HTML view."""

from __future__ import annotations

import pytest
from treatytext.document import Document, unit_refs

SEED_BULLETS = 20


def test_seed_key_points_are_the_bullet_units(seed_text: str) -> None:
    doc = Document(seed_text, "factbox")
    bullets = [u for u in doc.units if u.kind == "bullet"]
    assert len(bullets) == SEED_BULLETS
    lines = [line for line in seed_text.splitlines() if line.startswith("– ")]
    assert [b.text for b in bullets] == [line[2:].strip() for line in lines]
    assert doc.refs[: len(doc.units)].count("bullet 1") == 1
    assert [r for r in doc.refs if r.startswith("bullet")] == [f"bullet {i}" for i in range(1, 21)]


def test_units_are_exact_slices_and_leaves_by_default(seed_text: str) -> None:
    doc = Document(seed_text)
    assert doc.units, "the seed has clauses"
    parents = {c.parent for c in doc.clauses if c.parent is not None}
    for unit in doc.units:
        assert seed_text[unit.start : unit.end] == unit.text
        assert unit.index not in parents
        assert unit.kind != "sentence"


def test_unit_modes_select_kinds() -> None:
    text = "First point.\n\n– alpha beta\n\n– gamma delta\n"
    doc = Document(text, units="bullet")
    assert [u.text for u in doc.units] == ["alpha beta", "gamma delta"]
    assert Document(text, units="top").units == [
        c for c in Document(text).clauses if c.parent is None
    ]
    with pytest.raises(ValueError, match="units must be one of"):
        Document(text, units="chapters")


def test_sentence_units_split_a_paragraph() -> None:
    text = "The Parties agree. They shall cooperate. Disputes go to arbitration."
    leaves = Document(text)
    sentences = Document(text, units="sentences")
    assert len(leaves.units) == 1
    assert [u.text for u in sentences.units] == [
        "The Parties agree.",
        "They shall cooperate.",
        "Disputes go to arbitration.",
    ]


def test_frame_columns_and_values() -> None:
    text = "Alpha beta.\n\nGamma delta."
    frame = Document(text, "d").frame()
    assert list(frame.columns) == [
        "clause", "ref", "kind", "label", "heading", "start", "end", "level", "parent", "text",
    ]  # fmt: skip
    assert frame["text"].tolist() == ["Alpha beta.", "Gamma delta."]
    assert frame["start"].tolist() == [0, 13]
    assert frame["end"].tolist() == [11, 25]


def test_empty_and_blank_documents_have_no_units() -> None:
    for text in ("", "   \n\n  \t"):
        doc = Document(text)
        assert doc.units == []
        assert len(doc.frame()) == 0
    with pytest.raises(TypeError, match="text must be str"):
        Document(b"bytes")  # type: ignore[arg-type]


def test_refs_are_readable_and_unique() -> None:
    class C:  # minimal clause stand-in: refs only read these fields
        def __init__(self, index, kind, label, parent):
            self.index, self.kind, self.label, self.parent = index, kind, label, parent

    clauses = [
        C(0, "article", "PART I", None),
        C(1, "article", "Article 4", 0),
        C(2, "paragraph", "1.", 1),
        C(3, "item", "(a)", 2),
        C(4, "bullet", "–", 2),
        C(5, "bullet", "–", 2),
        C(6, "article", "PART II", None),
        C(7, "article", "Article 4", 6),  # numbering restarts: the short refs clash
        C(8, "paragraph", "1.", 7),
        C(9, "bullet", "•", None),
        C(10, "paragraph", "", None),
        C(11, "paragraph", "", None),
    ]
    units = [clauses[i] for i in (3, 4, 5, 8, 9, 10, 11)]
    assert unit_refs(clauses, units) == [
        "Article 4 1. (a)",
        "Article 4 1. bullet 1",
        "Article 4 1. bullet 2",
        "Article 4 1.",
        "bullet 1",
        "paragraph 1",
        "paragraph 2",
    ]
    clash = [clauses[2], clauses[8]]
    assert unit_refs(clauses, clash) == ["PART I Article 4 1.", "PART II Article 4 1."]
    twins = [C(0, "paragraph", "1.", None), C(1, "paragraph", "1.", None)]
    assert unit_refs(twins, twins) == ["1. #1", "1. #2"]


def test_from_file_reads_utf8_and_names_by_stem(tmp_path) -> None:
    path = tmp_path / "my-treaty.txt"
    path.write_text("Über alles.\n\nZweiter Absatz.", encoding="utf-8")
    doc = Document.from_file(path)
    assert doc.name == "my-treaty"
    assert doc.metadata["path"] == str(path)
    assert [u.text for u in doc.units] == ["Über alles.", "Zweiter Absatz."]


def test_from_file_invalid_utf8_names_file_and_offset(tmp_path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"abc\xffdef")
    with pytest.raises(ValueError, match=r"bad\.txt.*byte.*3"):
        Document.from_file(path)
    with pytest.raises(FileNotFoundError):
        Document.from_file(tmp_path / "missing.txt")


def test_html_view_escapes_text() -> None:
    doc = Document("A <b>bold</b> & risky clause.\n\nSecond clause.", "x<y", {"year": 2024})
    page = doc._repr_html_()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; risky" in page
    assert "<h3>x&lt;y</h3>" in page
    assert "year: 2024" in page
    assert "2 units" in page
