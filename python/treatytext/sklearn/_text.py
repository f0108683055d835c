"""CountVectorizer and TfidfVectorizer: scikit-learn's estimators with the counting, pruning
inputs and tf-idf weighting done by the C++ core.

They subclass scikit-learn's own classes, so parameters, validation, warnings, fitted attributes,
``build_analyzer()``, ``get_feature_names_out()`` and ``inverse_transform()`` are scikit-learn's;
only ``fit``, ``fit_transform`` and ``transform`` are replaced. One parameter is added: ``n_jobs``.
"""

from __future__ import annotations

import warnings
from numbers import Integral
from typing import Any

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction import text as sk_text
from sklearn.utils.fixes import parse_version
from sklearn.utils.validation import check_is_fitted

from .. import _core
from . import _native
from ._compat import align_sparse, csr, fit_context
from ._params import class_doc, store_init_args, with_n_jobs
from ._transformer import TfidfTransformer

_STRING_RECEIVED = "Iterable over raw text documents expected, string object received."
_EMPTY_VOCABULARY = "empty vocabulary; perhaps the documents only contain stop words"
_NO_TERMS_LEFT = "After pruning, no terms remain. Try a lower min_df or a higher max_df."
# Matrix value types the core writes directly; other dtypes are converted with numpy.
_CORE_VALUES = {
    np.dtype(np.int64): "int64",
    np.dtype(np.float64): "float64",
    np.dtype(np.float32): "float32",
}
# scikit-learn before 1.5 stored the terms removed by pruning as stop_words_.
_SETS_STOP_WORDS = parse_version(sklearn.__version__) < parse_version("1.5")
# Count dtypes for which counting and weighting in one pass equals scikit-learn's two stages
# (counts in dtype, then TfidfTransformer converts them to float64 or keeps float32).
_FUSED_DTYPES = (np.dtype(np.float64), np.dtype(np.float32), np.dtype(np.int64))


def _matrix(parts: tuple, dtype: Any = None) -> sp.csr_matrix:
    data, indices, indptr, shape = parts
    if indptr[-1] <= np.iinfo(np.int32).max:
        indptr = indptr.astype(np.int32)  # scikit-learn's index dtype below 2^31 non-zeros
    else:
        indices = indices.astype(np.int64)
    if dtype is not None and data.dtype != dtype:
        # As scikit-learn builds it: scipy converts (or rejects the dtype with its own error).
        return csr(data, indices, indptr, shape, dtype=dtype)
    return csr(data, indices, indptr, shape)


def _sum_dtype(dtype: np.dtype) -> np.dtype:
    """The dtype of scipy's ``X.sum()`` for values of dtype (numpy's casting for np.sum)."""
    if dtype.kind == "u" and np.can_cast(dtype, np.uint):
        return np.dtype(np.uint)
    if np.can_cast(dtype, np.int_):
        return np.dtype(np.int_)
    return dtype


def _sum_is_exact(dtype: np.dtype, tf: np.ndarray) -> bool:
    """Whether scikit-learn's ``X.sum(axis=0)`` in this dtype equals the exact column sums."""
    top = int(tf.max()) if tf.size else 0
    if dtype == np.int64:
        return True
    if dtype == np.float64:
        return top <= 2**53
    if dtype == np.float32:
        return top <= 2**24
    return False


class CountVectorizer(sk_text.CountVectorizer):
    __doc__ = class_doc(
        "scikit-learn's CountVectorizer with the work done in C++ (identical output).",
        "Threads for analyzing and counting (-1: all cores). The output is identical for\n"
        "every value. Custom preprocessors, tokenizers and analyzers run in Python, on one\n"
        "thread; their terms are then counted in C++.",
    )

    _parameter_constraints: dict = with_n_jobs(sk_text.CountVectorizer._parameter_constraints)

    def __init__(
        self,
        *,
        input="content",
        encoding="utf-8",
        decode_error="strict",
        strip_accents=None,
        lowercase=True,
        preprocessor=None,
        tokenizer=None,
        stop_words=None,
        token_pattern=r"(?u)\b\w\w+\b",
        ngram_range=(1, 1),
        analyzer="word",
        max_df=1.0,
        min_df=1,
        max_features=None,
        vocabulary=None,
        binary=False,
        dtype=np.int64,
        n_jobs=1,
    ):
        # The signature is scikit-learn's (get_params reads it); its __init__ only stores.
        store_init_args(self, locals())

    # -- pickling: the core objects are caches, rebuilt on demand ---------------------------

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_core_vocabulary", None)
        return state

    # -- scikit-learn's API ------------------------------------------------------------------

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, raw_documents, y=None):
        """Learn the vocabulary of the documents (scikit-learn's semantics)."""
        self._fit(raw_documents, want_matrix=False)
        return self

    @fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, raw_documents, y=None):
        """Learn the vocabulary and return the document-term matrix (scikit-learn's semantics)."""
        return self._fit(raw_documents, want_matrix=True)

    def transform(self, raw_documents):
        """Document-term matrix of new documents against the fitted vocabulary."""
        if isinstance(raw_documents, str):
            raise ValueError(_STRING_RECEIVED)
        self._check_vocabulary()
        self.build_analyzer()
        return self._counts_fixed(raw_documents)

    # -- partitioned fit (e.g. Dask): count each partition, merge in order, prune once -------

    def partial_counts(self, raw_documents):
        """The core's ``PartialCounts`` of the documents with this estimator's analyzer: terms,
        document and term frequencies, no matrix. Merge those of every partition in order with
        ``treatytext._core.merge_partial_counts`` (they pickle as one byte buffer) and pass the
        result to :meth:`fit_partial_counts`."""
        if isinstance(raw_documents, str):
            raise ValueError(_STRING_RECEIVED)
        self._validate_ngram_range()
        self.build_analyzer()
        spec = _native.native_spec(self)
        return _native.partial_counts(self, spec, raw_documents, _native.n_threads(self.n_jobs))

    def partition_counts(self, raw_documents):
        """The core's ``PartitionCounts`` of a list of str documents (or a
        :class:`treatytext.text.TextLines`, read in place): their partial counts
        (``.statistics()``, merged and fitted as those of :meth:`partial_counts`) and their rows
        against the partition's own terms, which :meth:`transform_partition` writes after the
        fit without analyzing the documents again. None when this configuration is not counted
        natively (a Python analyzer, input other than 'content', a dtype other than int64,
        float64 and float32): then fit from
        :meth:`partial_counts` and call ``transform`` on the documents."""
        if isinstance(raw_documents, str):
            raise ValueError(_STRING_RECEIVED)
        self._validate_ngram_range()
        self.build_analyzer()
        if not self._partition_rows_supported():
            return None
        lines = isinstance(raw_documents, _core.TextLines)
        if not lines and (
            type(raw_documents) is not list or not all(type(d) is str for d in raw_documents)
        ):
            raise TypeError("partition_counts takes a list of str documents or a TextLines")
        analyzer = _native.native_analyzer(_native.native_spec(self))
        threads = _native.n_threads(self.n_jobs)
        return _core.sklearn_partition_counts(analyzer, raw_documents, threads)

    def _partition_rows_supported(self) -> bool:
        """Whether partition_counts() keeps rows for this configuration (see there)."""
        return (
            self.input == "content"
            and self._values_dtype() in _FUSED_DTYPES
            and _native.native_spec(self) is not None
        )

    def transform_partition(self, counts):
        """``transform`` of the documents counted by :meth:`partition_counts`, bit for bit,
        from their rows (the fitted vocabulary_ and weighting; no text is analyzed)."""
        if not isinstance(counts, _core.PartitionCounts):
            raise TypeError(f"counts must be PartitionCounts, got {type(counts).__name__}")
        self._check_vocabulary()
        return self._write_partition(counts, self._core_vocabulary_of())

    def _write_partition(self, counts, vocabulary):
        """The rows of ``counts`` against the columns of ``vocabulary`` (a core
        SklearnVocabulary), weighted as this estimator's transform; needs no ``vocabulary_``."""
        output = self._transform_output()
        if output is None or vocabulary is None:
            raise ValueError("transform_partition needs a configuration the core writes natively")
        threads = _native.n_threads(self.n_jobs)
        parts = _core.sklearn_partition_matrix(counts, vocabulary, n_threads=threads, **output)
        weighted = output["idf"] is not None or output["norm"] or output["sublinear_tf"]
        return align_sparse(_matrix(parts, None if weighted else self._values_dtype()))

    def _transform_output(self) -> dict | None:
        """The core's output of transform() (counts in dtype here; TfidfVectorizer weights)."""
        return self._count_output()

    @fit_context(prefer_skip_nested_validation=True)
    def fit_partial_counts(self, counts):
        """Learns ``vocabulary_`` (and for TfidfVectorizer ``idf_``) from merged partial
        counts, pruning once: the same fit as ``fit`` on the concatenated partitions."""
        self._fit_partial_counts(counts)
        return self

    def _fit_partial_counts(self, counts) -> None:
        if not isinstance(counts, _core.PartialCounts):
            raise TypeError(f"counts must be PartialCounts, got {type(counts).__name__}")
        self._validate_ngram_range()
        self._validate_vocabulary()
        if self._values_dtype() not in _FUSED_DTYPES:
            raise ValueError(
                f"fit_partial_counts supports dtype int64, float64 or float32, not {self.dtype}"
            )
        view = _native.SortedCounts(counts)
        if self.fixed_vocabulary_:
            index = {term: i for i, term in enumerate(view.terms_at(np.arange(len(counts))))}
            all_df = view.document_frequency()
            df = np.zeros(len(self.vocabulary_), dtype=np.int64)
            for term, column in self.vocabulary_.items():
                if term in index:
                    df[column] = all_df[index[term]]
            self._native_weighting(df, view.documents)
            return
        if view.documents == 0 or len(counts) == 0:
            raise ValueError(_EMPTY_VOCABULARY)
        kept = self._kept_terms(view)
        column_of = np.full(len(counts), -1, dtype=np.int32)
        column_of[kept] = np.arange(len(kept), dtype=np.int32)
        self._set_vocabulary(view, column_of)
        self._native_weighting(view.document_frequency()[kept], view.documents)

    # -- hooks for TfidfVectorizer -----------------------------------------------------------

    def _finish(self, X, want_matrix: bool):
        """The fit result from the count matrix X."""
        return X

    def _native_weighting(self, df: np.ndarray, n_samples: int) -> dict | None:
        """Fits the weighting from document frequencies and returns the core's output for it,
        or None to return counts."""
        return None

    def _fit_needs_matrix(self) -> bool:
        """Whether fit() (no matrix returned) still needs the count matrix: for its weighting."""
        return False

    # -- the work ----------------------------------------------------------------------------

    def _values_dtype(self) -> np.dtype | None:
        try:
            return np.dtype(self.dtype)
        except TypeError:
            return None

    def _count_output(self) -> dict | None:
        dtype = self._values_dtype()
        if dtype is None or dtype.kind not in "biuf":
            return None  # scikit-learn's own path builds such matrices
        return _native.output(_CORE_VALUES.get(dtype, "int64"), binary=self.binary)

    def _fit(self, raw_documents, want_matrix: bool):
        if isinstance(raw_documents, str):
            raise ValueError(_STRING_RECEIVED)
        self._validate_ngram_range()
        self._warn_for_unused_params()
        self._validate_vocabulary()
        if self.fixed_vocabulary_ and self.lowercase:
            for term in self.vocabulary:
                if any(map(str.isupper, term)):
                    warnings.warn(
                        "Upper case characters found in vocabulary while 'lowercase' is True. "
                        "These entries will not be matched with any documents",
                        stacklevel=3,
                    )
                    break
        # build_analyzer() validates what the native path does not read and warns about
        # inconsistent stop words, before any document is read, as scikit-learn's counting does.
        self.build_analyzer()
        if self.fixed_vocabulary_:
            return self._finish(self._counts_fixed(raw_documents), want_matrix)
        threads = _native.n_threads(self.n_jobs)
        if self._count_output() is None:
            docs = _native.documents(self, raw_documents)
            return self._finish(self._fit_sklearn(docs), want_matrix)
        # Rows are counted only for a matrix: fitting the vocabulary (and idf) needs the
        # frequencies alone, except when max_features may have to sum a matrix of another dtype.
        keep_rows = want_matrix or self._fit_needs_matrix() or self.max_features is not None
        counts, docs = _native.count(
            self, _native.native_spec(self), raw_documents, threads, keep_rows=keep_rows
        )
        if counts is None:
            return self._finish(self._fit_sklearn(docs), want_matrix)
        if counts.documents == 0 or len(counts.document_frequency()) == 0:
            raise ValueError(_EMPTY_VOCABULARY)
        kept = self._kept_terms(counts)
        column_of = np.full(len(counts.document_frequency()), -1, dtype=np.int32)
        column_of[kept] = np.arange(len(kept), dtype=np.int32)
        self._set_vocabulary(counts, column_of)
        output = self._native_weighting(counts.document_frequency()[kept], counts.documents)
        if output is not None:
            if not want_matrix:
                return None
            # release: the counts are freed as the matrix is written (a lower peak).
            parts = counts.matrix(column_of, len(kept), n_threads=threads, release=True, **output)
            return align_sparse(_matrix(parts))
        if not keep_rows:
            return None
        parts = counts.matrix(
            column_of, len(kept), n_threads=threads, release=True, **self._count_output()
        )
        return self._finish(align_sparse(_matrix(parts, self._values_dtype())), want_matrix)

    def _kept_terms(self, counts: Any) -> np.ndarray:
        """Sorted term indices kept by min_df, max_df and max_features, selected exactly as
        scikit-learn's _limit_features does (including its argsort's choice among ties)."""
        max_doc_count, min_doc_count = self._doc_count_limits(counts.documents)
        dfs = counts.document_frequency()
        mask = np.ones(len(dfs), dtype=bool)
        mask &= dfs <= max_doc_count
        mask &= dfs >= min_doc_count
        limit = self.max_features
        if limit is not None and mask.sum() > limit:
            tfs = self._column_sums(counts)
            mask_inds = (-tfs[mask]).argsort()[:limit]
            new_mask = np.zeros(len(dfs), dtype=bool)
            new_mask[np.where(mask)[0][mask_inds]] = True
            mask = new_mask
        kept = np.flatnonzero(mask)
        if len(kept) == 0:
            raise ValueError(_NO_TERMS_LEFT)
        return kept

    def _doc_count_limits(self, n_doc: int) -> tuple:
        """(max_doc_count, min_doc_count): max_df and min_df as document counts for n_doc
        documents, checked as scikit-learn's fit does."""
        max_df, min_df = self.max_df, self.min_df
        max_doc_count = max_df if isinstance(max_df, Integral) else max_df * n_doc
        min_doc_count = min_df if isinstance(min_df, Integral) else min_df * n_doc
        if max_doc_count < min_doc_count:
            raise ValueError("max_df corresponds to < documents than min_df")
        return max_doc_count, min_doc_count

    def _column_sums(self, counts: Any) -> np.ndarray:
        """``X.sum(axis=0)`` of scikit-learn's count matrix, in its dtype (argsort ties depend
        on it): the core's exact sums when the dtype holds them, else scipy on the matrix."""
        dtype = self._values_dtype()
        exact = counts.document_frequency() if self.binary else counts.term_frequency()
        if _sum_is_exact(dtype, exact):
            return exact.astype(_sum_dtype(dtype))
        everything = np.arange(len(exact), dtype=np.int32)
        output = _native.output("int64", binary=self.binary)
        X = _matrix(counts.matrix(everything, len(exact), n_threads=1, **output), dtype)
        return np.asarray(X.sum(axis=0)).ravel()

    def _set_vocabulary(self, counts: Any, column_of: np.ndarray) -> None:
        # Insertion order as scikit-learn's (first occurrence); values np.int64 when pruning
        # came last (max_features), Python ints when sorting came last, as in scikit-learn.
        order = counts.first_seen()
        order = order[column_of[order] >= 0]
        columns = column_of[order]
        values = columns.astype(np.int64) if self.max_features is not None else columns.tolist()
        self.vocabulary_ = dict(zip(counts.terms_at(order), values, strict=True))
        if _SETS_STOP_WORDS:  # scikit-learn < 1.5 kept the pruned terms
            self.stop_words_ = set(counts.terms_at(np.flatnonzero(column_of < 0)))

    def _core_vocabulary_of(self) -> Any | None:
        cached = getattr(self, "_core_vocabulary", None)
        if (
            cached is not None
            and cached[0] is self.vocabulary_
            and cached[1] == len(self.vocabulary_)
        ):
            return cached[2]
        vocabulary = _native.core_vocabulary(self.vocabulary_)
        self._core_vocabulary = (self.vocabulary_, len(self.vocabulary_), vocabulary)
        return vocabulary

    def _fixed_matrix(self, raw_documents, output: dict) -> tuple:
        """(matrix, None): the documents against vocabulary_, written by the core; or (None,
        docs) when the vocabulary or the terms are not str, docs being the documents read."""
        vocabulary = self._core_vocabulary_of()
        if vocabulary is None:
            return None, _native.documents(self, raw_documents)
        spec = _native.native_spec(self)
        threads = _native.n_threads(self.n_jobs)
        parts, docs = _native.transform(self, spec, vocabulary, raw_documents, output, threads)
        if parts is None:
            return None, docs
        weighted = output["idf"] is not None or output["norm"] or output["sublinear_tf"]
        return align_sparse(_matrix(parts, None if weighted else self._values_dtype())), None

    def _counts_fixed(self, raw_documents):
        """scikit-learn's transform(): counts against vocabulary_ in self.dtype."""
        output = self._count_output()
        if output is None:
            return self._counts_fixed_sklearn(_native.documents(self, raw_documents))
        X, docs = self._fixed_matrix(raw_documents, output)
        return X if X is not None else self._counts_fixed_sklearn(docs)

    def _counts_fixed_sklearn(self, docs: list):
        """scikit-learn's own transform() counting, on documents already read."""
        _, X = _native.content_view(self)._count_vocab(docs, fixed_vocab=True)
        if self.binary:
            X.data.fill(1)
        return align_sparse(X)

    def _fit_sklearn(self, docs: list):
        """scikit-learn's fit_transform body on documents already read, for terms the core
        cannot hold (not str)."""
        vocabulary, X = _native.content_view(self)._count_vocab(docs, False)
        if self.binary:
            X.data.fill(1)
        max_doc_count, min_doc_count = self._doc_count_limits(X.shape[0])
        if self.max_features is not None:
            X = self._sort_features(X, vocabulary)
        X = self._limit_features(X, vocabulary, max_doc_count, min_doc_count, self.max_features)
        if isinstance(X, tuple):  # scikit-learn < 1.5 also returned the pruned terms
            X, self.stop_words_ = X
        if self.max_features is None:
            X = self._sort_features(X, vocabulary)
        self.vocabulary_ = vocabulary
        return align_sparse(X)


class TfidfVectorizer(CountVectorizer, sk_text.TfidfVectorizer):
    __doc__ = class_doc(
        "scikit-learn's TfidfVectorizer with the work done in C++ (identical output).",
        "Threads for analyzing, counting and weighting (-1: all cores). The output is\n"
        "identical for every value.",
    )

    _parameter_constraints: dict = with_n_jobs(sk_text.TfidfVectorizer._parameter_constraints)

    def __init__(
        self,
        *,
        input="content",
        encoding="utf-8",
        decode_error="strict",
        strip_accents=None,
        lowercase=True,
        preprocessor=None,
        tokenizer=None,
        analyzer="word",
        stop_words=None,
        token_pattern=r"(?u)\b\w\w+\b",
        ngram_range=(1, 1),
        max_df=1.0,
        min_df=1,
        max_features=None,
        vocabulary=None,
        binary=False,
        dtype=np.float64,
        norm="l2",
        use_idf=True,
        smooth_idf=True,
        sublinear_tf=False,
        n_jobs=1,
    ):
        store_init_args(self, locals())

    def _new_tfidf(self) -> TfidfTransformer:
        return TfidfTransformer(
            norm=self.norm,
            use_idf=self.use_idf,
            smooth_idf=self.smooth_idf,
            sublinear_tf=self.sublinear_tf,
            n_jobs=self.n_jobs,
        )

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, raw_documents, y=None):
        """Learn the vocabulary and idf (scikit-learn's semantics)."""
        self._check_params()
        self._warn_for_unused_params()
        self._tfidf = self._new_tfidf()
        self._fit(raw_documents, want_matrix=False)
        return self

    def fit_transform(self, raw_documents, y=None):
        """Learn the vocabulary and idf and return the tf-idf matrix."""
        self._check_params()
        self._tfidf = self._new_tfidf()
        return self._fit_validated(raw_documents)

    @fit_context(prefer_skip_nested_validation=True)
    def _fit_validated(self, raw_documents):
        return self._fit(raw_documents, want_matrix=True)

    @fit_context(prefer_skip_nested_validation=True)
    def fit_partial_counts(self, counts):
        """Learns ``vocabulary_`` and ``idf_`` from merged partial counts (see
        CountVectorizer.fit_partial_counts)."""
        self._check_params()
        self._tfidf = self._new_tfidf()
        self._fit_partial_counts(counts)
        return self

    def transform(self, raw_documents):
        """The tf-idf matrix of new documents (vocabulary and idf from fit)."""
        check_is_fitted(self, msg="The TF-IDF vectorizer is not fitted")
        if isinstance(raw_documents, str):
            raise ValueError(_STRING_RECEIVED)
        self._check_vocabulary()
        self.build_analyzer()
        output = self._weighted_output()
        if output is None:
            return self._tfidf.transform(self._counts_fixed(raw_documents), copy=False)
        X, docs = self._fixed_matrix(raw_documents, output)
        if X is None:
            X = self._tfidf.transform(self._counts_fixed_sklearn(docs), copy=False)
        return X

    # -- hooks -------------------------------------------------------------------------------

    def _finish(self, X, want_matrix: bool):
        self._tfidf.fit(X)
        return self._tfidf.transform(X, copy=False) if want_matrix else None

    def _fit_needs_matrix(self) -> bool:
        # scikit-learn's TfidfTransformer fits on the matrix unless the core weights natively.
        return self._values_dtype() not in _FUSED_DTYPES

    def _native_weighting(self, df: np.ndarray, n_samples: int) -> dict | None:
        # TfidfTransformer.fit on the count matrix, from its document frequencies.
        dtype = self._values_dtype()
        if dtype not in _FUSED_DTYPES:
            return None
        tfidf = self._tfidf
        idf_dtype = dtype if dtype in (np.float64, np.float32) else np.dtype(np.float64)
        if tfidf.use_idf:
            df = df.astype(idf_dtype)
            df += float(tfidf.smooth_idf)
            n_samples += int(tfidf.smooth_idf)
            idf = np.full_like(df, fill_value=n_samples, dtype=idf_dtype)
            idf /= df
            np.log(idf, out=idf)
            idf += 1.0
            tfidf.idf_ = idf
        tfidf.n_features_in_ = len(df)
        return self._weighted_output()

    def _transform_output(self) -> dict | None:
        return self._weighted_output()

    def _weighted_output(self) -> dict | None:
        """The core's output for transform(), or None when scikit-learn's two stages (counts in
        self.dtype, then the transformer) could give different values."""
        dtype = self._values_dtype()
        if dtype not in _FUSED_DTYPES:
            return None
        tfidf = self._tfidf
        values = "float32" if dtype == np.float32 else "float64"
        idf = getattr(tfidf, "idf_", None)
        return _native.output(values, self.binary, tfidf.sublinear_tf, idf, tfidf.norm)
