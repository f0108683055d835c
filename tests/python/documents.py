"""Writers of the test documents for the readers: a PDF (fpdf2), a DOCX (python-docx) and an
HTML page, each holding a small treaty whose clauses are known.

The PDF places every line itself, so that the tests know what the reader must undo: a running
header and a "Page N of 2" footer on each page, a word hyphenated at a line end, a footnote
mark and a footnote, "Article 3" as the last line of page 1 with its title and text on page 2,
and a page whose Articles 4 and 5 stand side by side in two columns.
"""

from __future__ import annotations

from pathlib import Path

#: The clauses every test treaty segments into: (ref, text), in order.
PDF_UNITS = [
    ("paragraph 1", "AGREEMENT ON COOPERATION"),
    (
        "Article 1 1.",
        "The Parties shall promote economic and technical cooperation in accordance with "
        "Article 51 of the U.N. Charter and with their laws.",
    ),
    ("Article 1 2.", "Each Party shall designate a contact point."),
    ("Article 2 paragraph 1", "The Parties shall meet once a year as provided in Article 1."),
    (
        "Article 3 paragraph 1",
        "This Agreement covers trade, investment and transport between the two Parties, "
        "including their ports.",
    ),
    ("Article 4 1.", "Each Party shall publish its laws promptly."),
    ("Article 4 2.", "Each Party shall reply to all requests under paragraph 1 above."),
    ("Article 5 1.", "This Agreement enters into force on signature."),
    ("Article 5 2.", "Either Party may end it by notice."),
    ("Article 5 paragraph 3", "1 The first meeting takes place in Vell."),
]


def write_pdf(path: Path) -> Path:
    """The two-page treaty PDF described in the module docstring."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")  # 595 x 842 points, y from the top
    pdf.set_auto_page_break(False)

    def lines(x: float, y: float, rows: list[str], size: float = 11, step: float = 15) -> float:
        pdf.set_font("Helvetica", size=size)
        for row in rows:
            pdf.text(x, y, row)
            y += step
        return y

    def running(page: int) -> None:
        lines(60, 30, ["Agreement on Cooperation - Draft"], size=8)
        lines(270, 815, [f"Page {page} of 2"], size=8)

    pdf.add_page()
    running(1)
    y = lines(60, 80, ["AGREEMENT ON COOPERATION"], size=14)
    y = lines(60, y + 15, ["Article 1"])
    y = lines(
        60,
        y,
        [
            "1. The Parties shall promote economic and technical coopera-",
            "tion in accordance with Article 51 of the U.N. Charter and with",
            "their laws.",
            "2. Each Party shall designate a contact point.",
        ],
    )
    y = lines(60, y + 10, ["Article 2"])
    sentence = "The Parties shall meet once a year as provided in Article 1."
    y = lines(60, y, [sentence])
    pdf.set_font("Helvetica", size=11)
    mark_x = 60 + pdf.get_string_width(sentence) + 1
    lines(mark_x, y - 15 - 4, ["1"], size=6)  # the footnote mark, small and raised
    lines(60, y + 10, ["Article 3"])  # the last body line of page 1
    lines(60, 780, ["1 The first meeting takes place in Vell."], size=8)  # the footnote
    pdf.add_page()
    running(2)
    y = lines(60, 80, ["Scope of Cooperation"])
    y = lines(
        60,
        y,
        [
            "This Agreement covers trade, investment and transport between the two Parties,",
            "including their ports.",
        ],
    )
    top = y + 20
    lines(
        60,
        top,
        [
            "Article 4",
            "1. Each Party shall publish its",
            "laws promptly.",
            "2. Each Party shall reply to all",
            "requests under paragraph 1",
            "above.",
        ],
    )
    lines(
        320,
        top,
        [
            "Article 5",
            "1. This Agreement enters into",
            "force on signature.",
            "2. Either Party may end it by",
            "notice.",
        ],
    )
    pdf.output(str(path))
    return path


def write_encrypted_pdf(path: Path) -> Path:
    """A PDF that opens only with the password "secret"."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.text(20, 20, "Article 1 Secret terms.")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.output(str(path))
    return path


def write_image_pdf(path: Path, image: Path) -> Path:
    """A one-page PDF holding only a picture (a scan without a text layer)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=100)
    pdf.output(str(path))
    return path


def write_png(path: Path) -> Path:
    """A small grey PNG, written with the standard library."""
    import struct
    import zlib

    width, height = 16, 16
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return path


def numbered(paragraph, num_id: int, level: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", level), ("w:numId", num_id)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(value))
        num_pr.append(element)
    paragraph._p.get_or_add_pPr().append(num_pr)


def new_list(document, formats: list[tuple[str, str]]) -> int:
    """A new numbering definition (levels: numFmt, lvlText) and a list using it: its numId."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    abstract_ids = [
        int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))
    ]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id, num_id = max(abstract_ids, default=0) + 1, max(num_ids, default=0) + 1
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    for level, (fmt, text) in enumerate(formats):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            lvl.append(element)
        abstract.append(lvl)
    first = numbering.find(qn("w:num"))  # abstract definitions precede the lists
    if first is not None:
        first.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    reference = OxmlElement("w:abstractNumId")
    reference.set(qn("w:val"), str(abstract_id))
    num.append(reference)
    numbering.append(num)
    return num_id


def write_docx(path: Path) -> Path:
    """A treaty in Word: Title and Heading styles, and paragraphs numbered by Word's list
    numbering ("1.", "(a)"), which the text of the paragraphs does not hold."""
    import docx

    document = docx.Document()
    document.add_paragraph("AGREEMENT ON COOPERATION", style="Title")
    document.add_paragraph(
        "The Republic of Aldoria and the Kingdom of Norvania "
        "(hereinafter \u201cthe Parties\u201d) agree:"
    )
    document.add_heading("Article 1", level=1)
    document.add_paragraph("Definitions", style="Heading 2")
    first = new_list(document, [("decimal", "%1."), ("lowerLetter", "(%2)")])
    for text, level in (
        ("For the purposes of this Agreement:", 0),
        ("\u201cgoods\u201d means products of the Parties;", 1),
        ("\u201cservice\u201d means any work.", 1),
        ("Terms in the singular include the plural.", 0),
    ):
        numbered(document.add_paragraph(text), first, level)
    document.add_heading("Article 2", level=1)
    second = new_list(document, [("decimal", "%1."), ("lowerLetter", "(%2)")])
    for text in (
        "The goods referred to in subparagraph (a) of paragraph 1 of Article 1 move freely.",
        "Each Party shall notify the other of any service it restricts.",
    ):
        numbered(document.add_paragraph(text), second, 0)
    document.save(str(path))
    return path


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Agreement on Cooperation</title>
<style>h2 {font-size: 1.2em}</style><script>var note = "Article 9 of nothing";</script></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<h1>Agreement on Cooperation</h1>
<p>The Parties (hereinafter &ldquo;the Parties&rdquo;) agree as follows:</p>
<h2>Article 1</h2><h3>Definitions</h3>
<p>For the purposes of this Agreement:</p>
<ol type="a"><li>&ldquo;goods&rdquo; means <b>products</b> of the Parties;</li>
<li>&ldquo;service&rdquo; means any work.</li></ol>
<h2>Article 2<br>Scope</h2>
<ol><li>This Agreement applies to goods as defined in Article 1.</li>
<li>It does not apply to a service<br>supplied by a State.</li></ol>
<ul><li>first point</li><li>second point</li></ul>
</body></html>
"""


def write_html(path: Path) -> Path:
    path.write_text(HTML_PAGE, encoding="utf-8")
    return path
