"""Weighting: raw counts -> tf-idf or BM25 vectors, row-normalized.

Notation: ``x`` is the raw count of a term in a document, ``N`` the number of documents of the
fitted corpus, ``df`` the number of them containing the term, ``len`` the sum of a document's raw
counts and ``avglen`` its mean over the fitted corpus.

tf schemes
    ``raw``: x; ``binary``: 1; ``log``: 1 + ln(x) (scikit-learn ``sublinear_tf``);
    ``augmented``: 0.5 + 0.5 * x / max(x in the document).
idf schemes
    ``none``: 1; ``plain``: ln(N / df) + 1 (scikit-learn ``smooth_idf=False``);
    ``smooth``: ln((1 + N) / (1 + df)) + 1 (scikit-learn's default);
    ``probabilistic``: max(0, ln((N - df) / df)).
BM25
    w = idf * x * (k1 + 1) / (x + k1 * (1 - b + b * len / avglen)),
    idf = ln(1 + (N - df + 0.5) / (df + 0.5)); the tf and idf schemes do not apply.
norms
    ``l2``: divide each row by sqrt(sum w^2); ``l1``: by sum |w|; ``none``. Zero rows stay zero.

Weights that come out exactly 0 (probabilistic idf of very common terms) are not stored.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from . import _core
from ._sparse import csr_from_parts, csr_to_parts
from .counting import Counts, _n_threads

__all__ = [
    "WEIGHTING_PRESETS",
    "weight_options",
    "inverse_document_frequency",
    "apply_weights",
    "weight_counts",
    "normalize_rows",
]

#: Preset name -> (tf, idf, norm, bm25). ``tf`` gives relative frequencies (rows sum to 1).
WEIGHTING_PRESETS: dict[str, tuple[str, str, str, bool]] = {
    "count": ("raw", "none", "none", False),
    "binary": ("binary", "none", "none", False),
    "tf": ("raw", "none", "l1", False),
    "tfidf": ("raw", "smooth", "l2", False),
    "bm25": ("raw", "none", "none", True),
}


def weight_options(
    weighting: str = "tfidf",
    *,
    tf: str | None = None,
    idf: str | None = None,
    norm: str | None = None,
    k1: float = 1.2,
    b: float = 0.75,
) -> Any:
    """The core's WeightOptions for a preset, with explicit ``tf``/``idf``/``norm`` overriding it.

    ``weighting`` is one of "count", "binary", "tf", "tfidf", "bm25" (see
    ``WEIGHTING_PRESETS``). ``k1`` and ``b`` apply to BM25 only; ``tf`` and ``idf`` do not apply
    to BM25 (``ValueError``). Unknown names and out-of-range values raise ``ValueError``.
    """
    if not isinstance(weighting, str) or weighting not in WEIGHTING_PRESETS:
        raise ValueError(
            f"weighting={weighting!r} is unknown: use one of {', '.join(WEIGHTING_PRESETS)}"
        )
    preset_tf, preset_idf, preset_norm, bm25 = WEIGHTING_PRESETS[weighting]
    if bm25 and (tf is not None or idf is not None):
        raise ValueError("tf and idf schemes do not apply to weighting='bm25'; leave them None")
    for name, value in (("tf", tf), ("idf", idf), ("norm", norm)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a str or None, got {type(value).__name__}")
    return _core.WeightOptions(
        tf=preset_tf if tf is None else tf,
        idf=preset_idf if idf is None else idf,
        norm=preset_norm if norm is None else norm,
        bm25=bm25,
        k1=float(k1),
        b=float(b),
    )


def inverse_document_frequency(
    document_frequency: Any, n_documents: int, options: Any = None
) -> np.ndarray:
    """idf per term for ``options`` (a WeightOptions; default: smooth tf-idf), float64."""
    options = weight_options() if options is None else options
    df = np.ascontiguousarray(document_frequency, dtype=np.int64)
    if df.ndim != 1:
        raise ValueError(f"document_frequency must be 1-dimensional, got shape {df.shape}")
    return _core.inverse_document_frequency(df, int(n_documents), options)


def apply_weights(
    counts: Any,
    idf: Any,
    options: Any = None,
    *,
    average_length: float = 0.0,
    n_jobs: int = 1,
) -> sp.csr_matrix:
    """Weights a raw count matrix (any scipy.sparse or dense array; not modified).

    ``idf`` holds one value per column (may be None when the idf scheme is "none" and BM25 is
    off); ``average_length`` is the fitted corpus's mean document length, used by BM25.
    """
    options = weight_options() if options is None else options
    data, indices, indptr, rows, cols = csr_to_parts(counts, "counts")
    idf_array = (
        np.zeros(0, dtype=np.float64) if idf is None else np.ascontiguousarray(idf, np.float64)
    )
    parts = _core.apply_weights(
        data,
        indices,
        indptr,
        rows,
        cols,
        idf_array,
        options,
        float(average_length),
        _n_threads(n_jobs),
    )
    return csr_from_parts(parts)


def weight_counts(
    counts: Counts, options: Any = None, *, n_jobs: int = 1
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Weights :class:`~treatytext.counting.Counts` with idf and average length taken from
    the counts themselves; returns ``(matrix, idf)``."""
    options = weight_options() if options is None else options
    idf = inverse_document_frequency(counts.document_frequency, counts.n_documents, options)
    average = (
        float(np.sum(counts.term_frequency)) / counts.n_documents if counts.n_documents else 0.0
    )
    return apply_weights(counts.matrix, idf, options, average_length=average, n_jobs=n_jobs), idf


def normalize_rows(matrix: Any, norm: str = "l2", *, n_jobs: int = 1) -> sp.csr_matrix:
    """A copy of ``matrix`` with each row scaled to unit ``norm`` ("l1", "l2" or "none")."""
    data, indices, indptr, rows, cols = csr_to_parts(matrix, "matrix")
    return csr_from_parts(
        _core.normalize_rows(data, indices, indptr, rows, cols, norm, _n_threads(n_jobs))
    )
