"""Readers (treatytext.io): files the tests write themselves, whose clauses are known."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest
from documents import (
    PDF_UNITS,
    write_docx,
    write_encrypted_pdf,
    write_html,
    write_image_pdf,
    write_pdf,
    write_png,
)
from treatytext import Document
from treatytext.cli import main
from treatytext.io import detect_format, read


def units_of(doc: Document) -> list[tuple[str, str]]:
    return [(ref, unit.text) for ref, unit in zip(doc.refs, doc.units, strict=True)]


def unit(doc: Document, ref: str):
    return doc.units[doc.refs.index(ref)]


# -- PDF ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pdf(tmp_path_factory.mktemp("pdf") / "treaty.pdf")


def test_pdf_clauses_are_the_treaty(pdf_file: Path) -> None:
    doc = Document.from_file(pdf_file)
    assert units_of(doc) == PDF_UNITS
    assert doc.metadata["format"] == "pdf" and doc.metadata["pages"] == 2


def test_pdf_drops_running_heads_and_page_numbers(pdf_file: Path) -> None:
    text = read(pdf_file).text
    assert "Draft" not in text and "Page 1" not in text and "of 2" not in text


def test_pdf_repairs_hyphenation_and_joins_wrapped_lines(pdf_file: Path) -> None:
    text = read(pdf_file).text
    assert "technical cooperation in accordance with Article 51 of the U.N. Charter" in text
    assert "coopera-" not in text


def test_pdf_heading_split_by_a_page_break(pdf_file: Path) -> None:
    doc = Document.from_file(pdf_file)
    article_3 = next(c for c in doc.clauses if c.label == "Article 3")
    assert article_3.title == "Scope of Cooperation"  # its title stands on page 2
    body = unit(doc, "Article 3 paragraph 1")
    assert doc.source_map.describe(article_3.label_start, article_3.label_start + 9) == "page 1"
    assert doc.source_map.describe(body.start, body.end) == "page 2"


def test_pdf_two_columns_are_read_one_after_the_other(pdf_file: Path) -> None:
    doc = Document.from_file(pdf_file)
    left = unit(doc, "Article 4 2.")
    right = unit(doc, "Article 5 1.")
    assert left.end < right.start
    boxes = [loc.box for loc in doc.source_map.locations(right.start, right.end)]
    assert boxes and all(box[0] >= 300 for box in boxes)  # the right column
    assert doc.frame().set_index("ref").loc["Article 5 1.", "source"] == "page 2"


def test_pdf_footnote_moves_to_the_end_and_its_mark_goes(pdf_file: Path) -> None:
    doc = Document.from_file(pdf_file)
    assert unit(doc, "Article 2 paragraph 1").text.endswith("as provided in Article 1.")
    last = doc.units[-1]
    assert last.text == "1 The first meeting takes place in Vell."
    assert doc.source_map.describe(last.start, last.end) == "page 1"


def test_pdf_references_resolve(pdf_file: Path) -> None:
    doc = Document.from_file(pdf_file)
    found = {r.text: r for r in doc.references}
    assert set(found) == {"Article 51 of the U.N. Charter", "Article 1", "paragraph 1 above"}
    assert found["Article 51 of the U.N. Charter"].external
    assert doc.clauses[found["Article 1"].clause].label == "Article 1"
    target = doc.clauses[found["paragraph 1 above"].clause]
    assert target.text == "Each Party shall publish its laws promptly."  # Article 4's own 1.


def test_encrypted_pdf_says_so(tmp_path: Path) -> None:
    path = write_encrypted_pdf(tmp_path / "secret.pdf")
    with pytest.raises(ValueError, match=r"secret\.pdf: the PDF is encrypted with a password"):
        Document.from_file(path)


def test_image_only_pdf_says_it_has_no_text_layer(tmp_path: Path) -> None:
    path = write_image_pdf(tmp_path / "scan.pdf", write_png(tmp_path / "page.png"))
    with pytest.raises(ValueError, match=r"no text layer: its 1 page\(s\) hold only images.*OCR"):
        Document.from_file(path)


def test_damaged_pdf_says_so(tmp_path: Path, pdf_file: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    with pytest.raises(ValueError, match=r"broken\.pdf: (not a readable PDF|the PDF has no text)"):
        Document.from_file(path)


# -- DOCX --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_docx(tmp_path_factory.mktemp("docx") / "treaty.docx")


def test_docx_numbering_and_headings(docx_file: Path) -> None:
    doc = Document.from_file(docx_file)
    assert units_of(doc) == [
        ("paragraph 1", "AGREEMENT ON COOPERATION"),
        (
            "paragraph 2",
            "The Republic of Aldoria and the Kingdom of Norvania "
            "(hereinafter \u201cthe Parties\u201d) agree:",
        ),  # "agree:" is no enacting formula: the opening stays two paragraphs
        ("Article 1 1. lead-in", "For the purposes of this Agreement:"),
        ("Article 1 1. (a)", "\u201cgoods\u201d means products of the Parties;"),
        ("Article 1 1. (b)", "\u201cservice\u201d means any work."),
        ("Article 1 2.", "Terms in the singular include the plural."),
        (
            "Article 2 1.",
            "The goods referred to in subparagraph (a) of paragraph 1 of Article 1 move freely.",
        ),
        ("Article 2 2.", "Each Party shall notify the other of any service it restricts."),
    ]
    assert next(c for c in doc.clauses if c.label == "Article 1").title == "Definitions"


def test_docx_source_map_gives_paragraph_indices(docx_file: Path) -> None:
    doc = Document.from_file(docx_file)
    sources = doc.frame().set_index("ref")["source"]
    assert sources["paragraph 1"] == "paragraph 0"
    assert sources["Article 1 1. (a)"] == "paragraph 5"
    assert sources["Article 2 2."] == "paragraph 10"


def test_docx_definitions_and_references(docx_file: Path) -> None:
    doc = Document.from_file(docx_file)
    terms = {d.term: d for d in doc.definitions}
    assert set(terms) == {"the Parties", "goods", "service"}
    goods = terms["goods"]
    assert doc.clauses[goods.clause].label == "(a)"
    assert [doc.text[s:e] for s, e in goods.uses] == ["goods"]  # in Article 2 1.
    (ref,) = doc.references
    assert ref.text == "subparagraph (a) of paragraph 1 of Article 1"
    assert ref.path == (("article", "1"), ("paragraph", "1"), ("item", "a"))
    assert doc.clauses[ref.clause].text == "\u201cgoods\u201d means products of the Parties;"


def test_damaged_docx_says_so(tmp_path: Path, docx_file: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(docx_file.read_bytes()[:2000])
    with pytest.raises(
        ValueError, match=r"broken\.docx: a damaged zip archive, not a readable DOCX"
    ):
        Document.from_file(path)


def test_docx_without_text_says_so(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    with pytest.raises(ValueError, match=r"empty\.docx: the DOCX file has no text"):
        Document.from_file(path)


def test_zip_that_is_not_word_says_so(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "Article 1")
    with pytest.raises(ValueError, match=r"without word/document\.xml, not a DOCX"):
        Document.from_file(path)


# -- HTML --------------------------------------------------------------------------------------


def test_html_structure_and_elements(tmp_path: Path) -> None:
    doc = Document.from_file(write_html(tmp_path / "treaty.html"))
    assert doc.metadata["title"] == "Agreement on Cooperation"
    assert "Home" not in doc.text and "Article 9" not in doc.text  # navigation, script
    assert units_of(doc) == [
        ("preamble 1", "Agreement on Cooperation"),
        ("enacting 1", "The Parties (hereinafter \u201cthe Parties\u201d) agree as follows:"),
        ("Article 1 lead-in", "For the purposes of this Agreement:"),
        ("Article 1 (a)", "\u201cgoods\u201d means products of the Parties;"),
        ("Article 1 (b)", "\u201cservice\u201d means any work."),
        ("Article 2 1.", "This Agreement applies to goods as defined in Article 1."),
        ("Article 2 2. lead-in", "It does not apply to a service\nsupplied by a State."),
        ("Article 2 2. bullet 1", "first point"),
        ("Article 2 2. bullet 2", "second point"),
    ]
    # Not units, as they have children (their lead-ins are): the paragraph of (a) and (b), the
    # 2. the bullets follow.
    parents = {c.text.split("\n")[0]: c for c in doc.clauses if c.kind == "paragraph"}
    located = {text: doc.source_map.locate(c.start).element for text, c in parents.items()}
    assert located["For the purposes of this Agreement:"] == "/html/body/p[2]"
    assert located["It does not apply to a service"] == "/html/body/ol[2]/li[2]"
    lead_in = parents["For the purposes of this Agreement:"]
    assert doc.source_map.describe(lead_in.start, lead_in.end) == (
        "/html/body/p[2] … /html/body/ol[1]/li[2]"  # it holds (a) and (b)
    )
    sources = doc.frame().set_index("ref")["source"]
    assert sources["Article 1 (a)"] == "/html/body/ol[1]/li[1]"
    assert sources["Article 2 2. bullet 2"] == "/html/body/ul/li[2]"
    (ref,) = doc.references
    assert doc.clauses[ref.clause].label == "Article 1"


def test_html_without_text_says_so(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><script>render()</script></head><body><div></div></body></html>")
    with pytest.raises(ValueError, match=r"blank\.html: the HTML page has no text"):
        Document.from_file(path)


# -- choosing the reader -----------------------------------------------------------------------


def test_content_decides_before_the_extension(tmp_path: Path, pdf_file: Path) -> None:
    disguised = tmp_path / "treaty.txt"
    disguised.write_bytes(pdf_file.read_bytes())
    assert detect_format(disguised) == "pdf"
    page = tmp_path / "page.txt"
    page.write_text("<!doctype html><html><body><p>Article 1</p></body></html>")
    assert detect_format(page) == "html"
    assert detect_format(write_html(tmp_path / "page.htm")) == "html"


def test_extension_that_lies_says_so(tmp_path: Path) -> None:
    path = tmp_path / "treaty.pdf"
    path.write_text("Article 1\nPlain text.")
    with pytest.raises(ValueError, match=r"has the extension \.pdf but is not a PDF file"):
        Document.from_file(path)


def test_markdown_headings_become_plain_lines(tmp_path: Path) -> None:
    path = tmp_path / "treaty.md"
    path.write_text("# Agreement\n\n## Article 1\n\n1. First.\n\n**Article 2**\n\n1. Second.\n")
    doc = Document.from_file(path)
    assert [c.label for c in doc.clauses if c.kind == "article"] == ["Article 1", "Article 2"]
    assert doc.frame().set_index("ref").loc["Article 2 1.", "source"] == "line 9"


def test_text_file_is_read_verbatim_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "treaty.txt"
    path.write_text("Article 1\r\n1. First.\r\nArticle 2\n1. Second.\n", newline="")
    doc = Document.from_file(path)
    assert doc.text == path.read_bytes().decode()
    assert doc.frame().set_index("ref")["source"].to_dict() == {
        "Article 1 1.": "line 2",
        "Article 2 1.": "line 4",
    }


def test_tota_xml_through_from_file(tota_dir: Path) -> None:
    doc = Document.from_file(tota_dir / "pta_1.xml")
    assert doc.metadata["format"] == "tota" and doc.units_mode == "article"
    first = doc.clauses[1]
    assert first.label == "ARTICLE 1"
    assert doc.source_map.describe(first.start, first.end) == (
        "/treaty/body/chapter/article[@article_identifier='2']"
    )


def test_missing_extra_is_named(tmp_path: Path, pdf_file: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfminer", None)  # import pdfminer now fails
    with pytest.raises(ImportError, match=r"pip install 'treatytext\[pdf\]'"):
        Document.from_file(pdf_file)


def test_cli_reads_pdf_and_docx(pdf_file: Path, docx_file: Path, capsys) -> None:
    assert main(["analyze", str(pdf_file), str(docx_file), "--top", "0", "--pairs", "0"]) == 0
    out = capsys.readouterr().out
    assert "== treaty" not in out  # same stems: named by path
    assert "Article 5 1." in out and "Article 1 1. (a)" in out


def test_cli_reports_an_encrypted_pdf(tmp_path: Path, capsys) -> None:
    path = write_encrypted_pdf(tmp_path / "secret.pdf")
    assert main(["analyze", str(path)]) == 1
    assert "the PDF is encrypted with a password" in capsys.readouterr().err


def test_cli_json_tells_where_each_clause_was_read(pdf_file: Path, capsys) -> None:
    import json

    assert main(["analyze", str(pdf_file), "--format", "json", "--pairs", "0"]) == 0
    (document,) = json.loads(capsys.readouterr().out)["documents"]
    sources = {c["ref"]: c["source"] for c in document["units"]}
    assert sources["Article 1 1."] == "page 1" and sources["Article 5 2."] == "page 2"


def test_docx_numbered_headings(tmp_path: Path) -> None:
    """Headings numbered by Word ("Article %1") and paragraphs numbered at the next level."""
    import docx
    from documents import new_list, numbered

    document = docx.Document()
    articles = new_list(document, [("decimal", "Article %1"), ("decimal", "%2.")])
    for title, paragraphs in (
        ("Objectives", ["Trade shall grow.", "Investment shall grow."]),
        ("Definitions", ['"goods" means products.']),
    ):
        numbered(document.add_paragraph(title, style="Heading 1"), articles, 0)
        for text in paragraphs:
            numbered(document.add_paragraph(text), articles, 1)
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    doc = Document.from_file(path)
    assert [(c.label, c.title) for c in doc.clauses if c.kind == "article"] == [
        ("Article 1", "Objectives"),
        ("Article 2", "Definitions"),
    ]
    assert units_of(doc) == [
        ("Article 1 1.", "Trade shall grow."),
        ("Article 1 2.", "Investment shall grow."),
        ("Article 2 1.", '"goods" means products.'),
    ]
