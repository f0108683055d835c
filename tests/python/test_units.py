"""No text left out of the analysis (issue 15): every character with words lies in one unit or
in a heading shown as the units' context (the rule of docs/segmentation.md); lead-ins, recitals,
the enacting formula and the testimonium are units of their own kinds; "clauses" name the tree
and "units" the rows analysed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from test_segment_tiling import _TEXT
from treatytext import Corpus, Document, cli, datasets
from treatytext.io.tota import text_with_headings

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "samples" / "sample-treaty.txt").read_text(encoding="utf-8")


def naive_outside(doc: Document) -> int:
    """Word characters that no unit text, clause marker or heading title holds, counted one by
    one (the reference for Document.text_outside_units)."""
    held = [False] * len(doc.text)
    for unit in doc.units:
        for i in range(unit.start, unit.end):
            held[i] = True
    for clause in doc.clauses:
        for i in range(clause.label_start, clause.label_start + len(clause.label)):
            held[i] = True
        for i in range(clause.start, clause.start + len(clause.title)):
            held[i] = True
    return sum(ch.isalnum() and not h for ch, h in zip(doc.text, held, strict=True))


def outside_count(doc: Document) -> int:
    return sum(sum(ch.isalnum() for ch in doc.text[a:b]) for a, b in doc.text_outside_units())


def test_sample_leaves_nothing_out_and_its_lead_ins_are_units() -> None:
    doc = Document(SAMPLE)
    assert doc.text_outside_units() == []
    assert naive_outside(doc) == 0
    # 43 units before (the five lead-ins were in none), 48 now: the same leaves plus the lead-ins.
    assert len(doc.units) == 48
    lead_ins = [(ref, u.text) for ref, u in zip(doc.refs, doc.units, strict=True)
                if u.kind == "lead-in"]  # fmt: skip
    assert lead_ins == [
        ("Article 1 lead-in", "The objectives of this Agreement are to:"),
        ("Article 2 lead-in", "For the purposes of this Agreement:"),
        (
            "Article 2 (b) lead-in",
            '"measure" means any law, regulation, procedure, requirement or practice, including:',
        ),
        ("Article 3 2. lead-in", "Such cooperation shall include:"),
        ("Article 10 2. lead-in", "The Joint Committee shall in particular:"),
    ]
    # The lead-in comes before its items, under the parent it introduces.
    first = doc.refs.index("Article 3 2. lead-in")
    assert doc.refs[first + 1 : first + 4] == ["Article 3 2. (a)", "Article 3 2. (b)",
                                               "Article 3 2. (c)"]  # fmt: skip
    assert doc.clauses[doc.units[first].parent].label == "2."


def test_sample_preamble_and_final_clauses_have_their_kinds() -> None:
    doc = Document(SAMPLE)
    opening = [(ref, u.kind, u.text[:30]) for ref, u in zip(doc.refs[:6], doc.units[:6],
                                                             strict=True)]  # fmt: skip
    assert opening == [
        ("preamble 1", "preamble", "AGREEMENT BETWEEN THE REPUBLIC"),
        ("preamble 2", "preamble", "The Republic of Aldoria and th"),
        ("recital 1", "recital", "Mindful of the long friendship"),
        ("recital 2", "recital", "Determined to build on their r"),
        ("recital 3", "recital", "Convinced that predictable rul"),
        ("enacting 1", "enacting", "Have agreed as follows:"),
    ]
    pairs = zip(doc.refs[-3:], doc.units[-3:], strict=True)
    closing = [(ref, u.kind, u.parent, u.text[:24]) for ref, u in pairs]
    assert closing == [
        ("Article 11 2.", "paragraph", closing[0][2], "Either Party may termina"),
        ("testimonium 1", "testimonium", None, "In witness whereof, the "),
        ("testimonium 2", "testimonium", None, "Done at Vell, this twelf"),
    ]
    assert doc.clauses[closing[0][2]].label == "Article 11"
    # Article 11 ends where its paragraph 2 does, before the testimonium.
    article_11 = next(c for c in doc.clauses if c.label == "Article 11")
    assert article_11.text.endswith("six months after the date of receipt of the notice.")


def test_units_carry_their_headings() -> None:
    doc = Document(SAMPLE)
    headings = dict(zip(doc.refs, doc.headings, strict=True))
    assert headings["preamble 1"] == ""
    assert headings["Article 1 lead-in"] == "PART I GENERAL PROVISIONS / Article 1 Objectives"
    assert headings["Article 2 (b) (i)"] == "PART I GENERAL PROVISIONS / Article 2 Definitions"
    assert headings["ARTICLE V 1."] == "PART II TRADE IN GOODS / ARTICLE V TECHNICAL REGULATIONS"
    assert headings["Art. 6 1."] == "PART II TRADE IN GOODS / Art. 6 Trade Facilitation"
    assert headings["testimonium 1"] == ""
    corpus = Corpus([doc])
    assert corpus.units["heading"].tolist() == doc.headings
    hits = corpus.kwic("cooperation shall include").to_frame()
    assert hits[["ref", "heading"]].values.tolist() == [
        ["Article 3 2. lead-in", "PART II TRADE IN GOODS / Article 3 Customs Cooperation"]
    ]
    top = corpus.most_similar("customs cooperation include", k=1).frame
    assert top["heading"].tolist() == ["PART II TRADE IN GOODS / Article 3 Customs Cooperation"]


def test_seed_leaves_nothing_out(seed_text: str) -> None:
    doc = Document(seed_text, "factbox")
    assert doc.text_outside_units() == []
    assert naive_outside(doc) == 0
    # 27 units before: 20 bullets and 7 paragraphs; now the bullets' lead-in is one more.
    assert len(doc.units) == 28
    (lead_in,) = [r for r, u in zip(doc.refs, doc.units, strict=True) if u.kind == "lead-in"]
    assert lead_in == "lead-in"  # its paragraph has no marker to name it by
    # A news story has no recitals or enacting formula: its paragraphs stay paragraphs.
    assert {u.kind for u in doc.units} == {"paragraph", "lead-in", "bullet"}


def test_tota_texts_rebuilt_with_headings_leave_nothing_out(tota_dir: Path) -> None:
    files = sorted(tota_dir.glob("pta_*.xml"), key=lambda p: int(p.stem.split("_")[1]))[::10]
    assert len(files) == 30
    kinds: set[str] = set()
    for file in files:
        doc = Document(text_with_headings(file), file.stem)
        assert doc.text_outside_units() == [], file.name
        kinds.update(u.kind for u in doc.units)
    assert {"lead-in", "recital", "testimonium", "preamble", "enacting"} <= kinds


def test_tota_xml_units_take_their_headings_from_the_source(tota_dir: Path) -> None:
    corpus = datasets.load_tota(tota_dir, ids=[1])
    units = corpus.units.set_index("ref")
    assert (
        units.loc["ARTICLE 1", "heading"] == "CHAPTER 1 General Provisions / ARTICLE 1 Objectives"
    )
    rebuilt = text_with_headings(tota_dir / "pta_1.xml")
    assert "\n\nCHAPTER 1: General Provisions\n\nARTICLE 1: Objectives\n\n" in rebuilt


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_no_words_outside_the_leaves_on_random_texts(text: str) -> None:
    for units in ("leaves", "sentences"):
        doc = Document(text, units=units)
        assert doc.text_outside_units() == []
        assert naive_outside(doc) == 0


def test_other_unit_modes_report_what_they_leave_out() -> None:
    doc = Document(SAMPLE, units="item")
    left_out = [doc.text[a:b] for a, b in doc.text_outside_units()]
    assert "The objectives of this Agreement are to:" in left_out
    assert outside_count(doc) == naive_outside(doc) > 0


def test_clauses_name_the_tree_and_units_the_rows() -> None:
    doc = Document(SAMPLE)
    corpus = Corpus([doc])
    assert len(doc.clauses) == 67  # the tree: 62 clauses before, plus the five lead-ins
    assert len(corpus.units) == len(doc.units) == len(corpus.unit_texts) == 48
    with pytest.warns(DeprecationWarning, match="Corpus.units"):
        old = corpus.clauses
    assert old.equals(corpus.units)
    with pytest.warns(DeprecationWarning, match='by="unit"'):
        by_clause = corpus.top_terms(1, by="clause")
    assert by_clause.equals(corpus.top_terms(1, by="unit"))
    assert "unit_frequency" in corpus.term_frequencies().columns


def test_cli_counts_units_and_shows_headings(tmp_path: Path, capsys) -> None:
    path = tmp_path / "sample.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    assert cli.main(["analyze", str(path), "--top", "0", "--pairs", "0"]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"== sample: 48 units, {len(SAMPLE)} characters\n")
    lines = text.splitlines()
    heading = lines.index("# PART II TRADE IN GOODS / Article 3 Customs Cooperation")
    assert lines[heading + 1].startswith("Article 3 1. ")
    assert "# PART I GENERAL PROVISIONS / Article 1 Objectives" in lines
    # The preamble comes before any heading; the final clauses leave Article 11's.
    assert lines[2].startswith("preamble 1 ")
    final = lines.index("# (no heading)")
    assert lines[final + 1].startswith("testimonium 1 ")
