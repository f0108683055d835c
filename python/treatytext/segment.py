"""Segment stage: text -> clauses (articles, paragraphs, items, bullets, sentences, lead-ins,
preamble, recitals, enacting formula, testimonium).

The core does all the work and returns compact arrays with code-point offsets; this module only
wraps them into :class:`Clause` records, so that ``source[c.start:c.end] == c.text`` holds for
every clause.

Examples
--------
>>> from treatytext.segment import segment
>>> [(c.kind, c.label, c.text) for c in segment("Article 1\\n1. First.\\n2. Second.")]
[('article', 'Article 1', '1. First.\\n2. Second.'), ('paragraph', '1.', 'First.'), \
('paragraph', '2.', 'Second.')]
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any, NamedTuple

import numpy as np

from . import _core
from .text import _as_bytes, _check_encodable, _check_errors

__all__ = ["Clause", "SegmentArrays", "clauses_to_records", "segment", "segment_arrays"]

#: Clause kinds in the order of the core's ``ClauseKind`` codes.
CLAUSE_KINDS: tuple[str, ...] = tuple(_core.CLAUSE_KINDS)


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of a segmented text.

    Attributes
    ----------
    index : int
        Position in the result (document order; a parent precedes its children).
    kind : str
        ``"article"`` (a heading), ``"paragraph"``, ``"item"``, ``"bullet"``, ``"sentence"``,
        ``"lead-in"`` (a clause's text before its first child), ``"preamble"``, ``"recital"``,
        ``"enacting"`` ("Have agreed as follows:") or ``"testimonium"`` ("In witness whereof",
        "Done at"); see docs/segmentation.md.
    label : str
        The marker as written (``"Article 4"``, ``"2."``, ``"(a)"``, ``"–"``); ``""`` if none.
    start, end : int
        Code-point offsets of the clause text in the source: marker excluded, white space
        trimmed; a parent's range contains its children's.
    label_start : int
        Code-point offset of the marker (``== start`` when there is no label).
    level : int
        Depth in the hierarchy, 0 at the top.
    parent : int or None
        Index of the parent clause, ``None`` at the top.
    text : str
        ``source[start:end]``.
    title : str
        A heading's title ("Objectives" in "Article 1: Objectives" or on the line below it);
        ``""`` if none. It is part of ``text``.
    """

    index: int
    kind: str
    label: str
    start: int
    end: int
    label_start: int
    level: int
    parent: int | None
    text: str
    title: str = ""

    def __repr__(self) -> str:
        text = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        label = f" {self.label!r}" if self.label else ""
        parent = "" if self.parent is None else f" parent={self.parent}"
        return (
            f"<Clause {self.index} {self.kind}{label} [{self.start}:{self.end}]"
            f" level={self.level}{parent} {text!r}>"
        )

    def _repr_html_(self) -> str:
        text = self.text if len(self.text) <= 200 else self.text[:197] + "..."
        cells = (
            self.index,
            self.kind,
            self.label,
            f"{self.start}:{self.end}",
            self.level,
            "" if self.parent is None else self.parent,
        )
        row = "".join(f"<td>{html.escape(str(cell))}</td>" for cell in cells)
        indent = f"padding-left:{self.level}em;text-align:left"
        row += f'<td style="{indent}">{html.escape(text)}</td>'
        head = "".join(
            f"<th>{name}</th>" for name in ("#", "kind", "label", "span", "level", "parent", "text")
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody><tr>{row}</tr></tbody></table>"


class SegmentArrays(NamedTuple):
    """The core's result as arrays (one entry per clause), for large texts and DataFrames.

    Offsets are code-point offsets into ``source``; ``kinds`` are codes into ``CLAUSE_KINDS``
    and ``parents`` is -1 at the top.
    """

    source: str
    kinds: np.ndarray
    labels: list[str]
    label_starts: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    title_starts: np.ndarray
    title_ends: np.ndarray
    levels: np.ndarray
    parents: np.ndarray


def segment_arrays(
    text: str | bytes,
    *,
    headings: bool = True,
    numbered: bool = True,
    items: bool = True,
    bullets: bool = True,
    sentences: bool = False,
    abbreviations: Iterable[str] = (),
    errors: str = "strict",
) -> SegmentArrays:
    """Segments ``text`` like :func:`segment` but returns :class:`SegmentArrays`.

    Parameters are those of :func:`segment`. No Python object is made per clause except its
    label, which makes this the form to use for texts with very many clauses.
    """
    replace = _check_errors(errors)
    if not isinstance(text, str):
        text = _as_bytes(text, "text")
    if isinstance(abbreviations, str):
        raise TypeError("abbreviations must be an iterable of strings, not a single string")
    words = list(abbreviations)
    for word in words:
        if not isinstance(word, str):
            raise TypeError(f"abbreviations must be strings, not {type(word).__name__}")
        _check_encodable(word, "abbreviations")
    parts = _core.segment(text, headings, numbered, items, bullets, sentences, words, replace)
    source = parts["source"]
    return SegmentArrays(
        text if source is None else source,
        parts["kind"],
        parts["label"],
        parts["label_start"],
        parts["start"],
        parts["end"],
        parts["title_start"],
        parts["title_end"],
        parts["level"],
        parts["parent"],
    )


def segment(
    text: str | bytes,
    *,
    headings: bool = True,
    numbered: bool = True,
    items: bool = True,
    bullets: bool = True,
    sentences: bool = False,
    abbreviations: Iterable[str] = (),
    errors: str = "strict",
) -> list[Clause]:
    """Segments a text into every clause of its hierarchy, in document order.

    Markers count only at the start of a line (after optional indentation); ``\\n``,
    ``\\r\\n`` and ``\\r`` all end a line. Recognised: headings ("Article 4", "ARTICLE IV",
    "Art. 4", "Section 2", "Chapter III", "PART I", with an optional title after the number or
    on the next line), numbered paragraphs ("1.", "1)", "(1)", "1.2"), lettered and roman items
    ("(a)", "a)", "a.", "(iv)", "(A)"; "(i)" after "(h)" is a letter), bullets (– — - • * ·
    followed by a space), blank-line paragraphs and, when asked, sentences. Articles nest by
    rank, then numbered paragraph > item > sub-item; bullets nest under the clause that
    introduces them. With ``sentences=True`` a leaf clause with two or more sentences gets them
    as children. The text of a clause before its first child is a ``"lead-in"`` child, so the
    leaves and the headings' titles hold every word; before the body, recitals, the enacting
    formula and the other preamble paragraphs have their own kinds, and "In witness whereof" /
    "Done at" open a top-level ``"testimonium"`` (docs/segmentation.md).

    Parameters
    ----------
    text : str or bytes
        The text. Bytes (or a bytearray/memoryview) are decoded as UTF-8 by the core; offsets
        then refer to the decoded ``str``.
    headings, numbered, items, bullets : bool, default True
        Which kinds of structure to recognise.
    sentences : bool, default False
        Also split leaf clauses into sentences (the C++ default is the same:
        ``SegmentOptions::sentences``; a Document asks for it with ``units="sentences"``).
    abbreviations : iterable of str, default ()
        Words after which a period does not end a sentence, added to the built-in list
        (U.N., Art., No., e.g., i.e., Mr., Dr., Inc., ...); the final period is optional.
    errors : {"strict", "replace"}, default "strict"
        For bytes: ``"strict"`` raises ``ValueError`` naming the byte offset of the first
        invalid UTF-8 sequence, ``"replace"`` substitutes U+FFFD as ``bytes.decode`` does.

    Returns
    -------
    list of Clause
        Empty for empty or white-space-only text.

    Raises
    ------
    TypeError
        If ``text`` is neither str nor bytes-like.
    ValueError
        For invalid UTF-8 with ``errors="strict"``, or an unknown ``errors`` value.
    """
    arrays = segment_arrays(
        text,
        headings=headings,
        numbered=numbered,
        items=items,
        bullets=bullets,
        sentences=sentences,
        abbreviations=abbreviations,
        errors=errors,
    )
    # Column-wise with map(): one Python-level call per clause (its constructor) and no more.
    source = arrays.source
    kinds = list(map(CLAUSE_KINDS.__getitem__, arrays.kinds.tolist()))
    starts = arrays.starts.tolist()
    ends = arrays.ends.tolist()
    parents = [None if parent < 0 else parent for parent in arrays.parents.tolist()]
    texts = list(map(source.__getitem__, map(slice, starts, ends)))
    titles = list(
        map(
            source.__getitem__, map(slice, arrays.title_starts.tolist(), arrays.title_ends.tolist())
        )
    )
    return list(
        map(
            Clause,
            range(len(kinds)),
            kinds,
            arrays.labels,
            starts,
            ends,
            arrays.label_starts.tolist(),
            arrays.levels.tolist(),
            parents,
            texts,
            titles,
        )
    )


def clauses_to_records(clauses: Sequence[Clause]) -> list[dict[str, Any]]:
    """One dict per clause (its fields), ready for ``pandas.DataFrame(records)``.

    Examples
    --------
    >>> import pandas as pd  # doctest: +SKIP
    >>> pd.DataFrame(clauses_to_records(segment(text))).set_index("index")  # doctest: +SKIP
    """
    names = [field.name for field in fields(Clause)]
    return [{name: getattr(clause, name) for name in names} for clause in clauses]
