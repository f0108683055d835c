"""Cross-references and definitions (treatytext.references) on the seed, the sample treaty
and ToTA articles, with expectations checked by hand against the texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from treatytext import Document
from treatytext.datasets import read_tota_file
from treatytext.references import find_references
from treatytext.segment import segment

ROOT = Path(__file__).resolve().parents[2]


def in_clause(doc: Document, items, label: str):
    clause = next(c for c in doc.clauses if c.label == label)
    return [x for x in items if clause.start <= x.start < clause.end]


def test_seed_names_the_un_charter(seed_text: str) -> None:
    doc = Document(seed_text)
    (ref,) = doc.references
    assert ref.text == "Article 51 of the U.N. Charter"
    assert ref.external and ref.instrument == "U.N. Charter"
    assert ref.clause is None and ref.path == (("article", "51"),)
    assert seed_text[ref.start : ref.end] == ref.text
    assert doc.definitions == []


def test_sample_treaty() -> None:
    doc = Document.from_file(ROOT / "samples" / "sample-treaty.txt")
    assert [(r.text, r.external, r.target) for r in doc.references] == [
        ("Article XXIV of the General Agreement on Tariffs and Trade 1994", True, "Article XXIV"),
        ("Art. 10", False, "Article 10"),
        ("Article 4", False, "Article 4"),
    ]
    assert [doc.clauses[r.clause].label for r in doc.references[1:]] == ["Article 10", "Article 4"]
    found = {d.term: d for d in doc.definitions}
    assert list(found) == ["the Parties", "customs authority", "measure", "investor of a Party"]
    assert found["the Parties"].form == "hereinafter"
    assert len(found["the Parties"].uses) == 13
    assert [doc.clauses[found[t].clause].label for t in list(found)[1:]] == ["(a)", "(b)", "(c)"]
    assert [doc.text[s:e] for s, e in found["customs authority"].uses] == [
        "customs authorities"
    ] * 2
    assert found["measure"].text.startswith('"measure" means any law, regulation')
    assert found["measure"].text.endswith("delegated by such a government")  # (i) and (ii) in


@pytest.fixture(scope="module")
def pta_1(tota_dir: Path) -> Document:
    return read_tota_file(tota_dir / "pta_1.xml")


def test_tota_external_references(pta_1: Document) -> None:
    # ARTICLE 23 (balance of payments): "... under Article XII of the GATT 1994 and the
    # Understanding on the Balance-of-Payments Provisions ... in Annex 1A to the WTO Agreement."
    refs = in_clause(pta_1, pta_1.references, "ARTICLE 23")
    assert [(r.text, r.instrument) for r in refs] == [
        ("Article XII of the GATT 1994", "GATT 1994"),
        ("Annex 1A to the WTO Agreement", "WTO Agreement"),
    ]
    assert all(r.external and r.clause is None for r in refs)


def test_tota_internal_references_resolve(pta_1: Document) -> None:
    # ARTICLE 22 (bilateral safeguard measures) cites Article 18 and Article 8 of this
    # agreement, and "paragraph 2 of Article 4 of the Agreement on Safeguards".
    refs = {r.text: r for r in in_clause(pta_1, pta_1.references, "ARTICLE 22")}
    assert pta_1.clauses[refs["Article 18"].clause].label == "ARTICLE 18"
    assert pta_1.clauses[refs["Article 8"].clause].label == "ARTICLE 8"
    safeguards = refs["paragraph 2 of Article 4 of the Agreement on Safeguards"]
    assert safeguards.external and safeguards.path == (("article", "4"), ("paragraph", "2"))
    assert refs["subparagraph 2(a) above"].relative
    assert refs["subparagraph 2(a) above"].path == (("paragraph", "2"), ("item", "a"))
    assert refs["Article XIX of GATT 1994"].instrument == "GATT 1994"


def test_tota_definitions(pta_1: Document) -> None:
    # ARTICLE 2: (a) the term "GATS" means ...; (b) the term "GATT 1994" means ...; ...
    defs = [d for d in pta_1.definitions if d.clause == 2]
    assert [d.term for d in defs] == [
        "GATS",
        "GATT 1994",
        "Harmonized System (HS)",
        "WTO Agreement",
    ]
    gats = defs[0]
    assert gats.text == (
        "\u201cGATS\u201d means the General Agreement on Trade in Services in Annex 1B to the "
        "Marrakesh Agreement Establishing the World Trade Organization, done at Marrakesh, "
        "15 April 1994, as may be amended"
    )
    assert all(pta_1.text[s:e] == "GATS" for s, e in gats.uses) and len(gats.uses) == 11
    safeguards = next(d for d in pta_1.definitions if d.term == "the Agreement on Safeguards")
    assert safeguards.form == "hereinafter"
    assert pta_1.clauses[safeguards.clause].label == "ARTICLE 22"
    assert safeguards.text.endswith(
        "(hereinafter referred to in this Chapter as \u201cthe Agreement on Safeguards\u201d)"
    )


def test_offsets_are_code_points() -> None:
    text = "Préambule – “océan” means sea.\nArticle 1\nThe océan under Article 1 of the Traité."
    refs, defs = find_references(text, segment(text, sentences=False))
    assert [text[r.start : r.end] for r in refs] == ["Article 1 of the Traité"]
    assert refs[0].instrument == "Traité"
    (d,) = defs
    assert text[d.term_start : d.term_end] == "océan"
    assert [text[s:e] for s, e in d.uses] == ["océan"]


def test_bad_clauses_are_rejected() -> None:
    from treatytext.segment import Clause

    bad = Clause(0, "article", "Article 1", 0, 99, 0, 0, None, "")
    with pytest.raises(ValueError, match="clause 0 has end 99 outside the text of 9 characters"):
        find_references("Article 1", [bad])
    with pytest.raises(TypeError, match="text must be str"):
        find_references(b"Article 1")  # type: ignore[arg-type]


def test_report_links_references_and_explains_terms() -> None:
    import re

    from treatytext import Corpus
    from treatytext.report import analysis_report

    doc = Document.from_file(ROOT / "samples" / "sample-treaty.txt")
    page = analysis_report(Corpus([doc]), top=0, pairs=0, max_heatmap=0)  # no charts needed
    # "Art. 10" links to the first unit of Article 10, whose row carries that id.
    article_10 = next(c for c in doc.clauses if c.label == "Article 10")
    first_unit = next(u for u in doc.units if u.start >= article_10.start)
    anchor = f"d0-c{first_unit.index}"
    assert re.search(
        rf'<a class="xref" href="#{anchor}" title="Article 10: [^"]*">Art\. 10</a>', page
    )
    assert f'<span id="{anchor}">Article 10 1.</span>' in page
    assert (
        '<span class="xref-external" title="Article XXIV of General Agreement on Tariffs and '
        'Trade 1994">Article XXIV of the General Agreement on Tariffs and Trade 1994</span>'
    ) in page
    definition = "&quot;customs authority&quot; means the authority responsible under the law"
    assert re.search(rf'<dfn title="{definition}[^"]*">customs authority</dfn>', page)
    assert re.search(
        rf'<abbr class="term" title="{definition}[^"]*">customs authorities</abbr>', page
    )
    assert "4 cross-references" not in page and "3 cross-references: 2 internal (2 linked" in page


_TOKENS = [
    "Article", "Articles", "Art.", "paragraph", "subparagraph", "Annex", "Part", "of", "the",
    "this", "Agreement", "U.N.", "Charter", "and", "or", ",", "to", "above", "4", "XXIV", "(a)",
    "(2)", "1A", "\u201c", "\u201d", '"', "'", "\u2019", "means", "shall", "mean", "(", ")",
    "hereinafter", "goods", "\n", "\n\n", "1.", "–", "é", ";",
]  # fmt: skip


def test_any_text_gives_spans_inside_it() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.sampled_from(_TOKENS), max_size=40), st.sampled_from([" ", "", "  "]))
    def check(tokens: list[str], glue: str) -> None:
        text = glue.join(tokens)
        clauses = segment(text, sentences=False)
        refs, defs = find_references(text, clauses)
        previous_end = 0
        for ref in refs:
            assert previous_end <= ref.start < ref.end <= len(text)
            assert ref.path and (ref.clause is None or 0 <= ref.clause < len(clauses))
            previous_end = ref.end
        for d in defs:
            assert 0 <= d.term_start < d.term_end <= len(text) and d.start <= d.term_start
            assert text[d.term_start : d.term_end] == d.term
            assert all(d.term_end <= s < e <= len(text) for s, e in d.uses)

    check()
