"""Alignment: pair the clauses of document A with those of document B."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .._core import analysis as _analysis
from ._common import choice, n_threads, pandas, positive_int, sparse_parts

_MODES = ("one-to-one", "one-to-many")


@dataclass(frozen=True)
class Alignment:
    """Matched clause pairs (sorted by ``a_index``) and the clauses left unmatched.

    Attributes
    ----------
    a_index, b_index : ndarray of int64
        Row of A and row of B of each pair.
    score : ndarray of float64
        Cosine similarity of the pair.
    unmatched_a, unmatched_b : ndarray of int64
        Rows of A (of B) in no pair, ascending.
    exact : bool
        False when one-to-one fell back to the greedy matching (large inputs).
    """

    a_index: np.ndarray
    b_index: np.ndarray
    score: np.ndarray
    unmatched_a: np.ndarray
    unmatched_b: np.ndarray
    exact: bool

    def __len__(self) -> int:
        return len(self.score)

    def to_frame(self) -> Any:
        """A pandas DataFrame of the pairs: a_index, b_index, score."""
        pd = pandas()
        return pd.DataFrame({"a_index": self.a_index, "b_index": self.b_index, "score": self.score})


def _result(raw: dict) -> Alignment:
    return Alignment(
        raw["a_index"],
        raw["b_index"],
        raw["score"],
        raw["unmatched_a"],
        raw["unmatched_b"],
        bool(raw["exact"]),
    )


def align(
    X_a: Any,
    X_b: Any,
    *,
    threshold: float = 0.0,
    mode: str = "one-to-one",
    candidates: int = 10,
    exact_max_cells: int = 4_000_000,
    n_jobs: int | None = 1,
) -> Alignment:
    """Pairs each clause of A with its best match in B by cosine similarity of their vectors.

    A pair needs a score > 0 and >= ``threshold``. ``"one-to-one"`` finds a maximum-weight
    matching (each clause used at most once, the sum of scores maximal): exact (Hungarian) when
    ``rows_a * rows_b <= exact_max_cells``, else greedy by descending score over each clause's
    ``candidates`` best partners in both directions. ``"one-to-many"`` gives each clause of A
    its best clause of B, which may serve several clauses of A. Permuting the clauses permutes
    the result (exactly tied scores aside).

    Parameters
    ----------
    X_a, X_b : scipy.sparse matrix or array-like
        Clause vectors (e.g. tf-idf) of A and B over the same vocabulary.
    threshold : float
    mode : {"one-to-one", "one-to-many"}
    candidates : int
        Partners per clause considered by the greedy fallback.
    exact_max_cells : int
        Largest ``rows_a * rows_b`` solved exactly.
    n_jobs : int or None
        Threads for the similarity search.

    Returns
    -------
    Alignment
    """
    choice(mode, "mode", _MODES)
    a = sparse_parts(X_a, "X_a")
    b = sparse_parts(X_b, "X_b")
    if a[4] != b[4]:
        raise ValueError(
            f"X_a has {a[4]} columns but X_b has {b[4]}; vectorize both with one vocabulary"
        )
    raw = _analysis.align(
        *a,
        *b,
        mode=mode,
        threshold=float(threshold),
        candidates=positive_int(candidates, "candidates"),
        exact_max_cells=positive_int(exact_max_cells, "exact_max_cells", minimum=0),
        n_threads=n_threads(n_jobs),
    )
    return _result(raw)


def align_scores(scores: Any, *, threshold: float = 0.0, mode: str = "one-to-one") -> Alignment:
    """Aligns from a precomputed ``rows_a x rows_b`` similarity table (larger is better, NaN =
    no pair); one-to-one is always exact here. See :func:`align` for the rules."""
    choice(mode, "mode", _MODES)
    table = np.ascontiguousarray(scores, dtype=np.float64)
    if table.ndim != 2:
        raise ValueError(f"scores must be 2-dimensional, got an array of shape {table.shape}")
    return _result(_analysis.align_scores(table, mode=mode, threshold=float(threshold)))
