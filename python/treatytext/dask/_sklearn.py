"""CountVectorizer and TfidfVectorizer on Dask: treatytext.sklearn's estimators, fitted over
partitions with global pruning, transforming partitions independently.

Pass 1: every partition counts its documents in C++ (the estimator's own native analyzer) into
a :class:`~._partials.PartialCounts`; partials merge in a tree; the merged statistics are those
a single count of the whole collection gives, so scikit-learn's selection (min_df, max_df,
max_features and its tie order) and idf run once, on the client, on exactly the numbers the
single-machine fit uses. Pass 2: the fitted state (terms as one string, idf as one array) is one
key of the graph, so each worker receives it once, and each partition is transformed by the
single-machine code.
"""

from __future__ import annotations

import operator
import threading
from typing import Any

import dask
import numpy as np

from ..sklearn import _native
from ..sklearn import _text as sk_face
from ._collections import as_partitions, csr_array, partition_lengths, partition_texts, tree_reduce
from ._partials import PartialCounts, merge_partials

__all__ = ["CountVectorizer", "TfidfVectorizer"]


def _documents(est: Any, partition: Any, index: int) -> list[str]:
    # scikit-learn's decode reads files (input='filename'/'file') and decodes bytes with the
    # estimator's encoding and decode_error; str content passes as it is.
    reads = est.input != "content"
    return partition_texts(partition, index, decode=est.decode, reads_files=reads)


def _count_partition(est: Any, partition: Any, index: int) -> PartialCounts:
    """Pass 1 on one partition: its statistics before pruning."""
    docs = _documents(est, partition, index)
    content = _native.content_view(est)  # the documents are read already
    counts, _ = _native.count(
        content, _native.native_spec(est), docs, _native.n_threads(est.n_jobs)
    )
    if counts is None:
        raise TypeError(
            f"partition {index}: the analyzer produced terms that are not str, which "
            "treatytext.dask cannot merge; return str terms"
        )
    return PartialCounts.from_sklearn_counts(counts)


def _fixed_df_partition(est: Any, partition: Any, index: int) -> tuple[np.ndarray, int]:
    """Pass 1 with a fixed vocabulary: document frequencies against it and the row count."""
    docs = _documents(est, partition, index)
    matrix = _native.content_view(est)._counts_fixed(docs)
    df = np.bincount(matrix.indices, minlength=matrix.shape[1]).astype(np.int64)
    return df, matrix.shape[0]


def _add_fixed(*parts: tuple[np.ndarray, int]) -> tuple[np.ndarray, int]:
    return sum(p[0] for p in parts), sum(p[1] for p in parts)


class _Merged:
    """Merged partial counts seen through SklearnCounts' interface (terms indexed in sorted
    order), so that the single-machine estimator's own selection and vocabulary code runs on
    them unchanged."""

    def __init__(self, partial: PartialCounts) -> None:
        terms = partial.terms()
        # Python's str order is code point order, the core's sorted order of terms.
        by_term = np.asarray(sorted(range(len(terms)), key=terms.__getitem__), dtype=np.int64)
        rank = np.empty_like(by_term)
        rank[by_term] = np.arange(len(by_term), dtype=np.int64)
        self._sorted = [terms[i] for i in by_term]
        self._rank = rank
        self._df = partial.document_frequency[by_term]
        self._tf = partial.term_frequency[by_term]
        self.documents = partial.documents

    def document_frequency(self) -> np.ndarray:
        return self._df

    def term_frequency(self) -> np.ndarray:
        return self._tf

    def first_seen(self) -> np.ndarray:
        return self._rank

    def terms_at(self, indices: Any) -> list[str]:
        return [self._sorted[i] for i in np.asarray(indices, dtype=np.int64).tolist()]


class FittedState:
    """What workers need to transform: the single-machine estimator's parameters, its columns'
    terms as one string with offsets, and idf. Pickles compactly; the estimator is rebuilt once
    per process that unpickles it."""

    def __init__(self, cls: type, params: dict, fixed: bool, terms: PartialCounts, idf: Any):
        self.cls, self.params, self.fixed, self.terms, self.idf = cls, params, fixed, terms, idf
        self._lock = threading.Lock()
        self._estimator: Any = None
        self._content: Any = None

    def __reduce__(self) -> tuple:
        return (FittedState, (self.cls, self.params, self.fixed, self.terms, self.idf))

    @property
    def content_estimator(self) -> Any:
        """The fitted estimator reading documents as contents (for pass 2), built once."""
        with self._lock:
            if self._content is None:
                params = {**self.params, "input": "content"}
                self._content = FittedState(
                    self.cls, params, self.fixed, self.terms, self.idf
                ).estimator()
            return self._content

    def __dask_tokenize__(self) -> tuple:
        return (
            self.cls.__name__,
            repr(sorted(self.params.items())),
            self.fixed,
            self.terms.__dask_tokenize__(),
            None if self.idf is None else self.idf.tobytes(),
        )

    def reader(self) -> Any:
        """An unfitted estimator with the original parameters, whose ``decode`` reads the
        documents (files for ``input="filename"``, bytes in its encoding)."""
        return self.cls(**self.params)

    def estimator(self) -> Any:
        """The fitted treatytext.sklearn estimator (built on first use, then shared)."""
        with self._lock:
            if self._estimator is None:
                est = self.cls(**self.params)
                est.vocabulary_ = {t: i for i, t in enumerate(self.terms.terms())}
                est.fixed_vocabulary_ = self.fixed
                if isinstance(est, sk_face.TfidfVectorizer):
                    est._tfidf = est._new_tfidf()
                    if self.idf is not None:
                        est._tfidf.idf_ = self.idf
                    est._tfidf.n_features_in_ = len(self.terms)
                self._estimator = est
            return self._estimator


def _transform_partition(state: FittedState, partition: Any, index: int) -> Any:
    """Pass 2 on one partition: the single-machine transform of its documents."""
    docs = _documents(state.reader(), partition, index)
    return state.content_estimator.transform(docs)


class _DaskFace:
    """fit / transform / fit_transform over dask collections, shared by both vectorizers."""

    _single_machine: type

    def _fit_partitions(self, partitions: list) -> list[int]:
        """Pass 1 and the global fit; returns the documents of each partition."""
        self._validate_params()
        self._validate_ngram_range()
        self._warn_for_unused_params()
        self._validate_vocabulary()
        self.build_analyzer()  # validates what the native analyzer does not read
        local = self._single_machine(**self._local_params())
        if isinstance(self, sk_face.TfidfVectorizer):
            self._check_params()
            self._tfidf = self._new_tfidf()
        if local._count_output() is None or (
            isinstance(self, sk_face.TfidfVectorizer)
            and self._values_dtype() not in sk_face._FUSED_DTYPES
        ):
            raise TypeError(f"dtype {self.dtype!r} is not supported by treatytext.dask")
        if self.fixed_vocabulary_:
            local.vocabulary_ = self.vocabulary_
        est = dask.delayed(local, pure=True)
        if self.fixed_vocabulary_:
            pieces = [
                dask.delayed(_fixed_df_partition, pure=True)(est, p, i)
                for i, p in enumerate(partitions)
            ]
            total = tree_reduce(pieces, dask.delayed(_add_fixed, pure=True))
            rows = [dask.delayed(operator.itemgetter(1), pure=True)(p) for p in pieces]
            (df, documents), *sizes = dask.compute(total, *rows)
            self._native_weighting(df, documents)
            return [int(n) for n in sizes]
        partials = [
            dask.delayed(_count_partition, pure=True)(est, p, i) for i, p in enumerate(partitions)
        ]
        merged = tree_reduce(partials, dask.delayed(merge_partials, pure=True))
        sizes = [dask.delayed(operator.attrgetter("documents"), pure=True)(p) for p in partials]
        total, *rows = dask.compute(merged, *sizes)
        if total.documents == 0 or len(total) == 0:
            raise ValueError(sk_face._EMPTY_VOCABULARY)
        counts = _Merged(total)
        kept = self._kept_terms(counts)
        column_of = np.full(len(total), -1, dtype=np.int32)
        column_of[kept] = np.arange(len(kept), dtype=np.int32)
        self._set_vocabulary(counts, column_of)
        self._native_weighting(counts.document_frequency()[kept], counts.documents)
        return [int(n) for n in rows]

    def _local_params(self) -> dict:
        params = self.get_params(deep=False)
        params["n_jobs"] = 1 if self.n_jobs is None else self.n_jobs
        return params

    def _state(self) -> FittedState:
        terms: list[Any] = [None] * len(self.vocabulary_)
        for term, column in self.vocabulary_.items():
            terms[column] = term
        idf = getattr(getattr(self, "_tfidf", None), "idf_", None)
        packed = PartialCounts.from_terms(terms, np.zeros(0), np.zeros(0), 0)
        return FittedState(
            self._single_machine, self._local_params(), self.fixed_vocabulary_, packed, idf
        )

    def _output_dtype(self) -> np.dtype:
        if isinstance(self, sk_face.TfidfVectorizer):
            return np.dtype(np.float32 if self._values_dtype() == np.float32 else np.float64)
        return np.dtype(self.dtype)

    def _transform_partitions(self, partitions: list, rows: list[int]) -> Any:
        state = dask.delayed(self._state(), pure=True)
        blocks = [
            dask.delayed(_transform_partition, pure=True)(state, p, i)
            for i, p in enumerate(partitions)
        ]
        return csr_array(blocks, rows, len(self.vocabulary_), self._output_dtype())

    def fit(self, raw_documents: Any, y: Any = None) -> Any:
        """Learns the vocabulary (and idf) from a dask collection of texts, pruning globally.

        Parameters
        ----------
        raw_documents : dask.bag.Bag, dask.dataframe.Series or 1-D dask.array.Array
            Texts (str, or bytes decoded with ``encoding``; file names for
            ``input="filename"``, read by the workers).

        Returns
        -------
        self
            With ``vocabulary_`` (and ``idf_``) equal to the single-machine fit's.
        """
        self._fit_partitions(as_partitions(raw_documents, "raw_documents"))
        return self

    def fit_transform(self, raw_documents: Any, y: Any = None) -> Any:
        """Fits, then transforms the same partitions (two passes over the text, no more).

        Returns
        -------
        dask.array.Array
            Documents x terms, chunks of ``scipy.sparse.csr_matrix`` with known sizes (one per
            partition); ``.compute()`` equals the single-machine ``fit_transform``.
        """
        partitions = as_partitions(raw_documents, "raw_documents")
        rows = self._fit_partitions(partitions)
        return self._transform_partitions(partitions, rows)

    def transform(self, raw_documents: Any) -> Any:
        """The matrix of a dask collection against the fitted vocabulary (a cheap pass counts
        the partitions' rows first, for known chunk sizes)."""
        self._check_vocabulary()
        partitions = as_partitions(raw_documents, "raw_documents")
        return self._transform_partitions(partitions, partition_lengths(partitions))

    def to_sklearn(self) -> Any:
        """The fitted single-machine estimator (treatytext.sklearn), equal to this one."""
        self._check_vocabulary()
        return self._state().estimator()


class CountVectorizer(_DaskFace, sk_face.CountVectorizer):
    __doc__ = (
        "treatytext.sklearn.CountVectorizer on Dask collections: same parameters, same fitted\n"
        "vocabulary_, and a dask array of CSR chunks equal to the single-machine matrix.\n\n"
        + (sk_face.CountVectorizer.__doc__ or "")
    )
    _single_machine = sk_face.CountVectorizer


class TfidfVectorizer(_DaskFace, sk_face.TfidfVectorizer):
    __doc__ = (
        "treatytext.sklearn.TfidfVectorizer on Dask collections: same parameters, same fitted\n"
        "vocabulary_ and idf_, and a dask array of CSR chunks equal to the single-machine\n"
        "matrix.\n\n" + (sk_face.TfidfVectorizer.__doc__ or "")
    )
    _single_machine = sk_face.TfidfVectorizer

    def transform(self, raw_documents: Any) -> Any:
        """The tf-idf matrix of a dask collection (vocabulary and idf from fit)."""
        return _DaskFace.transform(self, raw_documents)
