"""Term frequency tables per unit, per document and for the corpus, as DataFrames.

The counts come from the engine (one counting pass over the units); this module only lays them
out. Columns:

- ``count``: occurrences of the term in the row's scope (unit, document or corpus);
- ``relative_frequency``: count divided by the number of counted tokens in that scope;
- ``document_frequency``: number of documents of the corpus containing the term;
- ``unit_frequency``: number of units containing the term, within the document for
  document tables, in the whole corpus for corpus and unit tables;
- ``rank``: 1 for the most frequent term of the scope; ties go to the lower column, which is
  the term first in code-point order (the pipeline's columns are sorted by term).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from . import plots

if TYPE_CHECKING:
    import pandas as pd

    from .pipeline import Pipeline

LEVELS = ("corpus", "document", "unit")


def _check_level(level: str, name: str = "level") -> str:
    """``level`` if valid (the old name ``"clause"`` gives ``"unit"`` with a warning)."""
    if level == "clause":
        warnings.warn(
            f'{name}="clause" is deprecated: the rows are analysis units, {name}="unit"',
            DeprecationWarning,
            stacklevel=3,
        )
        return "unit"
    if level not in LEVELS:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, LEVELS))}; got {level!r}")
    return level


def _ranked(
    groups: np.ndarray, counts: np.ndarray, columns: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Order by group, then count descending, then column; and 1-based rank within group."""
    order = np.lexsort((columns, -counts, groups))
    sorted_groups = groups[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_groups)) + 1]
    lengths = np.diff(np.r_[starts, len(order)])
    first = np.repeat(starts, lengths)
    rank = np.arange(len(order)) - first + 1
    return order, rank


def term_frequencies(corpus: Pipeline, level: str = "corpus") -> pd.DataFrame:
    """Term frequency table per ``"corpus"``, ``"document"`` or ``"unit"`` (see the module
    docstring for the columns)."""
    import pandas as pd

    level = _check_level(level)
    counts = corpus.counts
    terms = np.asarray(counts.terms, dtype=object)
    unit_counts = counts.matrix
    doc_counts = corpus.document_counts
    document_frequency = corpus.document_frequency
    unit_frequency = np.asarray(counts.document_frequency, dtype=np.int64)

    if level == "corpus":
        total = np.asarray(unit_counts.sum(axis=0)).ravel()
        present = np.flatnonzero(total > 0)
        order, rank = _ranked(np.zeros(len(present), np.int64), total[present], present)
        ids = present[order]
        grand = total.sum()
        return pd.DataFrame(
            {
                "term": terms[ids],
                "count": total[ids].astype(np.int64),
                "relative_frequency": total[ids] / grand,
                "document_frequency": document_frequency[ids],
                "unit_frequency": unit_frequency[ids],
                "rank": rank,
            }
        )

    matrix = doc_counts if level == "document" else unit_counts
    coo = matrix.tocoo()
    keep = coo.data > 0
    rows, cols, values = coo.row[keep].astype(np.int64), coo.col[keep], coo.data[keep]
    order, rank = _ranked(rows, values, cols)
    rows, cols, values = rows[order], cols[order], values[order]
    row_totals = np.asarray(matrix.sum(axis=1)).ravel()
    names = np.asarray(corpus.names, dtype=object)
    if level == "document":
        binary = unit_counts.copy()
        binary.data = (binary.data > 0).astype(np.float64)
        per_document = (corpus.grouping @ binary).tocsr()
        in_document = np.asarray(per_document[rows, cols]).ravel().astype(np.int64)
        return pd.DataFrame(
            {
                "document": names[rows],
                "term": terms[cols],
                "count": values.astype(np.int64),
                "relative_frequency": values / row_totals[rows],
                "document_frequency": document_frequency[cols],
                "unit_frequency": in_document,
                "rank": rank,
            }
        )
    units = corpus.units
    return pd.DataFrame(
        {
            "document": names[corpus.unit_documents[rows]],
            "unit": rows,
            "clause": units["clause"].to_numpy()[rows],
            "ref": np.asarray(corpus.unit_refs, dtype=object)[rows],
            "term": terms[cols],
            "count": values.astype(np.int64),
            "relative_frequency": values / row_totals[rows],
            "document_frequency": document_frequency[cols],
            "unit_frequency": unit_frequency[cols],
            "rank": rank,
        }
    )


def top_terms(corpus: Pipeline, n: int = 10, by: str = "corpus") -> pd.DataFrame:
    """The ``n`` most frequent terms of the corpus, of each document, or of each unit.

    Ties go to the lower column, i.e. to the term first in code-point order (the rule of
    :func:`treatytext.counting.top_terms`, whose columns are the pipeline's sorted terms here).
    """
    by = _check_level(by, "by")
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    table = term_frequencies(corpus, by)
    top = table[table["rank"] <= n]
    keys = {"corpus": [], "document": ["document"], "unit": ["document", "unit", "ref"]}[by]
    return top[[*keys, "rank", "term", "count", "relative_frequency"]].reset_index(drop=True)


def plot_terms(corpus: Pipeline, n: int = 20, *, ax: Any = None) -> Any:
    """Bars of the n most frequent terms (see :func:`treatytext.plots.term_frequencies`)."""
    return plots.term_frequencies(term_frequencies(corpus), n, ax=ax)
