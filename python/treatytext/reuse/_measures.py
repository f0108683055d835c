"""Normalization, shingle measures and the passages of two texts (core calls, framed)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import _core
from ._views import SideBySide

UNITS = ("char", "word")
PASSAGE_COLUMNS = ["start_a", "end_a", "start_b", "end_b", "words", "score", "text_a", "text_b"]


def normalize(
    text: str, *, keep_digits: bool = False, keep_punctuation: bool = False
) -> tuple[str, np.ndarray]:
    """The reuse normalization of a text and its map back to the original.

    Every character is, in order: dropped if it is an invisible joiner (U+00AD, U+200C,
    U+200D, U+2060, U+FEFF); kept, fully case folded, if it is a letter (category L*) or a
    combining mark (M*), a number (N*) with ``keep_digits``, a punctuation character (P*) with
    ``keep_punctuation``; otherwise a separator. Every maximal run of separators becomes one
    space; leading and trailing spaces are removed.

    Returns
    -------
    normalized : str
    origin : numpy.ndarray of int64
        For each character of ``normalized``, the offset in ``text`` of the character it came
        from (a space: the first separator of its run).
    """
    check_encodable([_str(text, "text")])
    parts = _core.reuse_normalize(text, keep_digits, keep_punctuation)
    return parts["text"], parts["origin"]


def shingle_similarity(
    a: str,
    b: str,
    q: int = 5,
    *,
    unit: str = "char",
    keep_digits: bool = False,
    keep_punctuation: bool = False,
) -> dict[str, float]:
    """Jaccard and containment of the shingle sets of two normalized texts.

    Shingles are the distinct runs of ``q`` characters of the normalized texts (spaces
    included), or of ``q`` words with ``unit="word"``; a text shorter than ``q`` has none.
    ``jaccard`` = |A∩B| / |A∪B|, ``containment_a`` = |A∩B| / |A| (the share of a's shingles
    found in b), ``containment_b`` = |A∩B| / |B|; a measure is 0 when its denominator is.
    Shingles are compared by 64-bit hashes (a false match has probability about 2^-64).
    """
    a, b = _str(a, "a"), _str(b, "b")
    check_encodable([a, b])
    return _core.reuse_shingle_similarity(a, b, _unit(unit), q, keep_digits, keep_punctuation)


def passage_options(
    min_words: int = 6,
    *,
    seed_words: int | None = None,
    match: float = 1.0,
    mismatch: float = -1.0,
    gap: float = -1.0,
    max_gap: int = 10,
    max_repeat: int = 20,
    keep_digits: bool = False,
    keep_punctuation: bool = False,
) -> dict[str, Any]:
    """The options of :func:`passages`, checked by the core when used."""
    return {
        "min_words": min_words,
        "seed_words": 0 if seed_words is None else seed_words,
        "match": match,
        "mismatch": mismatch,
        "gap": gap,
        "max_gap": max_gap,
        "max_repeat": max_repeat,
        "keep_digits": keep_digits,
        "keep_punctuation": keep_punctuation,
    }


class Passages(pd.DataFrame):
    """Reused passages between two texts, one row each (see :func:`passages`).

    Besides the columns, ``coverage_a`` and ``coverage_b`` give the share of the words of each
    text that lie inside some passage, ``text_a_full`` / ``text_b_full`` the two texts and
    ``name_a`` / ``name_b`` their names; :meth:`side_by_side` shows them.
    """

    _metadata = ["coverage_a", "coverage_b", "text_a_full", "text_b_full", "name_a", "name_b"]

    @property
    def _constructor(self):
        return Passages

    def side_by_side(self, **options: Any):
        """The two texts side by side with these passages highlighted and linked (HTML)."""
        return SideBySide(
            self.text_a_full, self.text_b_full, self, self.name_a, self.name_b, **options
        )


def frame_passages(
    parts: dict[str, Any], a: str, b: str, name_a: str = "a", name_b: str = "b"
) -> Passages:
    """A Passages frame from the core's passages of a and b: its columns (texts sliced at the
    code-point offsets) and its word counts."""
    words_a, words_b = parts["words_a"], parts["words_b"]
    covered_a, covered_b = parts["covered_a"], parts["covered_b"]
    frame = Passages(passage_table(parts, [a, b], 0, 1), columns=PASSAGE_COLUMNS)
    frame.coverage_a = covered_a / words_a if words_a else 0.0
    frame.coverage_b = covered_b / words_b if words_b else 0.0
    frame.text_a_full, frame.text_b_full = a, b
    frame.name_a, frame.name_b = name_a, name_b
    return frame


def passage_table(
    columns: dict[str, np.ndarray], texts: list[str], which_a: Any, which_b: Any
) -> dict:
    """The PASSAGE_COLUMNS of the core's passage columns, the texts of side a cut from
    texts[which_a] (an index, or one per passage), of side b from texts[which_b]."""
    table = {k: columns[k] for k in PASSAGE_COLUMNS[:6]}
    table["text_a"] = slices(texts, which_a, columns["start_a"], columns["end_a"])
    table["text_b"] = slices(texts, which_b, columns["start_b"], columns["end_b"])
    return table


def slices(texts: list[str], which: Any, starts: np.ndarray, ends: np.ndarray) -> list[str]:
    """texts[which[k]][starts[k]:ends[k]] for every k (``which`` may be one index for all)."""
    which = np.broadcast_to(np.asarray(which), np.shape(starts))
    return [
        texts[d][s:e]
        for d, s, e in zip(which.tolist(), starts.tolist(), ends.tolist(), strict=True)
    ]


def passages(a: str, b: str, min_words: int = 6, **options: Any) -> Passages:
    """The reused passages of two texts, with offsets into both.

    Seeds are word n-grams (``seed_words``, default ``min_words``) shared by the normalized
    texts (see :func:`normalize`), those occurring more than ``max_repeat`` times in either
    text left out; seeds on one diagonal merge into exact blocks; consecutive blocks at most
    ``max_gap`` words apart are joined through the words between them by a global alignment
    (``match``, ``mismatch``, ``gap`` scores per word) when that keeps the score of both parts
    positive, as a Smith–Waterman alignment would; each chain is extended at both ends by the
    best anchored local alignment of up to ``max_gap`` words. Passages with fewer than
    ``min_words`` matching words are dropped, as is a passage overlapping a better one on both
    sides, or both of whose sides already lie inside better passages (a repeated phrase of one
    passage linked to a repeat of it in another).

    Returns
    -------
    Passages
        A DataFrame, one row per passage: ``start_a, end_a, start_b, end_b`` (character
        offsets, so ``a[start_a:end_a]`` is the passage as written), ``words`` (matching
        words), ``score``, ``text_a``, ``text_b``; with ``coverage_a`` and ``coverage_b``.
    """
    name_a = options.pop("name_a", "a")
    name_b = options.pop("name_b", "b")
    a, b = _str(a, "a"), _str(b, "b")
    check_encodable([a, b])
    parts = _core.reuse_passages(a, b, passage_options(min_words, **options))
    return frame_passages(parts, a, b, name_a, name_b)


def _str(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be str, got {type(value).__name__}")
    return value


def check_encodable(texts: list[str], what: str = "text") -> None:
    """ValueError naming the first text that has no UTF-8 form (a lone surrogate), which the
    core would otherwise refuse as an argument of the wrong type."""
    for i, text in enumerate(texts):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(
                f"{what} {i}: lone surrogate {text[exc.start]!r} at character {exc.start} has no "
                "UTF-8 form"
            ) from None


def _unit(unit: str) -> str:
    if unit not in UNITS:
        raise ValueError(f"unit must be 'char' or 'word', got {unit!r}")
    return unit


def side_by_side(
    a: str, b: str, passages: pd.DataFrame | None = None, **options: Any
) -> SideBySide:
    """Two texts side by side with their reused passages (found with default options when
    not given) highlighted and linked."""
    if passages is None:
        passages = _passages_of(a, b)
    return SideBySide(a, b, passages, **options)


_passages_of = passages  # side_by_side's parameter of that name hides the function
