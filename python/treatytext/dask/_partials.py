"""Partial counts: what one partition's counting pass hands to the merge, compactly.

A :class:`PartialCounts` holds the statistics the fit needs (terms in order of first occurrence,
their document and corpus frequencies, the number of documents) and no matrix. It pickles as one
string of terms, one offset array and two count arrays: no Python object per term crosses the
network. Partials merge with the core's count merge (``treatytext.merge_counts``'s, in C++: one
hash table unites the vocabularies, frequencies add up), in partition order, so the merged terms
come in the order of their first occurrence in the whole collection, as a single count gives.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import _core

__all__ = ["PartialCounts", "merge_partials"]

_EMPTY_DATA = np.zeros(0, dtype=np.float64)
_EMPTY_INDICES = np.zeros(0, dtype=np.int64)
_NO_ROWS = np.zeros(1, dtype=np.int64)


class PartialCounts:
    """Term statistics of a batch of documents, terms in order of first occurrence.

    Attributes
    ----------
    documents : int
        Documents counted.
    document_frequency, term_frequency : numpy.ndarray of int64
        Per term, in the order of :meth:`terms`.
    """

    __slots__ = ("_text", "_ends", "document_frequency", "term_frequency", "documents")

    def __init__(
        self, text: str, ends: np.ndarray, df: np.ndarray, tf: np.ndarray, documents: int
    ) -> None:
        self._text = text  # the terms concatenated; term i is text[ends[i - 1]:ends[i]]
        self._ends = np.asarray(ends, dtype=np.int64)
        self.document_frequency = np.asarray(df, dtype=np.int64)
        self.term_frequency = np.asarray(tf, dtype=np.int64)
        self.documents = int(documents)

    @classmethod
    def from_terms(cls, terms: Sequence[str], df: Any, tf: Any, documents: int) -> PartialCounts:
        """Packs a list of terms with their frequencies."""
        ends = np.cumsum([len(t) for t in terms], dtype=np.int64)
        return cls("".join(terms), ends, df, tf, documents)

    @classmethod
    def from_sklearn_counts(cls, counts: Any) -> PartialCounts:
        """The statistics of the core's SklearnCounts (indexed by sorted term) in order of first
        occurrence."""
        order = counts.first_seen()
        return cls.from_terms(
            counts.terms_at(order),
            counts.document_frequency()[order],
            counts.term_frequency()[order],
            counts.documents,
        )

    def __len__(self) -> int:
        return len(self._ends)

    def terms(self) -> list[str]:
        """The terms, in order of first occurrence."""
        text, ends = self._text, self._ends.tolist()
        starts = [0, *ends[:-1]] if ends else []
        return [text[a:b] for a, b in zip(starts, ends, strict=True)]

    def nbytes(self) -> int:
        """Approximate size when pickled (terms as UTF-8 plus the three arrays)."""
        return len(self._text.encode("utf-8", "surrogatepass")) + 24 * len(self)

    def __reduce__(self) -> tuple:
        return (
            PartialCounts,
            (
                self._text,
                self._ends,
                self.document_frequency,
                self.term_frequency,
                self.documents,
            ),
        )

    def __dask_tokenize__(self) -> str:
        digest = hashlib.sha1(self._text.encode("utf-8", "surrogatepass"))
        for array in (self._ends, self.document_frequency, self.term_frequency):
            digest.update(array.tobytes())
        return f"{digest.hexdigest()}-{self.documents}"

    def __repr__(self) -> str:
        return f"PartialCounts(documents={self.documents}, terms={len(self)})"


def merge_partials(*partials: PartialCounts) -> PartialCounts:
    """The partials of consecutive batches merged, in argument order (the core's count merge:
    terms of the first kept in their order, new terms appended, frequencies added)."""
    if len(partials) == 1:
        return partials[0]
    parts = [
        (
            p.terms(),
            _EMPTY_DATA,
            _EMPTY_INDICES,
            _NO_ROWS,
            0,
            len(p),
            p.document_frequency,
            p.term_frequency,
        )
        for p in partials
    ]
    terms, _, df, tf = _core.merge_counts(parts)
    return PartialCounts.from_terms(terms, df, tf, sum(p.documents for p in partials))
