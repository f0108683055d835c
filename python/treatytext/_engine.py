"""The one place where the analyst's layer calls the engine.

Every heavy step (segmenting, tokenizing, counting, weighting, similarity, statistics,
clustering) runs in the C++ core through the stage modules; this file only forwards to them, so
that a change in a stage's Python signature is absorbed here and nowhere else. The imports are
lazy: loading :mod:`treatytext.document` does not load the vectorizer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

#: Analyzer options of a Corpus unless told otherwise: the engine's defaults plus English stop
#: words and a minimum length of two, so that top terms and themes speak of content, not of
#: "the", "of" or the "u" and "n" of "U.N.".
DEFAULT_ANALYZER: dict[str, Any] = {"stop_words": "english", "min_length": 2}


def decode(data: bytes, errors: str = "strict") -> str:
    """UTF-8 bytes to str; strict mode raises ValueError naming the byte offset."""
    from .text import decode as _decode

    return _decode(data, errors=errors)


def segment(text: str, **options: Any) -> list:
    """Every clause of ``text`` in document order (see :func:`treatytext.segment.segment`)."""
    from .segment import segment as _segment

    return list(_segment(text, **options))


def make_clause(**fields: Any) -> Any:
    """A Clause built from its fields, for documents whose structure is known (ToTA)."""
    from .segment import Clause

    return Clause(**fields)


def analyzer(options: Mapping[str, Any] | None = None) -> Any:
    """An engine Analyzer with these options."""
    from .analyzer import Analyzer

    return Analyzer(**dict(options or {}))


def token_spans(text: str, analyzer: Any) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Terms and code-point (start, end) offsets of the tokens of ``text``."""
    return analyzer.token_arrays(text)


def count(texts: Sequence[str], options: Mapping[str, Any] | None, n_jobs: int = 1) -> Any:
    """Counts (terms, csr matrix, document_frequency, term_frequency) of ``texts``."""
    from .counting import count as _count

    return _count(list(texts), analyzer=analyzer(options), n_jobs=n_jobs)


def vectorizer(
    options: Mapping[str, Any] | None,
    weighting: str = "tfidf",
    min_df: int | float = 1,
    n_jobs: int = 1,
) -> Any:
    """An unfitted engine Vectorizer with these analyzer options."""
    from .vectorizer import Vectorizer

    return Vectorizer(weighting=weighting, min_df=min_df, n_jobs=n_jobs, **dict(options or {}))


def cosine(x: Any, y: Any = None) -> np.ndarray:
    """Dense cosine similarities of the rows of x (and y)."""
    from .similarity import cosine_similarity

    return np.asarray(cosine_similarity(x, y))


def top_k(
    x: Any,
    k: int,
    y: Any = None,
    *,
    threshold: float | None = None,
    exclude_self: bool = True,
    groups: Sequence[int] | np.ndarray | None = None,
    y_groups: Sequence[int] | np.ndarray | None = None,
    n_jobs: int = 1,
) -> tuple[np.ndarray, np.ndarray]:
    """Exact cosine top-k: (indices, scores), rows x k, missing slots -1 / NaN."""
    from .similarity import top_k as _top_k

    indices, scores = _top_k(
        x,
        k=k,
        Y=y,
        threshold=threshold,
        exclude_self=exclude_self,
        groups=None if groups is None else np.asarray(groups, dtype=np.int64),
        y_groups=None if y_groups is None else np.asarray(y_groups, dtype=np.int64),
        n_jobs=n_jobs,
    )
    return np.asarray(indices, dtype=np.int64), np.asarray(scores, dtype=np.float64)


def keyness(
    target: np.ndarray,
    reference: np.ndarray,
    terms: Sequence[str],
    measure: str = "g2",
    correction: bool = False,
) -> Any:
    """Keyness of each term, target counts against reference counts, as a DataFrame (term,
    target_count, reference_count, g2, chi2, p_value, log_ratio, ..., sign)."""
    from .stats import keyness as _keyness

    result = _keyness(target, reference, list(terms), measure=measure, correction=correction)
    return result.to_frame()


def collocations(
    sequences: Sequence[np.ndarray], terms: Sequence[str], n: int, min_count: int, score: str
) -> Any:
    """Word n-gram collocations of term-id sequences (-1 marks a gap) as a DataFrame (ngram,
    w1..wn, count, expected, g2, p_value, pmi), best first by ``score``."""
    from .stats import collocations as _collocations

    result = _collocations(sequences, list(terms), n=n, min_count=min_count, score=score)
    return result.to_frame()


def lsa(x: Any, n_components: int, seed: int = 0, n_jobs: int = 1) -> np.ndarray:
    """Latent semantic analysis: the rows of x embedded in n_components dimensions."""
    from .stats import lsa as _lsa

    result = _lsa(x, n_components=n_components, seed=seed, n_jobs=n_jobs)
    return np.asarray(result.embedding, dtype=np.float64)


def kmeans(x: np.ndarray, n_clusters: int, seed: int = 0, n_jobs: int = 1) -> np.ndarray:
    """k-means labels of the rows of a dense x."""
    from .stats import kmeans as _kmeans

    result = _kmeans(x, n_clusters, seed=seed, n_jobs=n_jobs)
    return np.asarray(result.labels, dtype=np.int64)


def agglomerative(x: Any, n_clusters: int, linkage: str = "average", n_jobs: int = 1) -> np.ndarray:
    """Agglomerative clustering labels of the rows of x on cosine distance."""
    from .stats import agglomerative as _agglomerative

    result = _agglomerative(x, n_clusters, linkage=linkage, n_jobs=n_jobs)
    return np.asarray(result.labels, dtype=np.int64)


def cluster_terms(x: Any, labels: np.ndarray, terms: Sequence[str], n: int) -> list[list[str]]:
    """The n terms of highest mean weight over each cluster's rows (its centroid)."""
    from .stats import cluster_terms as _cluster_terms

    result = _cluster_terms(x, labels, list(terms), n=n)
    return [list(row) for row in result.terms]


def align(
    x_a: Any, x_b: Any, threshold: float, one_to_one: bool, n_jobs: int = 1
) -> tuple[list[tuple[int, int, float]], list[int], list[int]]:
    """Clause alignment: (pairs (i, j, score), unmatched rows of a, unmatched rows of b)."""
    from .stats import align as _align

    mode = "one-to-one" if one_to_one else "one-to-many"
    result = _align(x_a, x_b, threshold=threshold, mode=mode, n_jobs=n_jobs)
    pairs = [
        (int(i), int(j), float(s))
        for i, j, s in zip(result.a_index, result.b_index, result.score, strict=True)
    ]
    return pairs, [int(i) for i in result.unmatched_a], [int(j) for j in result.unmatched_b]
