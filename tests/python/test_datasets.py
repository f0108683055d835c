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
    clauses = corpus.units
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
    units = corpus.units[corpus.units["document"] == "Japan - Thailand"]
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


def _corpora(folder: Path) -> Path:
    """A corpora folder with a seed file and one ToTA agreement, as shared/corpora has."""
    (folder / "seed").mkdir(parents=True)
    (folder / "seed" / datasets.SEED_NAME).write_text("Article 1\nPeace.\n", encoding="utf-8")
    (folder / "tota" / "xml").mkdir(parents=True)
    (folder / "tota" / "xml" / "pta_7.xml").write_text(SYNTHETIC, encoding="utf-8")
    return folder


def _clear_variables(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TREATYTEXT_CORPORA", raising=False)
    monkeypatch.delenv("TREATYTEXT_TOTA", raising=False)
    monkeypatch.setenv("TREATYTEXT_CACHE", str(tmp_path / "cache"))


def test_corpora_found_beside_the_clone_from_its_notebooks_folder(
    tmp_path: Path, monkeypatch
) -> None:
    # work/shared/corpora beside work/clone, opened from work/clone/notebooks (as Jupyter does).
    _clear_variables(monkeypatch, tmp_path)
    corpora = _corpora(tmp_path / "work" / "shared" / "corpora")
    notebooks = tmp_path / "work" / "clone" / "notebooks"
    notebooks.mkdir(parents=True)
    monkeypatch.chdir(notebooks)
    search = datasets.corpora_search_path()
    assert search[:4] == [
        notebooks / "shared" / "corpora",
        notebooks.parent / "shared" / "corpora",
        corpora,
        tmp_path / "shared" / "corpora",
    ]
    assert datasets.corpora_dir() == corpora
    assert datasets.seed_path() == corpora / "seed" / datasets.SEED_NAME
    assert datasets.tota_dir() == corpora / "tota" / "xml"
    assert datasets.load_seed().text == "Article 1\nPeace.\n"


def test_the_nearest_folder_that_holds_the_data_wins(tmp_path: Path, monkeypatch) -> None:
    _clear_variables(monkeypatch, tmp_path)
    outer = _corpora(tmp_path / "shared" / "corpora")
    inner = tmp_path / "a" / "shared" / "corpora"
    (inner / "seed").mkdir(parents=True)  # a nearer folder with the seed only
    (inner / "seed" / datasets.SEED_NAME).write_text("near", encoding="utf-8")
    start = tmp_path / "a" / "b"
    start.mkdir(parents=True)
    monkeypatch.chdir(start)
    assert datasets.seed_path() == inner / "seed" / datasets.SEED_NAME
    assert datasets.tota_dir() == outer / "tota" / "xml"  # each dataset from where it is


def test_the_variable_wins_over_the_folders_around(tmp_path: Path, monkeypatch) -> None:
    _clear_variables(monkeypatch, tmp_path)
    _corpora(tmp_path / "shared" / "corpora")
    chosen = _corpora(tmp_path / "elsewhere")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TREATYTEXT_CORPORA", str(chosen))
    assert datasets.corpora_search_path() == [chosen]
    assert datasets.tota_dir() == chosen / "tota" / "xml"
    monkeypatch.setenv("TREATYTEXT_TOTA", str(tmp_path / "shared" / "corpora" / "tota" / "xml"))
    assert datasets.tota_dir() == tmp_path / "shared" / "corpora" / "tota" / "xml"


def test_the_cache_comes_after_the_folders(tmp_path: Path, monkeypatch) -> None:
    _clear_variables(monkeypatch, tmp_path)
    cached = tmp_path / "cache" / "tota" / "xml"
    cached.mkdir(parents=True)
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    monkeypatch.chdir(lonely)
    monkeypatch.setattr(datasets, "checkout_corpora", lambda: None)
    assert datasets.tota_dir() == cached
    _corpora(lonely / "shared" / "corpora")
    assert datasets.tota_dir() == lonely / "shared" / "corpora" / "tota" / "xml"


def test_nothing_found_names_the_places_searched(tmp_path: Path, monkeypatch) -> None:
    _clear_variables(monkeypatch, tmp_path)
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    monkeypatch.chdir(lonely)
    monkeypatch.setattr(datasets, "checkout_corpora", lambda: None)
    # Only meaningful where no folder above tmp_path has shared/corpora (true on a clean machine).
    if any((p / "shared" / "corpora").is_dir() for p in tmp_path.parents):
        pytest.skip("a shared/corpora folder exists above the temporary directory")
    with pytest.raises(FileNotFoundError, match=rf"shared/corpora in {lonely} and the folders"):
        datasets.load_seed()
    with pytest.raises(FileNotFoundError, match=r"looked for tota/xml .* set TREATYTEXT_TOTA"):
        datasets.tota_dir()


def test_an_installed_package_has_no_checkout(tmp_path: Path, monkeypatch) -> None:
    # The package as pip puts it: site-packages/treatytext, no pyproject.toml two levels up.
    fake = tmp_path / "lib" / "site-packages" / "treatytext" / "datasets.py"
    fake.parent.mkdir(parents=True)
    monkeypatch.setattr(datasets, "__file__", str(fake))
    assert datasets.checkout_corpora() is None
    source = tmp_path / "clone" / "python" / "treatytext" / "datasets.py"
    source.parent.mkdir(parents=True)
    (tmp_path / "clone" / "pyproject.toml").write_text("", encoding="utf-8")
    monkeypatch.setattr(datasets, "__file__", str(source))
    assert datasets.checkout_corpora() == tmp_path / "shared" / "corpora"


def test_language_filter_takes_a_str_and_mixed_corpora_say_so(tota_dir: Path) -> None:
    spanish = datasets.load_tota(tota_dir, limit=60, languages="es")  # "es", not {"e", "s"}
    assert len(spanish) > 0 and spanish.languages() == {"es": len(spanish)}
    assert "mixed" not in repr(spanish)
    mixed = datasets.load_tota(tota_dir, limit=60)  # reading mixed texts is no mistake ...
    with pytest.warns(UserWarning, match=r"mixes languages \(en: \d+, es: \d+.*languages=\['en'\]"):
        mixed.top_terms(3)  # ... analysing them with one analyzer is worth a warning
    languages = mixed.languages()
    assert len(languages) > 1 and sum(languages.values()) == len(mixed)
    assert list(languages)[0] == "en"  # most frequent first
    assert repr(mixed).endswith(
        ", mixed languages: " + ", ".join(f"{k} {v}" for k, v in languages.items()) + ">"
    )
