"""Word files (.docx) with python-docx.

Every paragraph of the body, tables included, becomes a line, in document order. Heading
styles ("Title", "Heading 1" ...) stand between blank lines. List numbering, which Word keeps
apart from the text (``w:numPr`` → ``numbering.xml``), is rebuilt into the label Word shows
("1.", "(a)", "Article 4") so that segmentation sees it. Each line maps to its paragraph index.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._optional import require
from .extracted import Extracted
from .labels import format_number
from .sourcemap import SourceLocation, TextBuilder

_BULLETS = set("–—-•*·◦▪●")
_LEVEL_FIELD = re.compile(r"%([1-9])")


@dataclass
class _Level:
    start: int = 1
    format: str = "decimal"
    text: str = "%1."


@dataclass
class _Numbering:
    """The numbering definitions of a document and the running counters of each list."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    counters: dict[str, list[int]] = field(default_factory=dict)

    def label(self, num_id: str, level: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or level not in levels:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[level] = counts[level] + 1 if counts[level] else levels[level].start
        for deeper in range(level + 1, 9):
            counts[deeper] = 0
        spec = levels[level]
        if spec.format == "none":
            return ""
        if spec.format == "bullet":
            glyph = spec.text.strip()
            return glyph if glyph in _BULLETS else "•"

        def field_value(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            shown = levels.get(at, spec)
            value = counts[at] or shown.start
            return format_number(value, shown.format)

        return _LEVEL_FIELD.sub(field_value, spec.text).strip()


def _numbering(document: Any, qn: Any) -> _Numbering:
    numbering = _Numbering()
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):  # no numbering part
        return numbering
    value = qn("w:val")
    abstract: dict[str, dict[int, _Level]] = {}
    for definition in root.findall(qn("w:abstractNum")):
        levels: dict[int, _Level] = {}
        for lvl in definition.findall(qn("w:lvl")):
            spec = _Level()
            start = lvl.find(qn("w:start"))
            fmt = lvl.find(qn("w:numFmt"))
            text = lvl.find(qn("w:lvlText"))
            if start is not None and (start.get(value) or "").isdigit():
                spec.start = int(start.get(value))
            if fmt is not None:
                spec.format = fmt.get(value) or "decimal"
            if text is not None:
                spec.text = text.get(value) or ""
            levels[int(lvl.get(qn("w:ilvl")) or 0)] = spec
        abstract[definition.get(qn("w:abstractNumId"))] = levels
    for num in root.findall(qn("w:num")):
        base = num.find(qn("w:abstractNumId"))
        if base is None:
            continue
        levels = {
            k: _Level(v.start, v.format, v.text)
            for k, v in abstract.get(base.get(value), {}).items()
        }
        for override in num.findall(qn("w:lvlOverride")):
            start = override.find(qn("w:startOverride"))
            at = int(override.get(qn("w:ilvl")) or 0)
            if start is not None and at in levels and (start.get(value) or "").isdigit():
                levels[at].start = int(start.get(value))
        numbering.levels[num.get(qn("w:numId"))] = levels
    return numbering


def _num_pr(paragraph: Any, qn: Any) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph: its own numPr, else its style's (or a base style's)."""
    value = qn("w:val")
    candidates = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    for ppr in candidates:
        if ppr is None:
            continue
        num_pr = ppr.find(qn("w:numPr"))
        if num_pr is None:
            continue
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        if num_id is None:
            continue
        if num_id.get(value) == "0":  # numbering switched off
            return None
        return num_id.get(value), int(ilvl.get(value)) if ilvl is not None else 0
    return None


def _is_heading(style_name: str) -> bool:
    return style_name == "Title" or style_name.startswith("Heading")


def read_docx(path: Path) -> Extracted:
    """A Word file as text, each line mapped to its paragraph index."""
    docx = require("docx", extra="docx", feature="reading Word files")
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph
    from lxml import etree

    try:
        document = docx.Document(str(path))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        etree.XMLSyntaxError,
        ValueError,
    ) as exc:
        reason = str(exc) or type(exc).__name__
        raise ValueError(
            f"{path}: not a readable DOCX file, it is damaged or not Word ({reason})"
        ) from None
    numbering = _numbering(document, qn)
    builder = TextBuilder(str(path), "docx")
    body = document.element.body
    headings = 0
    for index, element in enumerate(body.iter(qn("w:p"))):
        paragraph = Paragraph(element, document._body)
        text = paragraph.text.strip()
        try:
            style = paragraph.style.name or ""
        except (KeyError, AttributeError):
            style = ""
        numbered = _num_pr(paragraph, qn)
        label = numbering.label(*numbered) if numbered else ""
        if not text:
            continue
        heading = _is_heading(style)
        headings += heading
        builder.break_line(blank=heading)
        if label and not text.startswith(label):
            builder.write(label + " ")
        builder.write(text, SourceLocation(paragraph=index))
        builder.break_line(blank=heading)
    text = builder.text().rstrip("\n")
    if not text.strip():
        raise ValueError(f"{path}: the DOCX file has no text (no paragraph holds any)")
    metadata: dict[str, Any] = {"format": "docx"}
    title = document.core_properties.title
    if title:
        metadata["title"] = title
    return Extracted(text, builder.map, metadata)
