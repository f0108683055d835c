"""The benchmark steps of compare.py, one per library and task.

Each step has a ``prepare(inputs)`` (imports, conversions that are not part of the measured
work) returning a zero-argument ``run`` callable; ``run()`` does the measured work once and
returns a result for the checks. The same functions serve the in-process timing and the
fresh-subprocess memory measurement, so both measure the same thing.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse as sp
from _measure import drop_self

TOKEN_RE = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern


@dataclass
class Inputs:
    docs: list[str]
    x: sp.csr_matrix | None = None  # the scikit-learn tf-idf matrix of docs: input of top-k
    queries: np.ndarray | None = None  # rows of x to query; None = all-pairs
    k: int = 10
    jobs: int = 2


class TfidfResult:
    """A fitted matrix and its estimator; vocabulary and terms are read only when asked, after
    the measured step, so that building Python strings for them is not counted."""

    def __init__(self, matrix: sp.csr_matrix, estimator: Any) -> None:
        self.matrix = matrix
        self.estimator = estimator

    @cached_property
    def terms(self) -> list[str]:
        return [str(t) for t in self.estimator.get_feature_names_out()]

    @cached_property
    def vocabulary(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.terms)}

    @property
    def vocabulary_bytes(self) -> int | None:
        """What the engine says its vocabulary holds, if an attribute exposes it."""
        est = self.estimator
        for holder in (est, getattr(est, "model_", None)):
            for attr in ("vocabulary_memory_bytes", "memory_bytes"):
                value = getattr(holder, attr, None) if holder is not None else None
                if value is not None:
                    return int(value() if callable(value) else value)
        return None

    @property
    def vocabulary_dict_bytes(self) -> int | None:
        """Bytes of a fitted ``vocabulary_`` dict as it sits in memory (the dict, its str keys and
        int values), for the estimators whose contract makes the vocabulary a Python dict."""
        vocab = getattr(self.estimator, "vocabulary_", None)
        if not isinstance(vocab, dict):
            return None
        entries = sum(sys.getsizeof(t) + sys.getsizeof(i) for t, i in vocab.items())
        return sys.getsizeof(vocab) + entries


@dataclass
class TopKResult:
    indices: np.ndarray  # rows x k, -1 = no neighbour
    scores: np.ndarray | None


@dataclass
class Step:
    name: str
    library: str
    task: str  # "count", "tfidf" or "topk"
    threads: Callable[[Inputs], int]
    prepare: Callable[[Inputs], Callable[[], Any]]
    note: str = ""


def _threads_kw(fn: Any, n: int) -> dict[str, int]:
    """The thread-count keyword the callable accepts (n_jobs or n_threads), if any."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {"n_jobs": n}
    for name in ("n_jobs", "n_threads"):
        if name in params:
            return {name: n}
    return {}


def _query_rows(inp: Inputs) -> np.ndarray:
    return np.arange(inp.x.shape[0]) if inp.queries is None else inp.queries


# --- tf-idf / counting ---------------------------------------------------------------------


def _sk_tfidf(inp: Inputs):
    from sklearn.feature_extraction.text import TfidfVectorizer

    def run():
        vec = TfidfVectorizer()
        m = vec.fit_transform(inp.docs)
        return TfidfResult(m, vec)

    return run


def _sk_count(inp: Inputs):
    from sklearn.feature_extraction.text import CountVectorizer

    return lambda: CountVectorizer().fit_transform(inp.docs)


def _tt_sk_tfidf(jobs: Callable[[Inputs], int]):
    def prepare(inp: Inputs):
        from treatytext.sklearn import TfidfVectorizer

        kw = _threads_kw(TfidfVectorizer, jobs(inp))

        def run():
            vec = TfidfVectorizer(**kw)
            m = vec.fit_transform(inp.docs)
            return TfidfResult(m, vec)

        return run

    return prepare


def _tt_native(jobs: Callable[[Inputs], int]):
    def prepare(inp: Inputs):
        from treatytext.vectorizer import Vectorizer

        kw = _threads_kw(Vectorizer, jobs(inp))

        def run():
            vec = Vectorizer(**kw)
            m = vec.fit_transform(inp.docs)
            return TfidfResult(m, vec)

        return run

    return prepare


def _tt_count(jobs: Callable[[Inputs], int]):
    def prepare(inp: Inputs):
        from treatytext.counting import count

        kw = _threads_kw(count, jobs(inp))
        return lambda: count(inp.docs, **kw)

    return prepare


def _gs_tfidf(inp: Inputs):
    from gensim.corpora import Dictionary
    from gensim.models import TfidfModel

    def smooth_idf(df: float, n: float) -> float:
        # scikit-learn's smooth idf, so that gensim computes the same weights.
        return float(np.log((1.0 + n) / (1.0 + df)) + 1.0)

    def run():
        texts = [TOKEN_RE.findall(d.lower()) for d in inp.docs]
        dictionary = Dictionary(texts)
        model = TfidfModel(dictionary=dictionary, wglobal=smooth_idf, normalize=True)
        corpus = [model[dictionary.doc2bow(t)] for t in texts]
        return corpus, dictionary

    return run


# --- top-k ---------------------------------------------------------------------------------


def _tt_topk(jobs: Callable[[Inputs], int]):
    def prepare(inp: Inputs):
        from treatytext.similarity import top_k

        kw = _threads_kw(top_k, jobs(inp))
        x = inp.x

        def run():
            if inp.queries is None:
                idx, scores = top_k(x, inp.k, **kw)
            else:
                # Cross-set top-k of the query rows among all rows; self excluded by groups.
                q = inp.queries
                idx, scores = top_k(
                    x[q], inp.k, Y=x, groups=q, y_groups=np.arange(x.shape[0]), **kw
                )
            return TopKResult(np.asarray(idx, dtype=np.int64), np.asarray(scores))

        return run

    return prepare


def _sk_topk(inp: Inputs):
    from sklearn.neighbors import NearestNeighbors

    x = inp.x

    def run():
        nn = NearestNeighbors(
            n_neighbors=inp.k, metric="cosine", algorithm="brute", n_jobs=inp.jobs
        ).fit(x)
        if inp.queries is None:
            dist, idx = nn.kneighbors()  # X=None: a row is not its own neighbour
        else:
            dist, idx = nn.kneighbors(x[inp.queries], n_neighbors=inp.k + 1)
            idx, dist = drop_self(idx, inp.queries, inp.k, dist)
        return TopKResult(idx.astype(np.int64), 1.0 - dist)

    return run


def _gs_topk(inp: Inputs):
    from gensim.similarities import SparseMatrixSimilarity

    x = inp.x
    # The same matrix as the other libraries, in gensim's bag-of-words form (not timed).
    bows = [
        list(
            zip(
                x.indices[x.indptr[i] : x.indptr[i + 1]].tolist(),
                x.data[x.indptr[i] : x.indptr[i + 1]].tolist(),
                strict=True,
            )
        )
        for i in range(x.shape[0])
    ]
    rows = _query_rows(inp)
    k = inp.k

    def run():
        index = SparseMatrixSimilarity(
            bows, num_features=x.shape[1], num_docs=x.shape[0], num_nnz=x.nnz, num_best=k + 1
        )
        out = np.full((rows.size, k + 1), -1, dtype=np.int64)
        if inp.queries is None:
            results = iter(index)  # gensim's all-pairs: chunked queries of the whole index
        else:
            index.normalize = False
            results = (
                sims
                for start in range(0, rows.size, 256)
                for sims in index[[bows[i] for i in rows[start : start + 256]]]
            )
        for r, sims in enumerate(results):
            ids = [j for j, _ in sims]
            out[r, : len(ids)] = ids
        return TopKResult(drop_self(out, rows, k)[0], None)

    return run


def _jobs(inp: Inputs) -> int:
    return inp.jobs


def _one(inp: Inputs) -> int:
    return 1


STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        Step(
            "tt_count_1",
            "treatytext",
            "count",
            _one,
            _tt_count(_one),
            "treatytext.counting.count, default Analyzer",
        ),
        Step("sk_count", "scikit-learn", "count", _one, _sk_count, "CountVectorizer"),
        Step("sk_tfidf", "scikit-learn", "tfidf", _one, _sk_tfidf, "TfidfVectorizer"),
        Step(
            "tt_tfidf_1",
            "treatytext",
            "tfidf",
            _one,
            _tt_sk_tfidf(_one),
            "treatytext.sklearn.TfidfVectorizer",
        ),
        Step(
            "tt_tfidf",
            "treatytext",
            "tfidf",
            _jobs,
            _tt_sk_tfidf(_jobs),
            "treatytext.sklearn.TfidfVectorizer",
        ),
        Step(
            "tt_native",
            "treatytext",
            "tfidf",
            _jobs,
            _tt_native(_jobs),
            "treatytext.vectorizer.Vectorizer (own analyzer)",
        ),
        Step(
            "gs_tfidf", "gensim", "tfidf", _one, _gs_tfidf, "regex tokens + Dictionary + TfidfModel"
        ),
        Step("sk_topk", "scikit-learn", "topk", _jobs, _sk_topk, "NearestNeighbors cosine brute"),
        Step(
            "tt_topk_1", "treatytext", "topk", _one, _tt_topk(_one), "treatytext.similarity.top_k"
        ),
        Step(
            "tt_topk", "treatytext", "topk", _jobs, _tt_topk(_jobs), "treatytext.similarity.top_k"
        ),
        Step("gs_topk", "gensim", "topk", _one, _gs_topk, "SparseMatrixSimilarity num_best"),
    ]
}
