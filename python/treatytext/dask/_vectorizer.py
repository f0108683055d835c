"""treatytext.dask.Vectorizer: the native Vectorizer (tf-idf, BM25, ...) fitted over partitions.

Pass 1 counts each partition with the native analyzer into the core's ``PartialCounts`` (with
the total length BM25's average needs), merged in a tree; the core then prunes and weights once
(``fit_partial_counts``), so the model equals the single-machine fit. Pass 2 sends the fitted
Vectorizer (its model as one JSON string) once to each worker, which transforms its partitions;
in ``fit_transform`` it remaps and weights the rows each partition kept from pass 1
(``PartitionCounts``, persisted on its worker) instead of analyzing the text again.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import vectorizer as single
from ._collections import (
    Partitions,
    count_partitions,
    count_partitions_kept,
    partition_lengths,
    partition_texts,
    remap_partitions,
    transform_partitions,
)

__all__ = ["Vectorizer"]


def _count_partition(est: single.Vectorizer, partition: Any, index: int) -> Any:
    return est.partial_counts(partition_texts(partition, index))


def _transform_partition(est: single.Vectorizer, partition: Any, index: int) -> Any:
    return est.transform(partition_texts(partition, index))


def _count_partition_rows(est: single.Vectorizer, partition: Any, index: int) -> Any:
    return est.partition_counts(partition_texts(partition, index))


def _remap_partition(est: single.Vectorizer, counted: Any) -> Any:
    return est.transform_partition(counted)


def _count_matrix_partition(est: single.Vectorizer, partition: Any, index: int) -> Any:
    return est.count(partition_texts(partition, index))


class Vectorizer(single.Vectorizer):
    """:class:`treatytext.Vectorizer` on Dask collections: same parameters and fitted model.

    ``fit``, ``fit_transform``, ``transform`` and ``count`` take a ``dask.bag.Bag`` of texts, a
    ``dask.dataframe`` Series or a 1-D ``dask.array`` of objects (str, or bytes in UTF-8) and
    return dask arrays of ``scipy.sparse.csr_matrix`` chunks (float64) with known sizes, one per
    partition. The fit (vocabulary, document frequencies, idf, BM25's average length) equals
    ``treatytext.Vectorizer`` on the concatenated partitions, and every matrix equals the
    single-machine one bit for bit, for any partitioning. ``n_jobs`` is the threads of each task
    (default 1: the workers are the parallelism). The fitted attributes (``vocabulary_``,
    ``idf_``, ``model_``...) and :meth:`to_single` give the single-machine Vectorizer.
    """

    def _single(self) -> single.Vectorizer:
        """A treatytext.Vectorizer with these parameters (unfitted)."""
        return single.Vectorizer(**self.get_params())

    def fit(self, documents: Any) -> Vectorizer:  # type: ignore[override]
        """Learns vocabulary, document frequencies and idf from a dask collection, pruning once
        over all partitions. ``ValueError`` when no term survives."""
        self._fit_partitions(Partitions(documents))
        return self

    def _fit_partitions(self, partitions: Partitions) -> list[int]:
        total, rows = count_partitions(self._single(), partitions, _count_partition)
        self.fit_partial_counts(total)
        return rows

    def _matrix(self, partitions: Partitions, rows: list[int], transform: Any) -> Any:
        fitted = self.to_single()
        columns = len(fitted.model_)
        return transform_partitions(fitted, partitions, rows, columns, np.float64, transform)

    def fit_transform(self, documents: Any) -> Any:  # type: ignore[override]
        """Fits, then returns the weighted matrix of the same partitions, reading and analyzing
        the text once: each partition's rows, counted against its own terms in pass 1, stay on
        the worker (8 bytes per non-zero, while the returned array references them) and are
        remapped to the fitted columns and weighted."""
        partitions = Partitions(documents)
        total, rows, counted = count_partitions_kept(
            self._single(), partitions, _count_partition_rows
        )
        self.fit_partial_counts(total)
        fitted = self.to_single()
        columns = len(fitted.model_)
        return remap_partitions(fitted, counted, rows, columns, np.float64, _remap_partition)

    def transform(self, documents: Any) -> Any:  # type: ignore[override]
        """Weighted vectors of a dask collection against the fitted vocabulary (a cheap pass
        counts the partitions' rows first, for known chunk sizes)."""
        self._fitted_core()
        partitions = Partitions(documents)
        return self._matrix(partitions, partition_lengths(partitions), _transform_partition)

    def count(self, documents: Any) -> Any:  # type: ignore[override]
        """Raw counts of a dask collection against the fitted vocabulary."""
        self._fitted_core()
        partitions = Partitions(documents)
        return self._matrix(partitions, partition_lengths(partitions), _count_matrix_partition)

    def to_single(self) -> single.Vectorizer:
        """The fitted single-machine :class:`treatytext.Vectorizer` (same model)."""
        return single.Vectorizer._from_model(self.model_, self.n_jobs)
