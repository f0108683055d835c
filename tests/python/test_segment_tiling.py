"""Every character of the source is accounted for by the segmentation (issue 16): labels, the
separators after them, clause texts and the white-space gaps between clauses tile the text
(the rule stated in treatytext/segment.hpp), checked by a property test and the cases that
broke it."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from treatytext.segment import segment


def _no_word_characters(text: str) -> bool:
    return all(unicodedata.category(c)[0] not in "LN" for c in text)


def assert_tiles(text: str, **options) -> None:
    """The tiling rule of segment.hpp, checked naively."""
    clauses = segment(text, **options)
    children: dict[int | None, list] = {}
    for clause in clauses:
        children.setdefault(clause.parent, []).append(clause)
        label_end = clause.label_start + len(clause.label)
        assert text[clause.label_start : label_end] == clause.label
        assert label_end <= clause.start <= clause.end <= len(text), clause
        separator = text[label_end : clause.start]
        assert _no_word_characters(separator), (clause, separator)
        assert text[clause.start : clause.end] == clause.text
    for parent, group in children.items():
        low, high = (
            (0, len(text)) if parent is None else (clauses[parent].start, clauses[parent].end)
        )
        position = low
        for child in group:  # in document order, inside the parent's text, disjoint
            assert position <= child.label_start and child.end <= high, (parent, child)
            if parent is None:  # between top-level clauses: white space only
                assert text[position : child.label_start].strip() == "", (position, child)
            position = child.end
        if parent is None:
            assert text[position:].strip() == "", text[position:]


@pytest.mark.parametrize(
    "text",
    [
        "Chapter III\u2014 ",
        "Article 12bis. ",
        "Chapter III\u2014 \nArticle 1\nThe Parties shall.",
        "Article 12bis. \n\nText after a blank line.",
        "Section 2 -\n",
        "PART I:\t",
    ],
)
def test_a_heading_with_nothing_after_it_keeps_its_separator(text):
    assert_tiles(text)


def test_the_separator_sits_between_label_and_empty_text():
    (clause,) = segment("Chapter III\u2014 ")
    assert (clause.label, clause.start, clause.end) == ("Chapter III", 12, 12)
    (clause,) = segment("Article 12bis. ")
    assert (clause.label, clause.start, clause.end) == ("Article 12bis", 14, 14)


# Lines built from the markers the segmenter knows, separators and words, so that random texts
# hit headings, numbering, items and bullets often.
_MARKERS = st.sampled_from(
    ["Article 4", "ARTICLE IV", "Art. 2", "Article 12bis", "Section 2", "Chapter III", "PART I",
     "1.", "2)", "(3)", "1.2", "(a)", "b)", "c.", "(iv)", "(A)", "\u2013", "-", "\u2022", "*", ""]
)  # fmt: skip
_SEPARATORS = st.sampled_from(["", " ", ": ", "\u2014 ", ". ", " - ", "\t", ":", "\u2014", "."])
_WORDS = st.lists(
    st.sampled_from(
        ["The", "Parties", "shall", "notify", "U.N.", "e.g.", "Objectives", "x.", "Sec."]
    ),
    max_size=6,
).map(" ".join)
_LINE = st.tuples(st.sampled_from(["", " ", "  "]), _MARKERS, _SEPARATORS, _WORDS).map("".join)
_TEXT = st.lists(st.one_of(_LINE, st.text(max_size=12)), max_size=12).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n", "\n\n", "\r"]).map(lambda eol: eol.join(lines))
)


@settings(max_examples=400, deadline=None)
@given(text=_TEXT, sentences=st.booleans(), headings=st.booleans())
def test_labels_separators_texts_and_gaps_tile_the_text(text, sentences, headings):
    assert_tiles(text, sentences=sentences, headings=headings)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_tiling_holds_on_arbitrary_unicode(text):
    assert_tiles(text)
