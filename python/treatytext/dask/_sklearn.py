"""CountVectorizer and TfidfVectorizer on Dask: treatytext.sklearn's estimators, fitted over
partitions with global pruning, transforming partitions independently.

Pass 1: every partition counts its documents in C++ with the estimator's own analyzer into the
core's ``PartialCounts`` (terms, document and term frequencies; no matrix; pickled as one byte
buffer); partials merge in a tree with ``merge_partial_counts``, in partition order, so the
merged statistics are those of one count over the whole collection, and scikit-learn's selection
(min_df, max_df, max_features and its tie order) and idf run once, on the client
(``fit_partial_counts``). Pass 2: the fitted state (the columns' terms as one core Vocabulary,
idf as one array) is one key of the graph, so each worker receives it once, and each partition
is transformed by the single-machine code. In ``fit_transform`` pass 1 counts each partition
into a ``PartitionCounts`` instead (the same statistics plus its rows against its own terms, 8
bytes per non-zero), persisted on its worker, and pass 2 remaps those rows to the fitted columns
with the single-machine writer (``transform_partition``): the text is read and analyzed once.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from .. import _core
from ..sklearn import _native
from ..sklearn import _text as sk_face
from ._collections import (
    Partitions,
    count_partitions,
    count_partitions_kept,
    partition_lengths,
    partition_texts,
    remap_partitions,
    transform_partitions,
)

__all__ = ["CountVectorizer", "TfidfVectorizer"]


def _documents(est: Any, partition: Any, index: int) -> list[str]:
    # scikit-learn's decode reads files (input='filename'/'file') and decodes bytes with the
    # estimator's encoding and decode_error; str content passes as it is.
    reads = est.input != "content"
    return partition_texts(partition, index, decode=est.decode, reads_files=reads)


def _count_partition(est: Any, partition: Any, index: int) -> Any:
    """Pass 1 on one partition: its PartialCounts (the documents read here, by the worker)."""
    docs = _documents(est, partition, index)
    return _native.content_view(est).partial_counts(docs)


def _count_partition_rows(est: Any, partition: Any, index: int) -> Any:
    """Pass 1 of fit_transform on one partition: its PartitionCounts (statistics and rows)."""
    docs = _documents(est, partition, index)
    return _native.content_view(est).partition_counts(docs)


class FittedState:
    """What workers need to transform: the single-machine estimator's parameters, its columns'
    terms as one string with offsets, and idf. Pickles compactly; the estimator is rebuilt once
    per process that unpickles it."""

    def __init__(self, cls: type, params: dict, fixed: bool, terms: Any, idf: Any):
        self.cls, self.params, self.fixed, self.terms, self.idf = cls, params, fixed, terms, idf
        self._lock = threading.Lock()
        self._estimator: Any = None
        self._content: Any = None
        self._writer: Any = None

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

    @property
    def partition_writer(self) -> tuple[Any, Any]:
        """(estimator, core SklearnVocabulary) for pass 2 of fit_transform, built once: the
        columns are copied from ``terms`` in C++, and the estimator only weights (it has no
        ``vocabulary_``, whose dict of str would cost more than the remap of a partition)."""
        with self._lock:
            if self._writer is None:
                self._writer = (
                    self._weighting(self.cls(**self.params)),
                    _core.SklearnVocabulary(self.terms),
                )
            return self._writer

    def __dask_tokenize__(self) -> tuple:
        return (
            self.cls.__name__,
            repr(sorted(self.params.items())),
            self.fixed,
            self.terms.to_bytes(),
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
                est = self._weighting(self.cls(**self.params))
                est.vocabulary_ = {t: i for i, t in enumerate(self.terms.terms())}
                est.fixed_vocabulary_ = self.fixed
                self._estimator = est
            return self._estimator

    def _weighting(self, est: Any) -> Any:
        """``est`` with the fitted idf (TfidfVectorizer), the part of the fit that weights."""
        if isinstance(est, sk_face.TfidfVectorizer):
            est._tfidf = est._new_tfidf()
            if self.idf is not None:
                est._tfidf.idf_ = self.idf
            est._tfidf.n_features_in_ = len(self.terms)
        return est


def _transform_partition(state: FittedState, partition: Any, index: int) -> Any:
    """Pass 2 on one partition: the single-machine transform of its documents."""
    docs = _documents(state.reader(), partition, index)
    return state.content_estimator.transform(docs)


def _remap_partition(state: FittedState, counted: Any) -> Any:
    """Pass 2 of fit_transform on one partition: its rows against the fitted columns."""
    estimator, columns = state.partition_writer
    return estimator._write_partition(counted, columns)


class _DaskFace:
    """fit / transform / fit_transform over dask collections, shared by both vectorizers."""

    _single_machine: type

    def _fit_partitions(
        self, partitions: Partitions, keep_rows: bool = False
    ) -> tuple[list[int], Any]:
        """Pass 1 and the global fit; returns the documents of each partition and, with
        keep_rows when the configuration is counted natively, the persisted PartitionCounts
        of each (else None)."""
        # scikit-learn's checks before any partition is read, so that mistakes show at once.
        self._validate_params()
        self._validate_ngram_range()
        self._warn_for_unused_params()
        self._validate_vocabulary()
        if isinstance(self, sk_face.TfidfVectorizer):
            self._check_params()
        self.build_analyzer()  # validates what the native analyzer does not read
        local = self._single_machine(**self._local_params())
        if keep_rows and _native.content_view(local)._partition_rows_supported():
            total, rows, counted = count_partitions_kept(local, partitions, _count_partition_rows)
        else:
            (total, rows), counted = count_partitions(local, partitions, _count_partition), None
        self.fit_partial_counts(total)
        return rows, counted

    def _local_params(self) -> dict:
        params = self.get_params(deep=False)
        params["n_jobs"] = 1 if self.n_jobs is None else self.n_jobs
        return params

    def _state(self) -> FittedState:
        terms: list[Any] = [None] * len(self.vocabulary_)
        for term, column in self.vocabulary_.items():
            terms[column] = term
        idf = getattr(getattr(self, "_tfidf", None), "idf_", None)
        return FittedState(
            self._single_machine,
            self._local_params(),
            self.fixed_vocabulary_,
            _core.Vocabulary(terms),
            idf,
        )

    def _output_dtype(self) -> np.dtype:
        if isinstance(self, sk_face.TfidfVectorizer):
            return np.dtype(np.float32 if self._values_dtype() == np.float32 else np.float64)
        return np.dtype(self.dtype)

    def _transform_partitions(self, partitions: Partitions, rows: list[int]) -> Any:
        return transform_partitions(
            self._state(),
            partitions,
            rows,
            len(self.vocabulary_),
            self._output_dtype(),
            _transform_partition,
        )

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
        self._fit_partitions(Partitions(raw_documents, "raw_documents"))
        return self

    def fit_transform(self, raw_documents: Any, y: Any = None) -> Any:
        """Fits, then transforms the same partitions. The text is read and analyzed once: each
        partition's rows, counted against its own terms in pass 1, stay on the worker and are
        remapped to the fitted columns (configurations analyzed in Python read the partitions
        a second time). Those rows (8 bytes per non-zero) stay in the workers' memory while the
        returned array references them: persist it (or write it out) and drop the lazy array
        to free them.

        Returns
        -------
        dask.array.Array
            Documents x terms, chunks of ``scipy.sparse.csr_matrix`` with known sizes (one per
            partition); ``.compute()`` equals the single-machine ``fit_transform``.
        """
        partitions = Partitions(raw_documents, "raw_documents")
        rows, counted = self._fit_partitions(partitions, keep_rows=True)
        if counted is None:
            return self._transform_partitions(partitions, rows)
        columns, dtype = len(self.vocabulary_), self._output_dtype()
        return remap_partitions(self._state(), counted, rows, columns, dtype, _remap_partition)

    def transform(self, raw_documents: Any) -> Any:
        """The matrix of a dask collection against the fitted vocabulary (a cheap pass counts
        the partitions' rows first, for known chunk sizes)."""
        self._check_vocabulary()
        partitions = Partitions(raw_documents, "raw_documents")
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
