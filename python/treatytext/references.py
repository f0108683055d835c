"""References stage: cross-references and definitions of a text, found by the C++ core.

A :class:`Reference` is a span such as "paragraph 2 of Article 4" or "Article 51 of the U.N.
Charter": the units it names (outermost first), whether it names another instrument, and the
clause it resolves to when it is internal. A :class:`Definition` is a defined term
(``"investment" means ...``, ``(hereinafter "the Parties")``) with its defining clause and every
later use. Offsets are code-point offsets into the text, so ``text[r.start:r.end]`` is the
reference as written.

Examples
--------
>>> from treatytext import Document
>>> doc = Document('Article 1\\n"goods" means products.\\nArticle 2\\nGoods under Article 1.')
>>> [(r.text, r.target, r.clause) for r in doc.references]
[('Article 1', 'Article 1', 0)]
>>> [(d.term, len(d.uses)) for d in doc.definitions]
[('goods', 1)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _core
from .segment import CLAUSE_KINDS

__all__ = ["Definition", "Reference", "find_references"]

_LEVEL_NAMES = {
    "part": "Part",
    "chapter": "Chapter",
    "section": "Section",
    "article": "Article",
    "paragraph": "paragraph",
    "item": "subparagraph",
    "annex": "Annex",
    "appendix": "Appendix",
    "schedule": "Schedule",
}


@dataclass(frozen=True, slots=True)
class Reference:
    """One cross-reference.

    Attributes
    ----------
    start, end : int
        Code-point span of the reference as written (``text``).
    text : str
        ``source[start:end]``.
    path : tuple of (str, str)
        The units named, outermost first: ``(("article", "4"), ("paragraph", "2"))``. Levels:
        part, chapter, section, article, paragraph, item, annex, appendix, schedule.
    external : bool
        True when it names another instrument ("of the U.N. Charter", "of GATT 1994").
    instrument : str
        The instrument named ("U.N. Charter"), ``""`` when internal.
    relative : bool
        The path starts below the article ("paragraph 3 above") and is read inside the clause
        the reference stands in.
    clause : int or None
        Index of the clause it resolves to (into ``Document.clauses``), None if unresolved or
        external.
    resolved : int
        How many parts of ``path`` resolved (``len(path)``: fully).
    """

    start: int
    end: int
    text: str
    path: tuple[tuple[str, str], ...]
    external: bool
    instrument: str
    relative: bool
    clause: int | None
    resolved: int

    @property
    def target(self) -> str:
        """The units named, readably: "Article 4 paragraph 2"."""
        return " ".join(f"{_LEVEL_NAMES[level]} {number}" for level, number in self.path)


@dataclass(frozen=True, slots=True)
class Definition:
    """One defined term.

    Attributes
    ----------
    term : str
        The term as written between the quotes.
    term_start, term_end : int
        Code-point span of the term (quotes excluded).
    start, end : int
        Code-point span of the defining text (``text``), shown as the definition.
    text : str
        ``source[start:end]``.
    form : str
        ``"means"`` (``"X" means ...``) or ``"hereinafter"`` (``(hereinafter "X")``).
    clause : int or None
        Index of the defining clause (into ``Document.clauses``).
    uses : tuple of (int, int)
        Code-point spans of the later uses of the term.
    """

    term: str
    term_start: int
    term_end: int
    start: int
    end: int
    text: str
    form: str
    clause: int | None
    uses: tuple[tuple[int, int], ...]


def find_references(
    text: str, clauses: Sequence[Any] = ()
) -> tuple[list[Reference], list[Definition]]:
    """Cross-references and definitions of ``text``, resolved against its ``clauses``.

    Parameters
    ----------
    text : str
        The text.
    clauses : sequence of Clause
        The text's clauses (``Document.clauses`` or :func:`treatytext.segment.segment`), whose
        offsets are code-point offsets into ``text``; may be empty.

    Returns
    -------
    (list of Reference, list of Definition)
        Both in text order.

    Raises
    ------
    TypeError
        If ``text`` is not a str.
    ValueError
        If a clause's offsets lie outside the text.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    codes = {kind: code for code, kind in enumerate(CLAUSE_KINDS)}
    parts = _core.references(
        text,
        np.array([codes[c.kind] for c in clauses], dtype=np.uint8),
        [c.label for c in clauses],
        np.array([c.label_start for c in clauses], dtype=np.int64),
        np.array([c.start for c in clauses], dtype=np.int64),
        np.array([c.end for c in clauses], dtype=np.int64),
        np.array([c.level for c in clauses], dtype=np.int32),
        np.array([-1 if c.parent is None else c.parent for c in clauses], dtype=np.int64),
    )
    refs, defs = parts["references"], parts["definitions"]
    references = [
        Reference(
            start,
            end,
            text[start:end],
            path,
            external,
            text[i_start:i_end] if external else "",
            relative,
            None if clause < 0 else clause,
            resolved,
        )
        for start, end, path, external, i_start, i_end, relative, clause, resolved in zip(
            refs["start"].tolist(),
            refs["end"].tolist(),
            refs["path"],
            refs["external"].tolist(),
            refs["instrument_start"].tolist(),
            refs["instrument_end"].tolist(),
            refs["relative"].tolist(),
            refs["clause"].tolist(),
            refs["resolved"].tolist(),
            strict=True,
        )
    ]
    definitions = [
        Definition(
            term,
            t_start,
            t_end,
            start,
            end,
            text[start:end],
            form,
            None if clause < 0 else clause,
            uses,
        )
        for term, t_start, t_end, start, end, form, clause, uses in zip(
            defs["term"],
            defs["term_start"].tolist(),
            defs["term_end"].tolist(),
            defs["start"].tolist(),
            defs["end"].tolist(),
            defs["form"],
            defs["clause"].tolist(),
            defs["uses"],
            strict=True,
        )
    ]
    return references, definitions
