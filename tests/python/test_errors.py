"""Errors that say what to do (issue 15 §4): paths accepted where texts are, one convention for
a missing document, files that are not UTF-8 named for what they look like, empty files warned."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import treatytext as tt
from treatytext import counting
from treatytext.cli import main as cli_main
from treatytext.text import guess_encoding

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "sample-treaty.txt"


# -- align accepts paths ---------------------------------------------------------------------


def test_align_documents_reads_a_path_given_as_str_or_pathlike() -> None:
    doc = tt.Document.from_file(SAMPLE)
    for path in (str(SAMPLE), SAMPLE):
        alignment = tt.align_documents(doc, path)
        # The sample against itself: every unit pairs with its copy at score 1.
        assert len(alignment.a_index) == len(doc.units) > 0
        assert alignment.score.min() == pytest.approx(1.0)


def test_align_documents_refuses_a_file_name_that_names_no_file(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    with pytest.raises(FileNotFoundError, match=r"b='.*nope\.txt' looks like a file name"):
        tt.align_documents("Article 1\nThe Parties agree.", missing)


def test_align_documents_still_takes_a_one_line_text() -> None:
    alignment = tt.align_documents("The Parties shall cooperate.", "The Parties shall cooperate.")
    assert len(alignment.a_index) == 1


def test_align_documents_rejects_other_types_naming_the_argument() -> None:
    with pytest.raises(TypeError, match=r"^a must be a Document, a path or a text"):
        tt.align_documents(3, "text")  # type: ignore[arg-type]


# -- top_terms of the wrong object -------------------------------------------------------------


def test_counting_top_terms_of_a_corpus_says_which_call_to_use() -> None:
    corpus = tt.Corpus([tt.Document.from_file(SAMPLE)])
    with pytest.raises(TypeError, match=r"got Corpus; .*corpus\.top_terms\(5\)"):
        counting.top_terms(corpus, 5)  # type: ignore[arg-type]
    assert len(corpus.top_terms(5)) == 5


# -- one convention for a missing document -----------------------------------------------------


@pytest.fixture(scope="module")
def pair() -> tt.Corpus:
    return tt.Corpus(
        [
            tt.Document("Article 1\nThe Parties shall cooperate on customs.", "alpha"),
            tt.Document("Article 1\nThe Parties shall cooperate on tariffs.", "beta"),
        ]
    )


VALID = r"valid: positions 0\.\.1 or the names 'alpha', 'beta'"


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda c: c.align("nope", "beta"), "a"),
        (lambda c: c.align("alpha", "nope"), "b"),
        (lambda c: c.reuse("nope"), "document"),
        (lambda c: c.similarity("nope"), "document"),
        (lambda c: c.keyness("nope"), "target"),
        (lambda c: c.keyness("alpha", reference=["nope"]), "reference"),
        (lambda c: c.subset("nope"), "selector"),
        (lambda c: c["nope"], "key"),
    ],
)
def test_missing_document_is_a_key_error_naming_argument_value_and_choices(
    pair: tt.Corpus, call, argument: str
) -> None:
    with pytest.raises(KeyError) as info:
        call(pair)
    message = str(info.value)
    assert message.startswith(f"{argument}='nope': no document of that name; ")
    assert re.search(VALID, message)


def test_position_out_of_range_is_an_index_error_naming_the_argument(pair: tt.Corpus) -> None:
    with pytest.raises(IndexError, match=rf"^b=5: out of range for 2 documents; {VALID}"):
        pair.align("alpha", 5)
    with pytest.raises(TypeError, match=r"^a must be a document name \(str\) or position"):
        pair.align(1.5, "beta")


def test_missing_unit_ref_lists_valid_refs(pair: tt.Corpus) -> None:
    with pytest.raises(KeyError, match=r"^ref='bullet 9': document 'alpha' has no such unit"):
        pair.most_similar(("alpha", "bullet 9"))


# -- files that are not UTF-8, and empty files -------------------------------------------------

TEXT = "Article 1 \u2013 Caf\u00e9 et coop\u00e9ration\nLes Parties coop\u00e8rent.\n"


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (TEXT.encode("latin-1", "replace"), "Latin-1 or Windows-1252"),
        (TEXT.encode("cp1252"), "Latin-1 or Windows-1252"),
        (TEXT.encode("utf-16"), "UTF-16"),  # with a byte-order mark
        (TEXT.encode("utf-16-le"), "UTF-16"),  # without one
        (TEXT.encode("utf-16-be"), "UTF-16"),
        (b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF file"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xa4", "a ZIP archive"),
        (bytes(range(256)) * 4, "a binary file"),
    ],
)
def test_file_that_is_not_utf8_says_what_it_looks_like(
    tmp_path: Path, data: bytes, looks_like: str
) -> None:
    assert guess_encoding(data).startswith(f"looks like {looks_like}")
    path = tmp_path / "treaty.txt"
    path.write_bytes(data)
    # Read as text (the readers would take a PDF or a Word file by its content instead).
    with pytest.raises(ValueError, match=rf"treaty\.txt: invalid UTF-8 at byte \d+.*{looks_like}"):
        tt.Document.from_file(path, format="text")


def test_latin1_advice_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "treaty.txt"
    path.write_bytes(TEXT.encode("cp1252"))
    with pytest.raises(ValueError, match=r"read_text\(encoding='cp1252'\)"):
        tt.Document.from_file(path)
    assert tt.Document(path.read_text(encoding="cp1252"), "t").text == TEXT  # the advice works


def test_cli_names_the_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "treaty.txt"
    path.write_bytes(TEXT.encode("utf-16"))
    assert cli_main(["analyze", str(path)]) != 0
    assert "looks like UTF-16" in capsys.readouterr().err


@pytest.mark.parametrize(("content", "what"), [("", "is empty"), (" \n\t\n", "only white")])
def test_empty_file_warns(tmp_path: Path, content: str, what: str) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.warns(UserWarning, match=rf"blank\.txt .*{what}.*adds no units"):
        doc = tt.Document.from_file(path)
    assert doc.units == []
    with pytest.warns(UserWarning, match=r"blank\.txt"):
        tt.Corpus.from_files([path])
