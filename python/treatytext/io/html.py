"""HTML pages (news agencies, official gazettes, EUR-Lex) with lxml.

Headings, paragraphs, list items and table rows each become a line (headings between blank
lines); an ordered list item gets its number ("1.", "(a)") unless its text starts with one, an
unordered one a dash; scripts, styles and navigation are dropped. Each line maps to the path of
its element (``/html/body/ol/li[2]``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .._optional import require
from .extracted import Extracted
from .labels import format_number
from .sourcemap import SourceLocation, TextBuilder

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = _HEADINGS | {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "pre",
    "address", "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "ul", "ol",
    "li", "dl", "dt", "dd", "hr", "center", "form", "fieldset", "caption", "details",
    "summary", "body", "html", "title",
}  # fmt: skip
_SKIPPED = {
    "head", "script", "style", "noscript", "template", "svg", "nav", "button", "select",
    "iframe", "object", "canvas", "math",
}  # fmt: skip
_CELLS = {"td", "th"}
_BLANK_AFTER = _HEADINGS | {"p", "table", "ul", "ol", "dl", "blockquote", "pre"}
_SPACES = re.compile(r"\s+")
_MARKER = re.compile(
    r"^(?:\(?[0-9]{1,3}[.)]|\([a-zA-Z]{1,5}\)|[a-z]\)|[–—\-•*·]\s|(?:Article|ARTICLE|Art\.)\s)"
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


_HTML_STYLES = {"a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}


def _ordinal(number: int, style: str) -> str:
    """The label of item ``number`` of an ``<ol type=style>``: "1.", "(a)", "(iv)"."""
    if style in _HTML_STYLES:
        return f"({format_number(number, _HTML_STYLES[style])})"
    return f"{number}."


def _encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    declared = _CHARSET.search(data[:4096])
    if declared:
        return declared.group(1).decode("ascii").lower()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"  # what browsers assume for undeclared legacy pages
    return "utf-8"


class _Walker:
    """Turns an element tree into lines, one element path per line."""

    def __init__(self, tree: Any, builder: TextBuilder) -> None:
        self.tree = tree
        self.builder = builder
        self.buffer: list[str] = []
        self.blocks: list[Any] = []  # open block elements, innermost last
        self.pending_marker: dict[int, str] = {}  # id(li) -> its number, until its first line
        self.in_row = 0

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.buffer)).strip()
        self.buffer.clear()
        if not text or not self.blocks:
            return
        block = self.blocks[-1]
        marker = None
        for open_block in reversed(self.blocks):  # the list item this line opens, if any
            marker = self.pending_marker.pop(id(open_block), None)
            if marker is not None:
                break
        self.builder.break_line()
        if marker is not None and not _MARKER.match(text):
            self.builder.write(marker + " ")
        self.builder.write(text, SourceLocation(element=self.tree.getpath(block)))

    def visit(self, element: Any, list_state: list[Any]) -> None:
        tag = element.tag if isinstance(element.tag, str) else None
        if tag is None or tag.lower() in _SKIPPED:  # comments, processing instructions, scripts
            self.buffer.append(element.tail or "")
            return
        tag = tag.lower()
        if tag == "br":
            self.flush()
            self.buffer.append(element.tail or "")
            return
        block = tag in _BLOCKS and not (self.in_row and tag not in ("tr", "table"))
        if tag in _CELLS:
            self.buffer.append(" ")
        if block:
            self.flush()
            if tag in _HEADINGS:
                self.builder.break_line(blank=True)
            self.blocks.append(element)
        if tag == "tr":
            self.in_row += 1
        if tag == "li" and list_state:
            kind, counter = list_state[-1]
            if kind is None:
                self.pending_marker[id(element)] = "–"
            else:
                value = element.get("value")
                number = int(value) if value and value.isdigit() else counter
                list_state[-1] = (kind, number + 1)
                self.pending_marker[id(element)] = _ordinal(number, kind)
        nested = list_state
        if tag == "ol":
            start = element.get("start")
            nested = [
                *list_state,
                (element.get("type") or "1", int(start) if start and start.isdigit() else 1),
            ]
        elif tag == "ul":
            nested = [*list_state, (None, 0)]
        self.buffer.append(element.text or "")
        for child in element:
            self.visit(child, nested)
        if tag == "tr":
            self.in_row -= 1
        if block:
            self.flush()
            self.blocks.pop()
            self.pending_marker.pop(id(element), None)
            self.builder.break_line(blank=tag in _BLANK_AFTER)
        self.buffer.append(element.tail or "")


def read_html(path: Path) -> Extracted:
    """An HTML file as text, each line mapped to its element's path."""
    lxml_html = require("lxml.html", extra="html", feature="reading HTML files")
    from lxml import etree

    data = path.read_bytes()
    encoding = _encoding(data)
    try:
        parser = lxml_html.HTMLParser(encoding=encoding)
    except LookupError:
        parser = lxml_html.HTMLParser(encoding="utf-8")
    try:
        root = lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"{path}: not a readable HTML page ({exc})") from None
    tree = root.getroottree()
    builder = TextBuilder(str(path), "html")
    title_element = root.find(".//title")
    title = (
        _SPACES.sub(" ", title_element.text_content()).strip() if title_element is not None else ""
    )
    body = root.find("body")
    walker = _Walker(tree, builder)
    walker.visit(body if body is not None else root, [])
    walker.flush()
    text = builder.text().rstrip("\n")
    if not text.strip():
        raise ValueError(
            f"{path}: the HTML page has no text (only markup, scripts or styles); "
            "if its text is loaded by JavaScript, save the page as rendered by a browser"
        )
    metadata = {"format": "html", "encoding": encoding}
    if title:
        metadata["title"] = title
    return Extracted(text, builder.map, metadata)
