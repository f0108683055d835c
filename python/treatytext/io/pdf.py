"""PDF files (the UN Treaty Series, ministries' PDFs) with pdfminer.six.

pdfminer gives each text line with its box and the size of its characters; from those this
reader rebuilds the text a person reads:

- running headers and footers (a line in the top or bottom tenth of the page that repeats on
  several pages, numbers aside) and page numbers ("3", "- 3 -", "Page 3 of 10") are removed;
- a two-column page is read column by column (lines that span the gutter, such as a title,
  keep their place between the column runs);
- footnotes (smaller lines below the body of a page) are moved to the end of the text, and
  footnote marks (small raised digits) removed from the body;
- a word hyphenated at the end of a line is joined again; a line that continues a paragraph
  is joined with a space (so "Article 51 of the Charter" wrapped after "under" stays running
  text); a new line starts after a line that ends although the next one's first word would
  have fitted, after a vertical gap or a change of type size, and where a line that starts
  with a marker ("Article 4", "1.", "(a)") follows a sentence end; across a page break the
  paragraph goes on.

Each line maps to its page number and box.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._optional import require
from .extracted import Extracted
from .sourcemap import SourceLocation, TextBuilder

_MARGIN = 0.1  # top and bottom tenth of the page: where running headers and footers live
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_MARKER = re.compile(
    r"^(?:(?:Article|ARTICLE|Art\.|Section|SECTION|Chapter|CHAPTER|Part|PART|Annex|ANNEX)\s+\S+"
    r"|\(?\d{1,3}[.)](?:\s|$)|\([a-zA-Z]{1,5}\)(?:\s|$)|[a-z]\)\s|[–—\-•·*]\s)"
)
_HEADING_ALONE = re.compile(
    r"^(?:Article|ARTICLE|Art\.|Section|SECTION|Chapter|CHAPTER|Part|PART|Annex|ANNEX)\s+\S+$"
)
_FOOTNOTE_MARKS = set("0123456789*†‡")


@dataclass
class _Line:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float
    column_right: float = 0.0  # right edge and width of the column the line stands in
    column_width: float = 0.0


def _line_of(obj: Any, page: int, char_type: Any) -> _Line | None:
    chars = [c for c in obj if isinstance(c, char_type)]
    if not chars:
        return None
    sizes = [c.size for c in chars if c.get_text().strip()]
    size = statistics.median(sizes) if sizes else chars[0].size
    parts = []
    for item in obj:
        piece = item.get_text()
        if isinstance(item, char_type) and piece in _FOOTNOTE_MARKS:
            # A footnote mark: a small character raised above the line.
            if item.size < 0.8 * size and item.y0 > obj.y0 + 0.2 * size:
                continue
        parts.append(piece)
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    if not text:
        return None
    return _Line(page, obj.x0, obj.y0, obj.x1, obj.y1, text, size)


def _collect(layout: Any, page: int, types: dict[str, Any], lines: list[_Line]) -> int:
    """Appends the text lines under a layout object; returns how many images it holds."""
    images = 0
    for obj in layout:
        if isinstance(obj, types["line"]):
            line = _line_of(obj, page, types["char"])
            if line is not None:
                lines.append(line)
        elif isinstance(obj, types["image"]):
            images += 1
        elif isinstance(obj, types["container"]):
            images += _collect(obj, page, types, lines)
    return images


def _normalized(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _remove_running_lines(pages: list[tuple[Any, list[_Line]]]) -> None:
    """Drops page numbers and running headers/footers from every page (in place)."""
    seen: Counter[str] = Counter()
    for layout, lines in pages:
        height = layout.height
        keys = {
            _normalized(line.text)
            for line in lines
            if line.y0 > layout.y0 + (1 - _MARGIN) * height
            or line.y1 < layout.y0 + _MARGIN * height
        }
        seen.update(keys)
    repeats = max(2, (len(pages) + 1) // 2)
    for layout, lines in pages:
        height = layout.height
        keep = []
        for line in lines:
            in_margin = (
                line.y0 > layout.y0 + (1 - _MARGIN) * height
                or line.y1 < layout.y0 + _MARGIN * height
            )
            if in_margin and (
                _PAGE_NUMBER.match(line.text)
                or (len(pages) > 1 and seen[_normalized(line.text)] >= repeats)
            ):
                continue
            keep.append(line)
        lines[:] = keep


def _split_footnotes(lines: list[_Line], body_size: float) -> tuple[list[_Line], list[_Line]]:
    """(body, footnotes): footnotes are smaller lines below the lowest body-size line."""
    body_lines = [line for line in lines if line.size >= 0.9 * body_size]
    if not body_lines:
        return lines, []
    floor = min(line.y0 for line in body_lines)
    notes = [line for line in lines if line.size < 0.85 * body_size and line.y1 <= floor + 0.5]
    if not notes:
        return lines, []
    noted = {id(line) for line in notes}
    return [line for line in lines if id(line) not in noted], sorted(
        notes, key=lambda n: (-n.y1, n.x0)
    )


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """The lines of one page in reading order, column by column on a two-column page."""
    if not lines:
        return []
    left_edge = min(line.x0 for line in lines)
    right_edge = max(line.x1 for line in lines)
    width = right_edge - left_edge
    middle = (left_edge + right_edge) / 2
    tolerance = 0.01 * width
    left = [line for line in lines if line.x1 <= middle + tolerance]
    right = [line for line in lines if line.x0 >= middle - tolerance]
    two_columns = len(left) >= 2 and len(right) >= 2
    if not two_columns:
        for line in lines:
            line.column_right, line.column_width = right_edge, width
        return sorted(lines, key=lambda line: (-round(line.y1, 0), line.x0))
    for group in (left, right):
        edge_left = min(line.x0 for line in group)
        edge_right = max(line.x1 for line in group)
        for line in group:
            line.column_right, line.column_width = edge_right, edge_right - edge_left
    side = {id(line): 0 for line in left} | {id(line): 1 for line in right}
    ordered: list[_Line] = []
    run: list[list[_Line]] = [[], []]
    for line in sorted(lines, key=lambda line: -line.y1):
        if id(line) in side:
            run[side[id(line)]].append(line)
            continue
        line.column_right, line.column_width = right_edge, width  # spans the gutter
        ordered.extend(run[0] + run[1])
        run = [[], []]
        ordered.append(line)
    ordered.extend(run[0] + run[1])
    return ordered


def _separator(previous: _Line, line: _Line, body_size: float) -> str:
    """What stands between two consecutive lines of the flow: "\\n\\n", "\\n" or " "."""
    same_column = (
        previous.page == line.page and abs(previous.column_right - line.column_right) < 1.0
    )
    if same_column and previous.y0 - line.y1 > 0.9 * max(previous.size, line.size):
        return "\n\n"  # a vertical gap: a new paragraph
    if abs(previous.size - line.size) > 0.15 * body_size:
        return "\n\n"  # a heading or the end of one
    if _HEADING_ALONE.match(previous.text):
        return "\n"
    # A line that ends although the next line's first word would have fitted after it ends
    # its paragraph (or is a heading).
    char_width = (line.x1 - line.x0) / max(1, len(line.text))
    first_word = len(line.text.split(" ", 1)[0])
    if previous.column_right - previous.x1 > (first_word + 1.5) * char_width:
        return "\n"
    if _MARKER.match(line.text) and previous.text[-1:] in ".:;":
        return "\n"
    return " "


def _flow(lines: list[_Line], body_size: float, builder: TextBuilder) -> None:
    """Writes lines in order, repairing hyphenation and joining wrapped lines."""
    previous: _Line | None = None
    pending = ""  # the previous line's text, written when the next separator is known
    pending_line: _Line | None = None
    for line in lines:
        text = line.text
        if previous is not None:
            separator = _separator(previous, line, body_size)
            hyphenated = (
                separator == " "
                and re.search(r"[^\W\d_][-\u00ad]$", pending)
                and text[:1].islower()
            )
            if hyphenated:
                pending = pending[:-1]
                separator = ""
            builder.write(pending, SourceLocation(page=pending_line.page, box=_box(pending_line)))
            builder.write(separator)
        pending, pending_line, previous = text, line, line
    if pending_line is not None:
        builder.write(pending, SourceLocation(page=pending_line.page, box=_box(pending_line)))


def _box(line: _Line) -> tuple[float, float, float, float]:
    return (round(line.x0, 1), round(line.y0, 1), round(line.x1, 1), round(line.y1, 1))


def read_pdf(path: Path) -> Extracted:
    """A PDF file as text, each line mapped to its page and box."""
    require("pdfminer", extra="pdf", feature="reading PDF files")
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTContainer, LTImage, LTTextLineHorizontal
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.psparser import PSException

    types = {
        "line": LTTextLineHorizontal,
        "char": LTChar,
        "image": LTImage,
        "container": LTContainer,
    }
    pages: list[tuple[Any, list[_Line]]] = []
    images = 0
    try:
        for number, layout in enumerate(extract_pages(str(path), laparams=LAParams()), start=1):
            lines: list[_Line] = []
            images += _collect(layout, number, types, lines)
            pages.append((layout, lines))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ValueError(
            f"{path}: the PDF is encrypted with a password; decrypt it first "
            "(for example: qpdf --decrypt --password=PASSWORD in.pdf out.pdf)"
        ) from None
    except (PDFException, PSException, KeyError, TypeError, ValueError) as exc:
        raise ValueError(
            f"{path}: not a readable PDF, it is damaged ({type(exc).__name__}: {exc})"
        ) from None
    if not any(lines for _, lines in pages):
        if images:
            raise ValueError(
                f"{path}: the PDF has no text layer: its {len(pages)} page(s) hold only images "
                "(a scan?); run OCR on it first, for example with ocrmypdf"
            )
        raise ValueError(
            f"{path}: the PDF has no text ({len(pages)} page(s), nothing written on them)"
        )
    sizes = [line.size for _, lines in pages for line in lines for _ in range(len(line.text))]
    body_size = statistics.median(sizes)
    _remove_running_lines(pages)
    flow: list[_Line] = []
    notes: list[_Line] = []
    for _, lines in pages:
        body, footnotes = _split_footnotes(lines, body_size)
        flow.extend(_reading_order(body))
        for note in footnotes:
            note.column_right, note.column_width = max(n.x1 for n in footnotes), 1.0
        notes.extend(footnotes)
    builder = TextBuilder(str(path), "pdf")
    _flow(flow, body_size, builder)
    if notes:
        builder.break_line(blank=True)
        for i, note in enumerate(notes):
            if i:
                builder.break_line()
            builder.write(note.text, SourceLocation(page=note.page, box=_box(note)))
    text = builder.text()
    if not text.strip():
        raise ValueError(
            f"{path}: the PDF has no text once page numbers and running heads are removed"
        )
    return Extracted(text, builder.map, {"format": "pdf", "pages": len(pages)})
