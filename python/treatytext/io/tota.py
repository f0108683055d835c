"""ToTA XML files (Texts of Trade Agreements): each article a clause, mapped to its element."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from ..segment import Clause
from .extracted import Extracted
from .sourcemap import SourceLocation, SourceMap

_META_FIELDS = (
    "name", "type", "wto_rta_id", "treaty_identifier", "status", "notification",
    "date_signed", "date_into_force", "composition", "region", "parties_wto",
    "crossregional", "language",
)  # fmt: skip


def _text(element: ElementTree.Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _heading_line(element: ElementTree.Element) -> str:
    """ "CHAPTER 1 General Provisions": an element's number and name, as far as it has them."""
    parts = [(element.get(field) or "").strip() for field in ("number", "name")]
    return " ".join(part for part in parts if part)


def text_with_headings(path: Path) -> str:
    """The agreement as a plain text with its chapter and article headings written in: per
    chapter a line "CHAPTER 1: General Provisions" (or its name alone), per article a line
    "ARTICLE 1: Objectives", then the article text, blocks separated by blank lines. The text a
    reader of the printed treaty sees, for :func:`treatytext.segment.segment` to rebuild the
    structure that ToTA gives (and for tests of the segmenter on real treaties)."""
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as exc:
        raise ValueError(f"{path}: not valid ToTA XML: {exc}") from None
    body = root.find("body")
    if body is None:
        raise ValueError(f"{path}: not ToTA XML (no <body>)")
    blocks: list[str] = []
    for chapter in body.findall("chapter"):
        for element in (chapter, *chapter.findall("article")):
            number = (element.get("number") or "").strip()
            name = (element.get("name") or "").strip()
            line = f"{number}: {name}" if number and name else number or name
            if line:
                blocks.append(line)
            if element is not chapter and (element.text or "").strip():
                blocks.append(element.text.strip())
    return "\n\n".join(blocks)


def parse_tota(path: Path) -> Extracted:
    """One ToTA agreement: the article texts joined by blank lines, one clause of kind
    ``"article"`` per article (labelled with its number when the source gives one, "ARTICLE 2")
    with its ``chapter``, ``chapter_number``, ``chapter_id``, ``article_id`` and ``heading``
    (the chapter's and the article's numbers and names, "CHAPTER 1 General Provisions /
    ARTICLE 1 Objectives": the headings that the text itself does not hold), and the
    agreement's metadata (name, type, status, dates, year, decade, parties ...)."""
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as exc:
        raise ValueError(f"{path}: not valid ToTA XML: {exc}") from None
    meta_element = root.find("meta")
    body = root.find("body")
    if meta_element is None or body is None:
        raise ValueError(f"{path}: not ToTA XML (no <meta> or <body>)")
    metadata: dict[str, Any] = {f: _text(meta_element.find(f)) for f in _META_FIELDS}
    for field in ("parties", "parties_original"):  # current and original signatories
        codes = meta_element.findall(f"{field}/partyisocode")
        metadata[field] = [p.text.strip() for p in codes if p.text and p.text.strip()]
    signed = metadata.get("date_signed") or ""
    year = int(signed[:4]) if re.match(r"\d{4}", signed) else None
    metadata["year"] = year
    metadata["decade"] = f"{year // 10 * 10}s" if year is not None else None
    metadata["file"] = path.name

    pieces: list[str] = []
    clauses: list[Any] = []
    extra: list[dict[str, Any]] = []
    position = 0
    for chapter in body.findall("chapter"):
        for article in chapter.findall("article"):
            text = (article.text or "").strip()
            if not text:
                continue
            if pieces:
                pieces.append("\n\n")
                position += 2
            label = (article.get("number") or "").strip()
            clauses.append(
                Clause(
                    index=len(clauses),
                    kind="article",
                    label=label,
                    start=position,
                    end=position + len(text),
                    label_start=position,
                    level=0,
                    parent=None,
                    text=text,
                )  # fmt: skip
            )
            extra.append(
                {
                    "chapter": chapter.get("name"),
                    "chapter_number": chapter.get("number"),
                    "chapter_id": chapter.get("chapter_identifier"),
                    "article_id": article.get("article_identifier"),
                    "heading": " / ".join(
                        name for name in (_heading_line(chapter), _heading_line(article)) if name
                    ),
                }
            )
            pieces.append(text)
            position += len(text)
    return Extracted("".join(pieces), SourceMap(str(path), "tota"), metadata, clauses, extra)


def read_tota(path: Path) -> Extracted:
    """One ToTA agreement (:func:`parse_tota`) with a map from each article to
    ``/treaty/body/chapter/article[@article_identifier='N']``."""
    extracted = parse_tota(path)
    extracted.metadata["format"] = "tota"
    source_map = extracted.source_map
    for clause, extra in zip(extracted.clauses, extracted.clause_metadata, strict=True):
        identifier = extra.get("article_id")
        element = (
            f"/treaty/body/chapter/article[@article_identifier='{identifier}']"
            if identifier
            else f"/treaty/body/chapter/article[{clause.index + 1}]"
        )
        source_map.add(clause.start, clause.end, SourceLocation(element=element))
    return extracted
