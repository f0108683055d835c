"""The legal/treaty stop-word lists (issue 15 §2): what they drop, that modals stay unless the
name says "+modals", and the switches in Analyzer, Corpus, the CLI and the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import treatytext as tt
from treatytext import report
from treatytext.analyzer import STOP_WORD_LISTS, built_in_stop_words, english_stop_words
from treatytext.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "sample-treaty.txt"
MODALS = {"can", "could", "may", "might", "must", "ought", "shall", "should", "will", "would"}


def test_lists_nest_and_keep_modals_unless_named() -> None:
    english, treaty, modals = (built_in_stop_words(name) for name in STOP_WORD_LISTS)
    assert english == english_stop_words()
    assert english < treaty < modals
    assert modals - treaty == MODALS
    assert not MODALS & treaty
    assert {"party", "parties", "agreement", "article", "annex"} <= treaty - english
    assert not {"not", "no", "nor", "unless", "except"} & modals  # negations in no list
    with pytest.raises(ValueError, match=r"unknown built-in list 'legal'; known: 'english'"):
        built_in_stop_words("legal")


def test_analyzer_round_trips_a_named_list_with_extra_words() -> None:
    analyzer = tt.Analyzer(stop_words="treaty")
    text = "The Parties shall not apply Article 4 of this Agreement to fisheries."
    assert analyzer(text) == ["shall", "not", "apply", "4", "fisheries"]
    assert tt.Analyzer(stop_words="treaty+modals")(text) == ["not", "apply", "4", "fisheries"]
    own = tt.Analyzer.from_options(
        tt.Analyzer(stop_words=[*built_in_stop_words("treaty"), "apply"]).options
    )
    assert own(text) == ["shall", "not", "4", "fisheries"]


def sample_top(stop_words: str | None) -> list[str]:
    corpus = tt.Corpus([tt.Document.from_file(SAMPLE)], analyzer={"stop_words": stop_words})
    return list(corpus.top_terms(6)["term"])


def test_sample_top_terms_before_and_after() -> None:
    before = sample_top("english")
    assert before[:3] == ["party", "shall", "parties"]  # what the issue saw
    treaty = sample_top("treaty")
    assert "party" not in treaty and "parties" not in treaty and "agreement" not in treaty
    assert "shall" in treaty  # the obligations stay visible
    topics = sample_top("treaty+modals")
    assert not MODALS & set(topics) and "customs" in topics


def test_cli_stop_words_switch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["analyze", str(SAMPLE), "--format", "json", "--stop-words", "treaty"]) == 0
    terms = [t["term"] for t in json.loads(capsys.readouterr().out)["documents"][0]["top_terms"]]
    assert "party" not in terms and "shall" in terms
    assert cli_main(["analyze", str(SAMPLE), "--format", "json", "--stop-words", "none"]) == 0
    terms = [t["term"] for t in json.loads(capsys.readouterr().out)["documents"][0]["top_terms"]]
    assert terms[0] == "the"
    with pytest.raises(SystemExit):
        cli_main(["analyze", str(SAMPLE), "--stop-words", "legal"])
    page = tmp_path / "r.html"
    assert (
        cli_main(["analyze", str(SAMPLE), "--stop-words", "treaty+modals", "--html", str(page)])
        == 0
    )
    assert "stop words: treaty+modals." in page.read_text(encoding="utf-8")


def test_report_names_the_stop_words() -> None:
    corpus = tt.Corpus([tt.Document.from_file(SAMPLE)], analyzer={"stop_words": ["apply"]})
    assert "stop words: 1 words of your own." in report.analysis_report(corpus, pairs=0)
