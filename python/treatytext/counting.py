"""Counting: documents -> vocabulary, a document-term count matrix and frequencies.

The building blocks of frequency tables (per clause, per document, for a corpus): :func:`count`
turns texts into :class:`Counts`, :func:`merge_counts` unites counts of batches,
:func:`prune_counts` keeps terms by document frequency or frequency rank, and :func:`top_terms`
lists the most frequent terms. All heavy work runs in the C++ core with the GIL released.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from . import _core
from ._sparse import csr_from_parts, csr_to_parts

__all__ = ["Counts", "count", "count_terms", "merge_counts", "prune_counts", "top_terms"]


@dataclass(frozen=True, eq=False)
class Counts:
    """Counts of a batch of documents.

    Attributes
    ----------
    terms : list of str
        The vocabulary; column ``i`` of ``matrix`` counts ``terms[i]``.
    matrix : scipy.sparse.csr_matrix
        Documents x terms raw counts (float64), columns ascending within each row.
    document_frequency : numpy.ndarray
        int64, per term: the number of documents containing it.
    term_frequency : numpy.ndarray
        int64, per term: its occurrences in the whole batch.
    """

    terms: list[str]
    matrix: sp.csr_matrix
    document_frequency: np.ndarray
    term_frequency: np.ndarray

    @property
    def n_documents(self) -> int:
        """Number of documents (rows)."""
        return int(self.matrix.shape[0])

    @property
    def vocabulary(self) -> dict[str, int]:
        """Mapping term -> column."""
        return {term: i for i, term in enumerate(self.terms)}

    def __repr__(self) -> str:
        return (
            f"Counts(n_documents={self.n_documents}, n_terms={len(self.terms)}, "
            f"nnz={self.matrix.nnz})"
        )

    def _to_core(self) -> tuple[Any, ...]:
        data, indices, indptr, rows, cols = csr_to_parts(self.matrix, "counts.matrix")
        return (
            self.terms,
            data,
            indices,
            indptr,
            rows,
            cols,
            np.asarray(self.document_frequency, dtype=np.int64),
            np.asarray(self.term_frequency, dtype=np.int64),
        )

    @classmethod
    def _from_core(cls, parts: dict[str, Any]) -> Counts:
        return cls(
            parts["terms"],
            csr_from_parts(parts["matrix"]),
            parts["document_frequency"],
            parts["term_frequency"],
        )


def _core_analyzer(analyzer: Any) -> Any:
    """The C++ analyzer behind a treatytext analyzer object, or None if there is none."""
    if isinstance(analyzer, _core.Analyzer):
        return analyzer
    core = getattr(analyzer, "_analyzer", None)  # treatytext.analyzer.Analyzer wraps one
    if isinstance(core, _core.Analyzer):
        return core
    return None


def _default_analyzer() -> Any:
    from .analyzer import Analyzer

    return _core_analyzer(Analyzer())


def _as_batch(documents: Iterable[Any], name: str = "documents") -> Sequence[Any]:
    """A list or tuple of the documents (materializing iterators); rejects a lone text."""
    if isinstance(documents, (str, bytes)):
        raise TypeError(
            f"{name} must be an iterable of texts, not a single {type(documents).__name__}"
        )
    if isinstance(documents, (list, tuple, _core.TextLines)):
        return documents  # a TextLines is read by the core in place
    try:
        iterator = iter(documents)
    except TypeError:
        raise TypeError(
            f"{name} must be an iterable of texts, got {type(documents).__name__}"
        ) from None
    return list(iterator)


def _n_threads(n_jobs: Any) -> int:
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral):
        raise TypeError(f"n_jobs must be an int, got {type(n_jobs).__name__}")
    return int(n_jobs)


def count(
    documents: Iterable[str | bytes],
    analyzer: Any = None,
    *,
    n_jobs: int = 1,
) -> Counts:
    """Counts the terms of documents.

    Parameters
    ----------
    documents : iterable of str or bytes
        The texts; bytes must be valid UTF-8 (``ValueError`` names the document and byte).
    analyzer : treatytext Analyzer, callable or None
        ``None`` uses ``treatytext.analyzer.Analyzer()`` with its defaults. A treatytext analyzer
        runs in C++ on ``n_jobs`` threads; any other callable ``text -> iterable of str`` is
        called from Python for each document (as scikit-learn's ``analyzer=callable``).
    n_jobs : int
        Threads: ``n >= 1``, or ``-1`` for every core. The result is identical for every value.

    Returns
    -------
    Counts
        Terms in order of first occurrence (document order), raw counts, df and corpus tf.
    """
    batch = _as_batch(documents)
    threads = _n_threads(n_jobs)
    core = _default_analyzer() if analyzer is None else _core_analyzer(analyzer)
    if core is not None:
        return Counts._from_core(_core.count(batch, core, threads))
    if not callable(analyzer):
        raise TypeError(
            "analyzer must be a treatytext Analyzer, a callable or None, "
            f"got {type(analyzer).__name__}"
        )
    return count_terms(
        (_call_analyzer(analyzer, text, i) for i, text in enumerate(batch)), n_jobs=threads
    )


def _call_analyzer(analyzer: Callable[[Any], Iterable[str]], text: Any, index: int) -> list[str]:
    terms = analyzer(text)
    if isinstance(terms, str):
        raise TypeError(
            f"analyzer returned a str for documents[{index}]; expected an iterable of str"
        )
    return list(terms)


def count_terms(documents: Iterable[Iterable[str]], *, n_jobs: int = 1) -> Counts:
    """Counts pre-tokenized documents (each an iterable of str terms).

    Ids, ordering and frequencies follow :func:`count`; ``TypeError`` names the first item that
    is not a str (``documents[i][j]``).
    """
    batch = [
        terms if isinstance(terms, (list, tuple)) else _as_batch(terms, f"documents[{i}]")
        for i, terms in enumerate(_as_batch(documents))
    ]
    return Counts._from_core(_core.count_terms(batch, _n_threads(n_jobs)))


def merge_counts(*counts: Counts) -> Counts:
    """Counts of the union of batches: rows in argument order, the vocabulary of the first batch
    kept and new terms appended in their order; frequencies add up.

    ``merge_counts(count(a), count(b))`` equals ``count(a + b)``.
    """
    if not counts:
        raise ValueError("merge_counts needs at least one Counts")
    for i, c in enumerate(counts):
        if not isinstance(c, Counts):
            raise TypeError(f"merge_counts argument {i} must be Counts, got {type(c).__name__}")
    return Counts._from_core(_core.merge_counts([c._to_core() for c in counts]))


def df_bound(value: Any, name: str) -> Any:
    """A document-frequency bound as scikit-learn reads it: an int is a number of documents, a
    float a proportion of them (checked to lie in [0, 1] by the core)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be an int or a float, got {type(value).__name__}")
    if isinstance(value, numbers.Integral):
        return _core.DfBound(False, float(value))
    return _core.DfBound(True, float(value))


def prune_options(
    min_df: float | int = 1,
    max_df: float | int = 1.0,
    max_features: int | None = None,
    sort_terms: bool = True,
) -> Any:
    """The core's PruneOptions from scikit-learn style arguments (validated)."""
    if max_features is None:
        limit = -1
    elif isinstance(max_features, bool) or not isinstance(max_features, numbers.Integral):
        raise TypeError(f"max_features must be an int or None, got {type(max_features).__name__}")
    else:
        limit = int(max_features)
        if limit < 1:
            raise ValueError(f"max_features = {limit} is invalid: use a positive int or None")
    return _core.PruneOptions(
        df_bound(min_df, "min_df"), df_bound(max_df, "max_df"), limit, bool(sort_terms)
    )


def prune_counts(
    counts: Counts,
    *,
    min_df: float | int = 1,
    max_df: float | int = 1.0,
    max_features: int | None = None,
    sort_terms: bool = True,
    n_jobs: int = 1,
) -> Counts:
    """Keeps the terms with ``min_df <= df <= max_df`` and at most ``max_features`` of them.

    ``min_df``/``max_df`` follow scikit-learn: an int is a number of documents, a float in
    [0, 1] a proportion of them. ``max_features`` keeps the most frequent terms in the batch
    (ties: the lower term first). With ``sort_terms`` the columns are ordered by term.
    ``ValueError`` when ``max_df`` falls below ``min_df`` or no term is left.
    """
    options = prune_options(min_df, max_df, max_features, sort_terms)
    return Counts._from_core(_core.prune_counts(counts._to_core(), options, _n_threads(n_jobs)))


def top_terms(counts: Counts, n: int = 10, *, row: int | None = None) -> list[tuple[str, int]]:
    """The ``n`` most frequent terms with their counts, in the corpus or in one row (document).

    Ties are broken by the lower column. ``row`` may be negative to count from the end, as in
    Python indexing; ``IndexError`` when it is out of range.
    """
    if not isinstance(counts, Counts):
        raise TypeError(
            f"counts must be Counts (from treatytext.count), got {type(counts).__name__}; "
            "for a Corpus or Document call its method, e.g. corpus.top_terms(5)"
        )
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
        raise ValueError(f"n must be an int >= 0, got {n!r}")
    index = -1
    if row is not None:
        rows = counts.n_documents
        index = int(row) + rows if row < 0 else int(row)
        if not 0 <= index < rows:
            raise IndexError(f"row {row} out of range for {rows} documents")
    data, indices, indptr, n_rows, n_cols = csr_to_parts(counts.matrix, "counts.matrix")
    top = _core.top_terms(data, indices, indptr, n_rows, n_cols, index, int(n))
    return [
        (counts.terms[column], int(value))
        for column, value in zip(top["column"].tolist(), top["value"].tolist(), strict=True)
    ]
