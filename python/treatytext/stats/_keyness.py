"""Keyness: terms a target corpus uses more (or less) than a reference corpus."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from .._core import analysis as _analysis
from ._common import choice, pandas, sparse_parts, term_labels


@dataclass(frozen=True)
class KeynessResult:
    """Keyness of each term, one entry per term, sorted by the statistic unless asked not to.

    Attributes
    ----------
    measure : {"g2", "chi2"}
        The statistic behind ``statistic``, ``p_value`` and the order.
    term : ndarray of int64
        Term ids (columns of the input).
    terms : ndarray of object or None
        The term strings, when ``terms`` was given.
    target_count, reference_count : ndarray of float64
        Counts of the term in each corpus.
    g2, chi2 : ndarray of float64
        Dunning's log-likelihood and Pearson's chi² (Yates-corrected if asked) of the 2x2 table.
    p_value : ndarray of float64
        Upper tail of chi-square with 1 degree of freedom at the chosen statistic.
    log_ratio : ndarray of float64
        Binary log of the ratio of relative frequencies, with ``smoothing`` added to both counts.
    percent_diff : ndarray of float64
        %DIFF, ``100 (f_t - f_r) / f_r`` of relative frequencies (``inf`` when f_r = 0).
    odds_ratio : ndarray of float64
        ``(a d) / (b c)``, +0.5 on every cell when one is zero.
    sign : ndarray of int8
        +1 over-used in the target, -1 under-used, 0 equal.
    target_total, reference_total : float
        Total counts of each corpus.
    """

    measure: str
    term: np.ndarray
    terms: np.ndarray | None
    target_count: np.ndarray
    reference_count: np.ndarray
    g2: np.ndarray
    chi2: np.ndarray
    p_value: np.ndarray
    log_ratio: np.ndarray
    percent_diff: np.ndarray
    odds_ratio: np.ndarray
    sign: np.ndarray
    target_total: float
    reference_total: float

    @property
    def statistic(self) -> np.ndarray:
        """The chosen statistic: ``g2`` or ``chi2``."""
        return self.g2 if self.measure == "g2" else self.chi2

    def __len__(self) -> int:
        return len(self.term)

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per term, in the result's order."""
        pd = pandas()
        return pd.DataFrame(
            {
                "term": self.terms if self.terms is not None else self.term,
                "term_id": self.term,
                "target_count": self.target_count,
                "reference_count": self.reference_count,
                "g2": self.g2,
                "chi2": self.chi2,
                "p_value": self.p_value,
                "log_ratio": self.log_ratio,
                "percent_diff": self.percent_diff,
                "odds_ratio": self.odds_ratio,
                "sign": self.sign,
            }
        )


def _is_matrix(value: Any) -> bool:
    return sp.issparse(value) or np.ndim(value) == 2


def keyness(
    target_counts: Any,
    reference_counts: Any,
    terms: Sequence[str] | None = None,
    *,
    measure: str = "g2",
    correction: bool = False,
    smoothing: float = 0.5,
    min_count: float = 1.0,
    sort: bool = True,
) -> KeynessResult:
    """Keyness of every term of a target corpus against a reference corpus.

    For each term the 2x2 table (term / other terms x target / reference) is compared with
    independence: Dunning's log-likelihood G² and Pearson's chi², a p-value (chi-square, 1 df)
    and effect sizes (log ratio, %DIFF, odds ratio).

    Parameters
    ----------
    target_counts, reference_counts : array-like
        Either count vectors (1-D, one entry per term) or count matrices (2-D numpy or
        scipy.sparse, rows = clauses or documents, columns = terms), whose column sums are used.
        Both must cover the same terms; counts must be finite and non-negative.
    terms : sequence of str, optional
        The term of each column, carried into the result and ``to_frame()``.
    measure : {"g2", "chi2"}
        The statistic behind ``p_value`` and the order.
    correction : bool
        Yates' continuity correction of chi² (G² is never corrected).
    smoothing : float
        Added to both counts of a term before the log ratio; 0 gives ±inf for zero counts.
    min_count : float
        Terms whose combined count is below this are left out.
    sort : bool
        Sort by the statistic, descending (ties: lower term id); False keeps term order.

    Returns
    -------
    KeynessResult

    Raises
    ------
    ValueError
        For an unknown measure, mismatched lengths, negative or non-finite counts, or an empty
        corpus.
    """
    choice(measure, "measure", ("g2", "chi2"))
    options = dict(
        measure=measure,
        yates=bool(correction),
        smoothing=float(smoothing),
        min_count=float(min_count),
        sort=bool(sort),
    )
    if _is_matrix(target_counts) or _is_matrix(reference_counts):
        parts = []
        for value, name in (
            (target_counts, "target_counts"),
            (reference_counts, "reference_counts"),
        ):
            if not _is_matrix(value):
                value = np.asarray(value, dtype=np.float64).reshape(1, -1)
            parts.append(sparse_parts(value, name))
        (td, ti, tp, tr, tc), (rd, ri, rp, rr, rc) = parts
        raw = _analysis.keyness_matrices(td, ti, tp, tr, tc, rd, ri, rp, rr, rc, **options)
        columns = tc
    else:
        target = np.asarray(target_counts, dtype=np.float64)
        reference = np.asarray(reference_counts, dtype=np.float64)
        for value, name in ((target, "target_counts"), (reference, "reference_counts")):
            if value.ndim != 1:
                raise ValueError(f"{name} must be a count vector or a 2-D count matrix")
        raw = _analysis.keyness(target, reference, **options)
        columns = target.shape[0]
    if terms is not None and len(terms) != columns:
        raise ValueError(f"terms has {len(terms)} entries but the counts cover {columns} terms")
    target_total = float(raw.pop("target_total"))
    reference_total = float(raw.pop("reference_total"))
    return KeynessResult(
        measure=measure,
        terms=term_labels(raw["term"], terms),
        target_total=target_total,
        reference_total=reference_total,
        **raw,
    )


def chi2_sf(x: float, df: int = 1) -> float:
    """Upper tail of the chi-square distribution, for df = 1 or an even df (the core's)."""
    return float(_analysis.chi_squared_sf(float(x), int(df)))
