"""SourceMap: where each stretch of an extracted text came from in the source file.

A reader (PDF, HTML, DOCX, ...) turns a file into plain text for segmentation and records, for
every piece of that text, its place in the source: a page (and the line's box) of a PDF, the
element path of an HTML page, the paragraph index of a DOCX file, the line of a text file. A
clause's span then maps back to the places it was read from.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["SourceLocation", "SourceMap"]


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """One place in a source file (the fields that apply to its format are set).

    Attributes
    ----------
    page : int or None
        PDF: the page number, from 1.
    box : tuple of float or None
        PDF: the line's box (x0, y0, x1, y1) in PDF points, origin bottom left.
    element : str or None
        HTML and XML: the element's path (``/html/body/ol/li[2]``).
    paragraph : int or None
        DOCX: the index of the paragraph among all paragraphs of the body (tables included),
        from 0.
    line : int or None
        Text and Markdown: the line number, from 1.
    """

    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    element: str | None = None
    paragraph: int | None = None
    line: int | None = None

    def __str__(self) -> str:
        if self.page is not None:
            return f"page {self.page}"
        if self.element is not None:
            return self.element
        if self.paragraph is not None:
            return f"paragraph {self.paragraph}"
        if self.line is not None:
            return f"line {self.line}"
        return "?"


class SourceMap:
    """Code-point ranges of an extracted text mapped to :class:`SourceLocation` s.

    Ranges are added in text order and do not overlap; text between ranges (the line breaks a
    reader inserts) belongs to no location.
    """

    def __init__(self, source: str, format: str) -> None:
        self.source = source  #: the file read
        self.format = format  #: "pdf", "html", "docx", "tota", "markdown" or "text"
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._locations: list[SourceLocation] = []

    def add(self, start: int, end: int, location: SourceLocation) -> None:
        """Records that text[start:end] was read at ``location``."""
        if end <= start:
            return
        if self._ends and start < self._ends[-1]:
            raise ValueError(
                f"source map ranges must be added in order: {start} < {self._ends[-1]}"
            )
        self._starts.append(start)
        self._ends.append(end)
        self._locations.append(location)

    def __len__(self) -> int:
        return len(self._starts)

    def __iter__(self) -> Iterator[tuple[int, int, SourceLocation]]:
        return iter(zip(self._starts, self._ends, self._locations, strict=True))

    def __repr__(self) -> str:
        return f"<SourceMap {self.format} {self.source!r}: {len(self)} ranges>"

    def locate(self, offset: int) -> SourceLocation | None:
        """The location of the character at ``offset`` (the next one's when it falls between
        ranges, None after the last)."""
        i = bisect.bisect_right(self._ends, offset)
        return self._locations[i] if i < len(self._locations) else None

    def locations(self, start: int, end: int) -> list[SourceLocation]:
        """The locations that text[start:end] was read from, in text order."""
        first = bisect.bisect_right(self._ends, start)
        last = bisect.bisect_left(self._starts, max(end, start + 1))
        return self._locations[first:last]

    def describe(self, start: int, end: int) -> str:
        """A short account of where text[start:end] comes from: "page 3", "pages 3-4",
        "/html/body/p[2]", "paragraphs 4-6", "lines 10-12"."""
        found = self.locations(start, end)
        if not found:
            return ""
        first, last = found[0], found[-1]
        for field, one, many in (
            ("page", "page", "pages"),
            ("paragraph", "paragraph", "paragraphs"),
            ("line", "line", "lines"),
        ):
            a, b = getattr(first, field), getattr(last, field)
            if a is not None and b is not None:
                return f"{one} {a}" if a == b else f"{many} {a}-{b}"
        elements = list(dict.fromkeys(loc.element for loc in found if loc.element))
        return elements[0] if len(elements) == 1 else f"{elements[0]} … {elements[-1]}"


class TextBuilder:
    """Builds an extracted text piece by piece and its SourceMap alongside (used by every
    reader, so that offsets are counted in one place)."""

    def __init__(self, source: str, format: str) -> None:
        self._pieces: list[str] = []
        self._length = 0
        self._newlines = 0  # line breaks at the end of the text so far
        self.map = SourceMap(source, format)

    @property
    def length(self) -> int:
        """Code points written so far."""
        return self._length

    def write(self, text: str, location: SourceLocation | None = None) -> None:
        """Appends text, read at ``location`` (None: inserted by the reader)."""
        if not text:
            return
        if location is not None:
            self.map.add(self._length, self._length + len(text), location)
        self._pieces.append(text)
        self._length += len(text)
        stripped = text.rstrip("\n")
        self._newlines = len(text) - len(stripped) + (self._newlines if not stripped else 0)

    def break_line(self, blank: bool = False) -> None:
        """Ends the current line (``blank``: and leaves an empty line), unless the text is
        empty or already ends so."""
        if self._length:
            self.write("\n" * max(0, (2 if blank else 1) - self._newlines))

    def text(self) -> str:
        """The text built so far."""
        return "".join(self._pieces)
