"""The Vectorizer: texts -> weighted document-term matrices (tf-idf, BM25, counts...).

It composes the analyzer, count, prune and weight stages of the C++ core. ``fit_transform``
reads the text once; ``partial_fit`` + ``finalize`` fit a corpus larger than memory batch by
batch (then ``transform`` each batch: two passes). Heavy calls release the GIL, and a fitted
Vectorizer may be used from several Python threads at once.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterable
from typing import Any

import numpy as np
import scipy.sparse as sp

from . import _core
from ._sparse import csr_from_parts
from .analyzer import Analyzer
from .counting import _as_batch, _n_threads, prune_options
from .model import load_model, model_from_json, save_model
from .weighting import WEIGHTING_PRESETS, weight_options

__all__ = ["ANALYZER_PARAMETERS", "NotFittedError", "Vectorizer"]


class NotFittedError(ValueError, AttributeError):
    """Raised when a Vectorizer is used before it is fitted (as scikit-learn's)."""


#: The Vectorizer parameters that configure its analyzer (the keywords of :class:`Analyzer`).
ANALYZER_PARAMETERS = (
    "normalization", "case_fold", "strip_accents", "keep_apostrophes", "keep_hyphens",
    "keep_numbers", "stop_words", "min_length", "stem", "ngram_range",
)  # fmt: skip


def _analyzer_params(core_options: Any) -> dict[str, Any]:
    """The analyzer keyword arguments that rebuild ``core_options`` (e.g. a saved model's)."""
    return Analyzer.from_options(core_options).get_params()


def _weighting_params(options: Any) -> dict[str, Any]:
    """The weighting parameters that give the core's WeightOptions ``options``: the preset's
    name when one matches, else the explicit schemes (``tf="bm25"`` for BM25), None where a
    scheme is the explicit default."""
    for name, (tf, idf, norm, bm25) in WEIGHTING_PRESETS.items():
        if (options.tf, options.idf, options.norm, options.bm25) == (tf, idf, norm, bm25):
            return {"weighting": name, "tf": None, "idf": None, "norm": None}
    if options.bm25:
        return {"weighting": None, "tf": "bm25", "idf": None, "norm": options.norm}
    tf, idf, norm, _ = WEIGHTING_PRESETS["tfidf"]  # the explicit schemes' defaults
    return {
        "weighting": None,
        "tf": None if options.tf == tf else options.tf,
        "idf": None if options.idf == idf else options.idf,
        "norm": None if options.norm == norm else options.norm,
    }


def vectorizer_weight_options(
    weighting: str | None,
    tf: str | None,
    idf: str | None,
    norm: str | None,
    k1: float,
    b: float,
) -> Any:
    """The core's WeightOptions of a Vectorizer's parameters: a preset, or explicit schemes.

    ``ValueError`` names both when a preset and an explicit scheme are given together, and when
    ``idf`` is given with ``tf="bm25"`` (BM25 has its own idf). Missing explicit schemes take
    the tf-idf defaults (raw tf, smooth idf, l2 norm); ``tf="bm25"`` defaults to no norm.
    """
    if weighting is not None:
        for name, value in (("tf", tf), ("idf", idf), ("norm", norm)):
            if value is not None:
                raise ValueError(
                    f"weighting={weighting!r} and {name}={value!r} both say how to weight: "
                    "give a weighting preset or explicit tf/idf/norm, not both"
                )
        return weight_options(weighting, k1=k1, b=b)
    if tf == "bm25":
        if idf is not None:
            raise ValueError(f"tf='bm25' and idf={idf!r}: BM25 has its own idf; leave idf None")
        return weight_options("bm25", norm=norm, k1=k1, b=b)
    return weight_options("tfidf", tf=tf, idf=idf, norm=norm, k1=k1, b=b)


class Vectorizer:
    """Texts -> weighted document-term matrix (``scipy.sparse.csr_matrix``, float64).

    The parameters follow scikit-learn's conventions: keywords stored unchanged, checked when
    fitting (so that ``get_params``, ``set_params`` and ``sklearn.base.clone`` work, also in a
    ``Pipeline`` or ``GridSearchCV``), fitted attributes ending in ``_``.

    Parameters
    ----------
    weighting : {"tfidf", "bm25", "count", "binary", "tf"} or None
        A preset: "tfidf" is raw tf x smooth idf, l2-normalized (scikit-learn's
        ``TfidfVectorizer`` defaults); "bm25" is Okapi BM25 (not normalized); "count" raw
        counts; "binary" 0/1; "tf" relative frequencies (rows sum to 1). The formulas are listed
        in :mod:`treatytext.weighting`. None (default): the explicit ``tf``/``idf``/``norm``,
        which default to those of "tfidf".
    tf, idf, norm : str or None
        Explicit schemes, instead of a preset (giving both raises ``ValueError``): tf
        "raw"/"binary"/"log"/"augmented"/"bm25", idf "none"/"plain"/"smooth"/"probabilistic"
        (not with tf "bm25", whose idf is BM25's), norm "l2"/"l1"/"none".
    k1, b : float
        BM25 parameters (k1 >= 0, 0 <= b <= 1).
    min_df, max_df : int or float
        Keep terms with min_df <= df <= max_df; an int counts documents, a float in [0, 1] is a
        proportion of them (scikit-learn's convention).
    max_features : int or None
        Keep only the most frequent terms (corpus frequency; ties: the lower term first).
    normalization, case_fold, strip_accents, keep_apostrophes, keep_hyphens, keep_numbers, \
stop_words, min_length, stem, ngram_range
        The analyzer's options, as in :class:`treatytext.analyzer.Analyzer` (same defaults).
    n_jobs : int
        Threads (-1: all cores). Results are identical for every value.

    Attributes
    ----------
    vocabulary_ : dict of str to int
    idf_ : numpy.ndarray
    document_frequency_ : numpy.ndarray
    n_documents_ : int
    average_length_ : float
    vocabulary_memory_bytes_ : int
    """

    def __init__(
        self,
        *,
        weighting: str | None = None,
        tf: str | None = None,
        idf: str | None = None,
        norm: str | None = None,
        k1: float = 1.2,
        b: float = 0.75,
        min_df: float | int = 1,
        max_df: float | int = 1.0,
        max_features: int | None = None,
        normalization: str | None = "nfkc",
        case_fold: bool = True,
        strip_accents: bool = False,
        keep_apostrophes: bool = True,
        keep_hyphens: bool = True,
        keep_numbers: bool = True,
        stop_words: str | Iterable[str] | None = None,
        min_length: int = 1,
        stem: str | None = None,
        ngram_range: tuple[int, int] = (1, 1),
        n_jobs: int = 1,
    ) -> None:
        self.weighting = weighting
        self.tf = tf
        self.idf = idf
        self.norm = norm
        self.k1 = k1
        self.b = b
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.normalization = normalization
        self.case_fold = case_fold
        self.strip_accents = strip_accents
        self.keep_apostrophes = keep_apostrophes
        self.keep_hyphens = keep_hyphens
        self.keep_numbers = keep_numbers
        self.stop_words = stop_words
        self.min_length = min_length
        self.stem = stem
        self.ngram_range = ngram_range
        self.n_jobs = n_jobs
        self._core: Any = None  # built, and the parameters checked, when fitting
        self._model: Any = None
        self._terms: list[str] | None = None

    # -- construction helpers -------------------------------------------------------------
    @classmethod
    def _parameter_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return [name for name in signature.parameters if name != "self"]

    def _analyzer_options(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ANALYZER_PARAMETERS}

    def _new_core(self) -> Any:
        """A core Vectorizer of the current parameters (which it checks: ValueError/TypeError)."""
        return _core.Vectorizer(
            Analyzer(**self._analyzer_options()).options,
            prune_options(self.min_df, self.max_df, self.max_features),
            vectorizer_weight_options(
                self.weighting, self.tf, self.idf, self.norm, self.k1, self.b
            ),
            _n_threads(self.n_jobs),
        )

    def _set_fitted(self, core: Any) -> None:
        # The core serializes updates and swaps models atomically; rebinding these attributes is
        # atomic under the GIL, so concurrent transforms see either the old or the new fit.
        self._core = core
        self._model = core.model
        self._terms = None

    @classmethod
    def from_model(cls, model: Any, *, n_jobs: int = 1) -> Vectorizer:
        """A fitted Vectorizer from a :class:`treatytext.model.Model` (e.g. ``load_model``)."""
        if not isinstance(model, _core.Model):
            raise TypeError(f"model must be a treatytext Model, got {type(model).__name__}")
        return cls._from_model(model, n_jobs)

    @classmethod
    def _from_model(cls, model: Any, n_jobs: int = 1) -> Vectorizer:
        weighting = model.weighting
        prune = model.prune
        vectorizer = cls(
            **_weighting_params(weighting),
            k1=weighting.k1,
            b=weighting.b,
            min_df=prune.min_df.value if prune.min_df.proportion else int(prune.min_df.value),
            max_df=prune.max_df.value if prune.max_df.proportion else int(prune.max_df.value),
            max_features=None if prune.max_features < 0 else prune.max_features,
            **_analyzer_params(model.analyzer),
            n_jobs=n_jobs,
        )
        vectorizer._set_fitted(_core.Vectorizer.from_model(model, _n_threads(n_jobs)))
        return vectorizer

    # -- fitting --------------------------------------------------------------------------
    def fit(self, documents: Iterable[str | bytes], y: Any = None) -> Vectorizer:
        """Learns the vocabulary, document frequencies and idf of ``documents``.

        Replaces any previous fit and any ``partial_fit`` state. ``ValueError`` or ``TypeError``
        for an invalid parameter, ``ValueError`` when no term survives (empty documents, only
        stop words, too strict ``min_df``/``max_df``). ``y`` is ignored (scikit-learn's API).
        """
        core = self._new_core()
        core.fit(_as_batch(documents))
        self._set_fitted(core)
        return self

    def fit_transform(self, documents: Iterable[str | bytes], y: Any = None) -> sp.csr_matrix:
        """Fits and returns the weighted matrix of ``documents``, reading the text once."""
        core = self._new_core()
        parts = core.fit_transform(_as_batch(documents))
        self._set_fitted(core)
        return csr_from_parts(parts)

    def fit_batches(self, batches: Iterable[Iterable[str | bytes]]) -> Vectorizer:
        """Fits on an iterable of batches (e.g. a generator reading files), holding one batch
        at a time: ``partial_fit`` on each, then ``finalize``. Same model as ``fit`` on their
        concatenation."""
        core = self._new_core()
        for batch in batches:
            core.partial_fit(_as_batch(batch, "batch"))
        core.finalize()
        self._set_fitted(core)
        return self

    def partial_fit(self, documents: Iterable[str | bytes]) -> Vectorizer:
        """Streaming fit, first pass: accumulates vocabulary and frequencies of one batch.

        Call :meth:`finalize` once the batches are seen; the model then equals ``fit`` on their
        concatenation. Batches accumulate since construction or the last ``fit``.
        """
        if self._core is None:
            self._core = self._new_core()
        self._core.partial_fit(_as_batch(documents))
        return self

    def finalize(self) -> Vectorizer:
        """Builds the model from everything ``partial_fit`` accumulated (may be repeated as
        more batches arrive)."""
        core = self._core
        if core is None or core.pending_documents == 0:
            raise ValueError("finalize() needs partial_fit() on at least one batch first")
        core.finalize()
        self._set_fitted(core)
        return self

    # -- partitioned fit (e.g. Dask): count each partition, merge in order, prune once ------
    def partial_counts(self, documents: Iterable[str | bytes]) -> Any:
        """The :class:`treatytext._core.PartialCounts` of ``documents`` (terms, document and
        term frequencies, documents; no matrix), for a fit over partitions: merge the counts of
        every partition in order with ``treatytext._core.merge_partial_counts`` (they pickle as
        one compact byte buffer) and pass the result to :meth:`fit_partial_counts`. The
        parameters are checked here, as in ``fit``; the Vectorizer itself stays unfitted."""
        core = self._core if self._core is not None else self._new_core()
        return core.partial_counts(_as_batch(documents))

    def partition_counts(self, documents: Iterable[str | bytes]) -> Any:
        """The :class:`treatytext._core.PartitionCounts` of ``documents``: their partial counts
        (``.statistics()``, merged and fitted as those of :meth:`partial_counts`) and their rows
        against the partition's own terms, which :meth:`transform_partition` weights after the
        fit without analyzing the documents again (a partitioned ``fit_transform``)."""
        core = self._core if self._core is not None else self._new_core()
        return core.count_partition(_as_batch(documents))

    def transform_partition(self, counts: Any) -> sp.csr_matrix:
        """The weighted vectors of a partition counted by :meth:`partition_counts` (with these
        parameters): equal to :meth:`transform` of its documents bit for bit."""
        if not isinstance(counts, _core.PartitionCounts):
            raise TypeError(f"counts must be PartitionCounts, got {type(counts).__name__}")
        return csr_from_parts(self._fitted_core().transform_partition(counts))

    def fit_partial_counts(self, counts: Any) -> Vectorizer:
        """Fits from merged partial counts: prunes and orders once, giving exactly the model of
        ``fit`` on the concatenated partitions. Replaces any previous fit."""
        if not isinstance(counts, _core.PartialCounts):
            raise TypeError(f"counts must be PartialCounts, got {type(counts).__name__}")
        core = self._new_core()
        core.fit_partial_counts(counts)
        self._set_fitted(core)
        return self

    # -- using a fitted model -------------------------------------------------------------
    def _fitted_core(self) -> Any:
        core = self._core
        if self._model is None:
            raise NotFittedError(
                "this Vectorizer is not fitted yet: call fit() or fit_transform(), or "
                "partial_fit() then finalize(), or load a saved model"
            )
        return core

    def transform(self, documents: Iterable[str | bytes]) -> sp.csr_matrix:
        """Weighted vectors of ``documents`` against the fitted vocabulary (unknown terms are
        ignored)."""
        return csr_from_parts(self._fitted_core().transform(_as_batch(documents)))

    def count(self, documents: Iterable[str | bytes]) -> sp.csr_matrix:
        """Raw counts of ``documents`` against the fitted vocabulary."""
        return csr_from_parts(self._fitted_core().count(_as_batch(documents)))

    @property
    def model_(self) -> Any:
        """The fitted :class:`treatytext.model.Model`."""
        self._fitted_core()
        return self._model

    def build_analyzer(self) -> Analyzer:
        """The analyzer this Vectorizer applies to each text (callable: text -> list of terms)."""
        if self._model is not None:
            return Analyzer.from_options(self._model.analyzer)
        return Analyzer(**self._analyzer_options())

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The terms, column by column, as a numpy object array (scikit-learn's API)."""
        return np.asarray(self._fitted_terms(), dtype=object)

    def _fitted_terms(self) -> list[str]:
        model = self.model_
        if self._terms is None:
            self._terms = model.terms
        return self._terms

    @property
    def vocabulary_(self) -> dict[str, int]:
        """Mapping term -> column."""
        return {term: i for i, term in enumerate(self._fitted_terms())}

    @property
    def idf_(self) -> np.ndarray:
        """idf per column (BM25's idf for weighting="bm25"; ones when idf is "none")."""
        return self.model_.idf

    @property
    def document_frequency_(self) -> np.ndarray:
        """Documents of the fitted corpus containing each term (int64)."""
        return self.model_.document_frequency

    @property
    def n_documents_(self) -> int:
        """Documents in the fitted corpus."""
        return int(self.model_.documents)

    @property
    def vocabulary_memory_bytes_(self) -> int:
        """Bytes the fitted vocabulary holds in the core: the terms' bytes in one arena, an 8-byte
        offset and a 4-byte hash tag per term, and a hash table of 16-byte slots (a power of two,
        at least twice the number of terms). No Python object is kept per term."""
        return int(self.model_.vocabulary_memory_bytes)

    @property
    def average_length_(self) -> float:
        """Mean number of kept terms per document in the fitted corpus (BM25's avglen)."""
        return float(self.model_.average_length)

    # -- persistence ----------------------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> None:
        """Saves the fitted model as versioned JSON (``OSError`` on file problems)."""
        save_model(self.model_, path)

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, n_jobs: int = 1) -> Vectorizer:
        """A fitted Vectorizer from a saved model (``OSError``/``ValueError`` on a bad file)."""
        return cls._from_model(load_model(path), n_jobs)

    def to_json(self, indent: int | None = None) -> str:
        """The fitted model as JSON text."""
        return self.model_.to_json(-1 if indent is None else int(indent))

    @classmethod
    def from_json(cls, text: str | bytes, *, n_jobs: int = 1) -> Vectorizer:
        """A fitted Vectorizer from JSON text written by :meth:`to_json` or :meth:`save`."""
        return cls._from_model(model_from_json(text), n_jobs)

    # -- Python protocol ----------------------------------------------------------------
    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor's parameters, as given (scikit-learn's convention; ``deep`` is
        ignored: there are no nested estimators)."""
        return {name: getattr(self, name) for name in self._parameter_names()}

    def set_params(self, **params: Any) -> Vectorizer:
        """Sets constructor parameters (checked at the next fit); ``ValueError`` names an
        unknown one. Returns the Vectorizer."""
        names = self._parameter_names()
        for name, value in params.items():
            if name not in names:
                raise ValueError(
                    f"invalid parameter {name!r} for Vectorizer; valid ones: {', '.join(names)}"
                )
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        defaults = Vectorizer.__init__.__kwdefaults__ or {}
        shown = [
            f"{key}={value!r}"
            for key, value in self.get_params().items()
            if defaults.get(key, object()) != value
        ]
        return f"Vectorizer({', '.join(shown)})"

    def __getstate__(self) -> dict[str, Any]:
        # The fitted model travels as JSON; an unfinished partial_fit accumulation does not.
        state = {"params": self.get_params()}
        if self._model is not None:
            state["model"] = self._model.to_json(-1)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state["params"])  # type: ignore[misc]
        if "model" in state:
            model = model_from_json(state["model"])
            self._set_fitted(_core.Vectorizer.from_model(model, _n_threads(self.n_jobs)))
