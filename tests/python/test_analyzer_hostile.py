"""Tokenizer fuzz findings (issue 16): no empty term, no lone combining mark, no number without
keep_numbers, and option errors that name the option instead of pybind11's "incompatible
function arguments"."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from treatytext.analyzer import Analyzer
from treatytext.segment import segment
from treatytext.vectorizer import Vectorizer


def test_porter_never_yields_an_empty_term():
    assert Analyzer(stem="porter").analyze("s is a word") == ["i", "a", "word"]
    # ... so the empty term cannot enter a vocabulary either.
    vectorizer = Vectorizer(stem="porter").fit(["s is a word", "s s s"])
    assert "" not in vectorizer.vocabulary_


def test_a_word_emptied_by_normalization_is_dropped():
    # U+115F (a letter) vanishes under NFKC, leaving a lone combining mark U+064E.
    assert Analyzer().analyze("\u115f\u064e") == []
    assert Analyzer().analyze("\u115f\u064e word") == ["word"]
    # ... or leaving digits only, which keep_numbers=False drops.
    assert Analyzer(keep_numbers=False).analyze("\u115f12 treaty") == ["treaty"]
    assert Analyzer(keep_numbers=True).analyze("\u115f12 treaty") == ["12", "treaty"]


def test_stemming_to_a_number_is_dropped_without_keep_numbers():
    # Porter strips the letter of "1s": what is left is a number.
    assert "1" not in Analyzer(stem="porter", keep_numbers=False).analyze("1s and 2s")


# Unassigned code points (Cn) are left out of the text: utf8proc may know a newer Unicode than
# this Python's unicodedata (U+11F02 is a letter to one, unassigned to the other).
def _is_word(term: str, keep_numbers: bool) -> bool:
    categories = {unicodedata.category(c)[0] for c in term}
    return "L" in categories or (keep_numbers and "N" in categories)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cn")), max_size=40),
    keep_numbers=st.booleans(),
    stem=st.sampled_from([None, "porter", "english", "french", "arabic"]),
    normalization=st.sampled_from(["none", "nfc", "nfkc"]),
)
def test_every_term_is_a_word(text, keep_numbers, stem, normalization):
    analyzer = Analyzer(keep_numbers=keep_numbers, stem=stem, normalization=normalization)
    for term in analyzer.analyze(text):
        assert term and _is_word(term, keep_numbers), (text, term)


@pytest.mark.parametrize("value", [2**64, 2**63, -1])
def test_min_length_out_of_range_names_the_option(value):
    with pytest.raises(
        ValueError, match=rf"min_length must be >= 0 and at most 2\*\*63 - 1, not {value}"
    ):
        Analyzer(min_length=value)


def test_lone_surrogates_in_word_lists_name_the_option():
    with pytest.raises(
        ValueError, match=r"stop_words holds 'a\\ud800', which is not valid Unicode"
    ):
        Analyzer(stop_words=["the", "a\ud800"])
    with pytest.raises(ValueError, match=r"stem holds '\\udfff'"):
        Analyzer(stem="\udfff")
    with pytest.raises(ValueError, match=r"abbreviations holds 'Sec\\udc00'"):
        segment("Sec. 4 applies.", abbreviations=["Sec\udc00"])
