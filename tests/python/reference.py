"""A naive reference of counting and weighting, written for clarity, not speed.

Plain Python loops and dense numpy arrays, formula by formula as the docstrings of
``treatytext.weighting`` state them, so that the C++ fast path can be checked against an
independent implementation. Also: reading the ToTA article texts for tests.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np


def naive_count(tokenized: list[list[str]]) -> tuple[list[str], np.ndarray]:
    """Terms sorted as Python sorts str, and the dense documents x terms count matrix."""
    terms = sorted({term for document in tokenized for term in document})
    column = {term: i for i, term in enumerate(terms)}
    counts = np.zeros((len(tokenized), len(terms)))
    for row, document in enumerate(tokenized):
        for term in document:
            counts[row, column[term]] += 1
    return terms, counts


def naive_prune(
    terms: list[str],
    counts: np.ndarray,
    min_df: float | int = 1,
    max_df: float | int = 1.0,
    max_features: int | None = None,
) -> tuple[list[str], np.ndarray]:
    """scikit-learn's rules: an int bound counts documents, a float is a proportion; then the
    max_features most frequent terms, ties broken by the lower term."""
    n = counts.shape[0]
    df = (counts > 0).sum(axis=0)
    low = min_df if isinstance(min_df, int) else min_df * n
    high = max_df if isinstance(max_df, int) else max_df * n
    keep = [i for i in range(len(terms)) if low <= df[i] <= high]
    if max_features is not None and len(keep) > max_features:
        tf = counts.sum(axis=0)
        keep = sorted(keep, key=lambda i: (-tf[i], terms[i]))[:max_features]
    keep.sort(key=lambda i: terms[i])
    return [terms[i] for i in keep], counts[:, keep]


def naive_idf(df: np.ndarray, n: int, scheme: str) -> np.ndarray:
    """idf per term for a scheme name ("none", "plain", "smooth", "probabilistic", "bm25")."""
    result = []
    for d in df:
        d = float(d)
        if scheme == "none":
            result.append(1.0)
        elif scheme == "plain":
            result.append(math.log(n / d) + 1)
        elif scheme == "smooth":
            result.append(math.log((1 + n) / (1 + d)) + 1)
        elif scheme == "probabilistic":
            result.append(max(0.0, math.log((n - d) / d)))
        elif scheme == "bm25":
            result.append(math.log(1 + (n - d + 0.5) / (d + 0.5)))
        else:
            raise ValueError(scheme)
    return np.array(result)


def naive_weights(
    counts: np.ndarray,
    idf: np.ndarray,
    *,
    tf: str = "raw",
    norm: str = "l2",
    bm25: bool = False,
    k1: float = 1.2,
    b: float = 0.75,
    average_length: float = 1.0,
) -> np.ndarray:
    """Dense weighted matrix, entry by entry."""
    rows, cols = counts.shape
    out = np.zeros((rows, cols))
    for r in range(rows):
        length = counts[r].sum()
        row_max = counts[r].max() if cols else 0.0
        present = [c for c in np.flatnonzero(counts[r])]
        for c in present:
            x = counts[r, c]
            if bm25:
                saturation = k1 * (1 - b + b * length / average_length)
                out[r, c] = idf[c] * x * (k1 + 1) / (x + saturation)
                continue
            if tf == "raw":
                t = x
            elif tf == "binary":
                t = 1.0
            elif tf == "log":
                t = 1 + math.log(x)
            elif tf == "augmented":
                t = 0.5 + 0.5 * x / row_max
            else:
                raise ValueError(tf)
            out[r, c] = t * idf[c]
        if norm == "l2":
            total = math.sqrt(sum(out[r, c] * out[r, c] for c in present))
        elif norm == "l1":
            total = sum(abs(out[r, c]) for c in present)
        else:
            total = 0.0
        if total > 0:
            out[r] /= total
    return out


def tota_articles(tota_dir: Path, files: int) -> list[str]:
    """Article texts of pta_1.xml .. pta_<files>.xml, in order."""
    texts = []
    for i in range(1, files + 1):
        path = tota_dir / f"pta_{i}.xml"
        if path.exists():
            texts.extend(article.text or "" for article in ET.parse(path).iter("article"))
    return texts
