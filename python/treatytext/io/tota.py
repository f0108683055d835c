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


def parse_tota(path: Path) -> Extracted:
    """One ToTA agreement: the article texts joined by blank lines, one clause of kind
    ``"article"`` per article (labelled with its number when the source gives one, "ARTICLE 2")
    with its ``chapter``, ``chapter_number``, ``chapter_id`` and ``article_id``, and the
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
