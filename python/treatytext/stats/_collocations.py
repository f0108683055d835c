"""Collocations: bigrams and trigrams scored by log-likelihood and PMI."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._core import analysis as _analysis
from ._common import choice, pandas, positive_int


@dataclass(frozen=True)
class Collocations:
    """Scored n-grams, best first.

    Attributes
    ----------
    n : int
        2 (bigrams) or 3 (trigrams).
    ids : ndarray of int32, shape (rows, n)
        Term ids of each n-gram.
    terms : tuple of tuple of str, or None
        The n-grams as strings, when terms are known.
    count : ndarray of int64
        Occurrences of the n-gram.
    expected : ndarray of float64
        Expected occurrences under independence (for trigrams, of the scored split).
    g2 : ndarray of float64
        Signed log-likelihood: negative when the n-gram is rarer than expected.
    p_value : ndarray of float64
        Chi-square (1 df) upper tail of ``|g2|``.
    pmi : ndarray of float64
        Pointwise mutual information, log2.
    total : int
        Number of n-gram positions in the input.
    """

    n: int
    ids: np.ndarray
    terms: tuple[tuple[str, ...], ...] | None
    count: np.ndarray
    expected: np.ndarray
    g2: np.ndarray
    p_value: np.ndarray
    pmi: np.ndarray
    total: int

    def __len__(self) -> int:
        return len(self.count)

    def to_frame(self) -> Any:
        """A pandas DataFrame: the n-gram (space-joined when terms are known), its words or ids
        per slot, and the scores."""
        pd = pandas()
        columns: dict[str, Any] = {}
        if self.terms is not None:
            columns["ngram"] = [" ".join(gram) for gram in self.terms]
            for slot in range(self.n):
                columns[f"w{slot + 1}"] = [gram[slot] for gram in self.terms]
        else:
            for slot in range(self.n):
                columns[f"w{slot + 1}"] = self.ids[:, slot]
        columns.update(
            count=self.count, expected=self.expected, g2=self.g2, p_value=self.p_value, pmi=self.pmi
        )
        return pd.DataFrame(columns)


def _flatten(sequences: Iterable[Sequence[Any]], terms: Sequence[str] | None):
    """Flat int32 ids and int64 offsets; strings are mapped to ids in first-seen order."""
    sequences = [list(seq) for seq in sequences]
    lengths = np.fromiter((len(seq) for seq in sequences), dtype=np.int64, count=len(sequences))
    offsets = np.zeros(len(sequences) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    first = next((item for seq in sequences for item in seq if item is not None), None)
    if isinstance(first, str):
        if terms is not None:
            raise ValueError("give either string sequences or integer ids with terms, not both")
        table: dict[str, int] = {}
        ids = np.fromiter(
            (
                -1 if w is None else table.setdefault(w, len(table))
                for seq in sequences
                for w in seq
            ),
            dtype=np.int64,
            count=int(offsets[-1]),
        )
        return ids.astype(np.int32), offsets, list(table)
    try:
        ids = np.fromiter(
            (-1 if w is None else w for seq in sequences for w in seq),
            dtype=np.int64,
            count=int(offsets[-1]),
        )
    except (TypeError, ValueError) as exc:
        raise TypeError("sequences must hold term ids (int) or strings") from exc
    if ids.size and ids.max() > np.iinfo(np.int32).max:
        raise ValueError(f"term id {int(ids.max())} does not fit in 32 bits")
    ids[ids < 0] = -1
    return ids.astype(np.int32), offsets, terms


def collocations(
    sequences: Iterable[Sequence[Any]],
    terms: Sequence[str] | None = None,
    *,
    n: int = 2,
    min_count: int = 2,
    score: str = "g2",
) -> Collocations:
    """Bigrams or trigrams of clauses, scored by log-likelihood (G²) and PMI.

    An n-gram never crosses the end of a sequence (one sequence per clause), nor a gap: a
    negative id or ``None`` (e.g. a removed stop word). Marginals count how often a term fills
    each slot of an n-gram, so every contingency table sums to the number of n-gram positions.
    Bigrams use the 2x2 table (1 df). A trigram is scored as the weaker of its two binary
    splits, (w1 w2) + w3 and w1 + (w2 w3), each a 2x2 table with the pair as one unit; it thus
    ranks high only if it is more than a frequent pair plus a word.

    Parameters
    ----------
    sequences : iterable of sequences
        Term ids (with ``terms`` to name them) or strings (ids are then assigned in order of
        first occurrence).
    terms : sequence of str, optional
        The term of each id.
    n : {2, 3}
    min_count : int
        Keep n-grams seen at least this often.
    score : {"g2", "pmi", "count"}
        Sort key, descending; ties by higher count, then by ids.

    Returns
    -------
    Collocations
    """
    choice(score, "score", ("g2", "pmi", "count"))
    if n not in (2, 3):
        raise ValueError(f"n must be 2 or 3, got {n!r}")
    min_count = positive_int(min_count, "min_count")
    ids, offsets, names = _flatten(sequences, terms)
    raw = _analysis.collocations(ids, offsets, n=n, min_count=min_count, score=score)
    grams = raw["ids"]
    labels = None
    if names is not None:
        if grams.size and grams.max() >= len(names):
            raise ValueError(
                f"terms has {len(names)} entries but term id {int(grams.max())} occurs"
            )
        table = list(names)
        labels = tuple(tuple(table[i] for i in row) for row in grams.tolist())
    return Collocations(
        n=n,
        ids=grams,
        terms=labels,
        count=raw["count"],
        expected=raw["expected"],
        g2=raw["g2"],
        p_value=raw["p_value"],
        pmi=raw["pmi"],
        total=int(raw["total"]),
    )
