"""Passage-level text reuse: who copied what from whom, with offsets, shares and direction.

The C++ core does the work (``cpp/src/reuse``); this package frames its results.

Normalization (:func:`normalize`), exactly: every character of a text is dropped if it is an
invisible joiner (U+00AD, U+200C, U+200D, U+2060, U+FEFF); kept, fully case folded (Unicode
CaseFolding C+F), if it is a letter (category L*) or a combining mark (M*), a number (N*) with
``keep_digits``, a punctuation character (P*) with ``keep_punctuation``; otherwise it is a
separator: every maximal run of separators becomes one space, and leading and trailing spaces
are removed. Every offset returned is a character offset into the original text.

- :func:`shingle_similarity` — Jaccard and containments of character q-gram (or word n-gram)
  sets, as Alschner and Skougarevskiy compare treaties.
- :func:`passages` — the reused passages of two texts (seeds and local alignment, as passim
  and textreuse find them), with ``coverage_a``/``coverage_b``.
- :func:`find` — every pair of many texts that reaches a threshold, exactly, with
  ``.passages(i, j)``, ``.all_passages()``, ``.clusters()``, ``.heatmap()``, ``.network()``.
- :func:`units` — documents, chapters or articles of a Corpus (ToTA) as texts to compare.
- :func:`side_by_side`, :func:`heatmap`, :func:`network`, :func:`to_networkx` — views.
"""

from __future__ import annotations

from ._find import ReusePairs, Units, date_values, find, units
from ._measures import Passages, normalize, passages, shingle_similarity, side_by_side
from ._views import SideBySide, edges, heatmap, network, reuse_report, to_networkx

__all__ = [
    "Passages",
    "ReusePairs",
    "SideBySide",
    "Units",
    "date_values",
    "edges",
    "find",
    "heatmap",
    "network",
    "normalize",
    "passages",
    "reuse_report",
    "shingle_similarity",
    "side_by_side",
    "to_networkx",
    "units",
]
