"""Datasets: ToTA XML into a Corpus of articles; the seed factbox; where data is looked for."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from treatytext import datasets

SYNTHETIC = """<?xml version="1.0" encoding="UTF-8"?>
<treaty><meta><name>Atlantis - Lemuria</name><type>Free Trade Agreement</type>
<treaty_identifier>7</treaty_identifier><date_signed>1994-05-02</date_signed>
<parties_original><partyisocode n="1">ATL</partyisocode><partyisocode n="2">LEM</partyisocode>
</parties_original><parties><partyisocode n="1">ATL</partyisocode></parties>
<region>Oceania</region><language>en</language></meta>
<body><chapter name="Preamble" chapter_identifier="70">
<article article_identifier="700">  The Parties, desiring trade,  </article></chapter>
<chapter number="CHAPTER 1" name="Goods" chapter_identifier="71">
<article number="ARTICLE 1" article_identifier="701">1. Duties are eliminated.
  2. Quotas are abolished.</article>
<article article_identifier="702"></article>
<article number="ARTICLE 2" article_identifier="703">Rules of origin apply.</article>
</chapter></body></treaty>
"""


def test_synthetic_agreement_articles_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "pta_7.xml").write_text(SYNTHETIC, encoding="utf-8")
    corpus = datasets.load_tota(tmp_path)
    assert corpus.names == ["Atlantis - Lemuria"]
    doc = corpus[0]
    assert doc.metadata["parties_original"] == ["ATL", "LEM"]
    assert doc.metadata["parties"] == ["ATL"]
    assert doc.metadata["date_signed"] == "1994-05-02"
    assert doc.metadata["year"] == 1994 and doc.metadata["decade"] == "1990s"
    assert doc.metadata["language"] == "en" and doc.metadata["region"] == "Oceania"
    clauses = corpus.clauses
    assert clauses["text"].tolist() == [
        "The Parties, desiring trade,",
        "1. Duties are eliminated.\n  2. Quotas are abolished.",
        "Rules of origin apply.",
    ]  # the empty article 702 has no text to analyse
    assert clauses["kind"].tolist() == ["article"] * 3
    assert clauses["label"].tolist() == ["", "ARTICLE 1", "ARTICLE 2"]
    assert clauses["ref"].tolist() == ["article 1", "ARTICLE 1", "ARTICLE 2"]
    assert clauses["chapter"].tolist() == ["Preamble", "Goods", "Goods"]
    assert clauses["chapter_number"].isna().tolist() == [True, False, False]
    assert clauses["chapter_number"].iloc[1] == "CHAPTER 1"
    assert clauses["article_id"].tolist() == ["700", "701", "703"]
    for _, row in clauses.iterrows():
        assert doc.text[row["start"] : row["end"]] == row["text"]


def test_first_real_agreements(tota_dir: Path) -> None:
    corpus = datasets.load_tota(tota_dir, limit=3)
    assert corpus.names[0] == "Japan - Thailand"
    meta = corpus[0].metadata
    assert (meta["date_signed"], meta["parties"], meta["language"]) == (
        "2007-04-03", ["JPN", "THA"], "en",
    )  # fmt: skip
    root = ElementTree.parse(tota_dir / "pta_1.xml").getroot()
    articles = [a.text.strip() for a in root.iter("article") if a.text and a.text.strip()]
    units = corpus.clauses[corpus.clauses["document"] == "Japan - Thailand"]
    assert units["text"].tolist() == articles
    assert units["chapter"].iloc[0] == "Preamble"


def test_selection_by_ids_sample_and_language(tota_dir: Path) -> None:
    assert datasets.load_tota(tota_dir, ids=[2, 1]).names == ["Japan - Thailand", "Egypt - Turkey"]
    sample = datasets.load_tota(tota_dir, sample=4, seed=3)
    assert len(sample) == 4
    assert sample.names == datasets.load_tota(tota_dir, sample=4, seed=3).names
    spanish = datasets.load_tota(tota_dir, limit=60, languages=["es"])
    assert all(d.metadata["language"] == "es" for d in spanish)


def test_default_path_from_environment(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pta_7.xml").write_text(SYNTHETIC, encoding="utf-8")
    monkeypatch.setenv("TREATYTEXT_TOTA", str(tmp_path))
    assert datasets.tota_dir() == tmp_path
    assert datasets.load_tota().names == ["Atlantis - Lemuria"]
    monkeypatch.setenv("TREATYTEXT_TOTA", str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match="TREATYTEXT_TOTA=.*is not a folder"):
        datasets.load_tota()


def test_missing_data_says_what_to_do(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("TREATYTEXT_TOTA", raising=False)
    monkeypatch.setenv("TREATYTEXT_CORPORA", str(tmp_path / "none"))
    monkeypatch.setenv("TREATYTEXT_CACHE", str(tmp_path / "cache"))
    with pytest.raises(FileNotFoundError, match="set TREATYTEXT_TOTA.*download=True"):
        datasets.tota_dir()
    with pytest.raises(FileNotFoundError, match="set TREATYTEXT_CORPORA"):
        datasets.load_seed()


def test_bad_xml_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "pta_1.xml").write_text("<treaty><meta>", encoding="utf-8")
    with pytest.raises(ValueError, match="pta_1.xml: not valid ToTA XML"):
        datasets.load_tota(tmp_path)
    (tmp_path / "pta_1.xml").write_text("<other/>", encoding="utf-8")
    with pytest.raises(ValueError, match=r"not ToTA XML \(no <meta> or <body>\)"):
        datasets.load_tota(tmp_path)


def test_seed_factbox(corpora_dir: Path) -> None:
    doc = datasets.load_seed()
    assert doc.name == "factbox"
    assert sum(u.kind == "bullet" for u in doc.units) == 20
    assert datasets.load_seed(corpora_dir / "seed" / datasets.SEED_NAME).text == doc.text


def test_language_filter_takes_a_str_and_mixed_corpora_say_so(tota_dir: Path) -> None:
    spanish = datasets.load_tota(tota_dir, limit=60, languages="es")  # "es", not {"e", "s"}
    assert len(spanish) > 0 and spanish.languages() == {"es": len(spanish)}
    assert "mixed" not in repr(spanish)
    with pytest.warns(UserWarning, match=r"mixes languages \(en: \d+, es: \d+.*languages=\['en'\]"):
        mixed = datasets.load_tota(tota_dir, limit=60)
    languages = mixed.languages()
    assert len(languages) > 1 and sum(languages.values()) == len(mixed)
    assert list(languages)[0] == "en"  # most frequent first
    assert repr(mixed).endswith(
        ", mixed languages: " + ", ".join(f"{k} {v}" for k, v in languages.items()) + ">"
    )
