"""HTML views: escaping, highlighting at tokenizer offsets, tables, each result's repr."""

from __future__ import annotations

import pytest
from treatytext import display
from treatytext.align import align_documents as align
from treatytext.analyzer import Analyzer
from treatytext.corpus import Corpus
from treatytext.document import Document


def analyzer():
    return display.highlight_analyzer({"stop_words": "english"})


def test_highlight_marks_exact_tokens_and_escapes_the_rest() -> None:
    text = "Self-defence <armed> & SECURITY; security-council"
    html = display.highlight(text, {"security", "self-defence"}, analyzer())
    assert html == (
        "<mark>Self-defence</mark> &lt;armed&gt; &amp; <mark>SECURITY</mark>; security-council"
    )


def test_highlight_follows_the_analyzer_case_folding_and_offsets() -> None:
    text = "ÉTATS parties, États."
    tokens = analyzer().tokenize(text)
    wanted = {tokens[0].term}
    html = display.highlight(text, wanted, analyzer())
    assert html.count("<mark>") == 2
    assert html.startswith("<mark>ÉTATS</mark>")


def test_highlight_with_limit_and_nothing_to_mark() -> None:
    text = "word " * 50
    cut = display.highlight(text, {"word"}, analyzer(), limit=20)
    assert cut.endswith(" …")
    assert cut.count("<mark>") == 4  # "word word word word" fits in 20 characters
    assert display.highlight("a < b", set(), analyzer()) == "a &lt; b"


def test_truncate_and_table() -> None:
    assert display.truncate("short", 10) == "short"
    assert display.truncate("one two three four", 9) == "one two …"
    html = display.table(["a", "b", "n"], [("<x>", "<b>y</b>", 0.12345)], raw=["b"], numeric=["n"])
    assert "<td>&lt;x&gt;</td>" in html
    assert "<td><b>y</b></td>" in html
    assert '<td class="num">0.123</td>' in html and '<th class="num">n</th>' in html


def test_terms_of_uses_the_engine_analyzer() -> None:
    an = Analyzer(stop_words="english")
    assert display.terms_of("The Parties and the parties", an) == {"parties"}


def test_result_views_highlight_shared_terms() -> None:
    corpus = Corpus.from_texts(
        ["Customs duties on goods.\n\nFishing quotas.", "Customs duties are eliminated."],
        names=["a", "b"],
    )
    pairs = corpus.similar_pairs(1)
    page = pairs._repr_html_()
    assert "<mark>Customs</mark> <mark>duties</mark> on goods." in page
    assert "<mark>Customs</mark> <mark>duties</mark> are eliminated." in page
    assert pairs.shared_terms(0) == ["customs", "duties"]
    matches = corpus.most_similar("customs duties", k=1)
    assert "<mark>" in matches._repr_html_()
    assert "most similar to free text" in repr(matches)
    doc_page = Document("One.\n\nTwo.", "d")._repr_html_()
    assert doc_page.startswith('<div class="treatytext">')
    assert "<h3>Corpus of 2 documents" in corpus._repr_html_()


def test_mostly_same_pair_marks_what_differs() -> None:
    a = "Each Party shall notify the other Party of any measure within thirty days."
    b = "Each Party may notify the other Party of any measure within sixty days."
    html_a, html_b, same = display.highlight_pair(a, b, Analyzer(stop_words="english"))
    assert same and display.same_share(a, b) == pytest.approx(2 * 11 / 26)
    assert html_a == (
        'Each Party <mark class="diff">shall</mark> notify the other Party of any measure '
        'within <mark class="diff">thirty</mark> days.'
    )
    assert html_b.count('<mark class="diff">') == 2 and ">sixty<" in html_b


def test_different_pair_marks_shared_terms() -> None:
    a = "Customs duties on goods shall be eliminated."
    b = "Fishing vessels pay customs duties."
    html_a, html_b, same = display.highlight_pair(a, b, Analyzer(stop_words="english"))
    assert not same and display.same_share(a, b) < display.MOSTLY_SAME
    assert html_a == "<mark>Customs</mark> <mark>duties</mark> on goods shall be eliminated."
    assert 'class="diff"' not in html_a + html_b


def test_alignment_view_summary_first_details_for_long_results() -> None:
    paragraphs = [f"Clause {k} on topic{k} and matter{k} with words{k}." for k in range(14)]
    a = Document("\n\n".join(paragraphs), "A")
    b = Document("\n\n".join(p.replace("with", "without") for p in paragraphs), "B")
    result = align(a, b, threshold=0.1)
    page = result._repr_html_()
    assert len(result) == 14 > display.LONG_TABLE_ROWS
    assert page.index("<ul><li>14 pairs") < page.index("<details><summary>all 14 pairs</summary>")
    assert page.count('<mark class="diff">without</mark>') == 14  # the one word that differs
    three = "\n\n".join(paragraphs[:3])
    short = align(Document(three, "A"), Document(three.replace("with", "without"), "B"), 0.1)
    assert "<details" not in short._repr_html_() and "<ul><li>3 pairs" in short._repr_html_()
