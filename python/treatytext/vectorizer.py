"""The Vectorizer: texts -> weighted document-term matrices (tf-idf, BM25, counts...).

It composes the analyzer, count, prune and weight stages of the C++ core. ``fit_transform``
reads the text once; ``partial_fit`` + ``finalize`` fit a corpus larger than memory batch by
batch (then ``transform`` each batch: two passes). Heavy calls release the GIL, and a fitted
Vectorizer may be used from several Python threads at once.
"""

from __future__ import annotations

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

__all__ = ["Vectorizer", "NotFittedError"]


class NotFittedError(ValueError, AttributeError):
    """Raised when a Vectorizer is used before it is fitted (as scikit-learn's)."""


def _analyzer_params(core_options: Any) -> dict[str, Any]:
    """The analyzer keyword arguments (those that differ from the defaults) that rebuild
    ``core_options``, e.g. the options read from a saved model."""
    params = Analyzer.from_options(core_options).get_params()
    defaults = Analyzer().get_params()
    return {key: value for key, value in params.items() if value != defaults[key]}


def _weighting_params(options: Any) -> tuple[str, str | None, str | None, str | None]:
    """(weighting, tf, idf, norm) constructor arguments that give the core's WeightOptions:
    a preset name when one matches, with explicit schemes only where they differ from it."""
    schemes = (options.tf, options.idf, options.norm)
    if options.bm25:
        preset_norm = WEIGHTING_PRESETS["bm25"][2]
        return "bm25", None, None, None if options.norm == preset_norm else options.norm
    for name, (tf, idf, norm, bm25) in WEIGHTING_PRESETS.items():
        if not bm25 and (tf, idf, norm) == schemes:
            return name, None, None, None
    tf, idf, norm, _ = WEIGHTING_PRESETS["tfidf"]
    return (
        "tfidf",
        None if options.tf == tf else options.tf,
        None if options.idf == idf else options.idf,
        None if options.norm == norm else options.norm,
    )


class Vectorizer:
    """Texts -> weighted document-term matrix (``scipy.sparse.csr_matrix``, float64).

    Parameters
    ----------
    weighting : {"tfidf", "bm25", "count", "binary", "tf"}
        Preset: "tfidf" is raw tf x smooth idf, l2-normalized (scikit-learn's
        ``TfidfVectorizer`` defaults); "bm25" is Okapi BM25 (not normalized); "count" raw
        counts; "binary" 0/1; "tf" relative frequencies (rows sum to 1). The formulas are listed
        in :mod:`treatytext.weighting`.
    tf, idf, norm : str or None
        Override the preset (None keeps the preset's scheme): tf "raw"/"binary"/"log"/
        "augmented", idf "none"/"plain"/"smooth"/"probabilistic", norm "l2"/"l1"/"none".
        ``tf`` and ``idf`` do not apply to "bm25".
    k1, b : float
        BM25 parameters (k1 >= 0, 0 <= b <= 1).
    min_df, max_df : int or float
        Keep terms with min_df <= df <= max_df; an int counts documents, a float in [0, 1] is a
        proportion of them (scikit-learn's convention).
    max_features : int or None
        Keep only the most frequent terms (corpus frequency; ties: the lower term first).
    n_jobs : int
        Threads (-1: all cores). Results are identical for every value.
    **analyzer_options
        Passed to :class:`treatytext.analyzer.Analyzer` (stop words, stemming, n-grams...).

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
        weighting: str = "tfidf",
        tf: str | None = None,
        idf: str | None = None,
        norm: str | None = None,
        k1: float = 1.2,
        b: float = 0.75,
        min_df: float | int = 1,
        max_df: float | int = 1.0,
        max_features: int | None = None,
        n_jobs: int = 1,
        **analyzer_options: Any,
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
        self.n_jobs = n_jobs
        self.analyzer_options = dict(analyzer_options)
        # Validate every option now, so that a mistake shows where it is made.
        self._core = self._new_core()
        self._model: Any = None
        self._terms: list[str] | None = None

    # -- construction helpers -------------------------------------------------------------
    def _new_core(self) -> Any:
        return _core.Vectorizer(
            Analyzer(**self.analyzer_options).options,
            prune_options(self.min_df, self.max_df, self.max_features),
            weight_options(
                self.weighting, tf=self.tf, idf=self.idf, norm=self.norm, k1=self.k1, b=self.b
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
        vectorizer = cls.__new__(cls)
        vectorizer.weighting, vectorizer.tf, vectorizer.idf, vectorizer.norm = _weighting_params(
            weighting
        )
        vectorizer.k1 = weighting.k1
        vectorizer.b = weighting.b
        prune = model.prune
        vectorizer.min_df = (
            prune.min_df.value if prune.min_df.proportion else int(prune.min_df.value)
        )
        vectorizer.max_df = (
            prune.max_df.value if prune.max_df.proportion else int(prune.max_df.value)
        )
        vectorizer.max_features = None if prune.max_features < 0 else prune.max_features
        vectorizer.n_jobs = n_jobs
        vectorizer.analyzer_options = _analyzer_params(model.analyzer)
        vectorizer._core = None
        vectorizer._model = None
        vectorizer._terms = None
        vectorizer._set_fitted(_core.Vectorizer.from_model(model, _n_threads(n_jobs)))
        return vectorizer

    # -- fitting --------------------------------------------------------------------------
    def fit(self, documents: Iterable[str | bytes]) -> Vectorizer:
        """Learns the vocabulary, document frequencies and idf of ``documents``.

        Replaces any previous fit and any ``partial_fit`` state. ``ValueError`` when no term
        survives (empty documents, only stop words, too strict ``min_df``/``max_df``).
        """
        core = self._new_core()
        core.fit(_as_batch(documents))
        self._set_fitted(core)
        return self

    def fit_transform(self, documents: Iterable[str | bytes]) -> sp.csr_matrix:
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
        self._core.partial_fit(_as_batch(documents))
        return self

    def finalize(self) -> Vectorizer:
        """Builds the model from everything ``partial_fit`` accumulated (may be repeated as
        more batches arrive)."""
        core = self._core
        if core.pending_documents == 0:
            raise ValueError("finalize() needs partial_fit() on at least one batch first")
        core.finalize()
        self._set_fitted(core)
        return self

    # -- partitioned fit (e.g. Dask): count each partition, merge in order, prune once ------
    def partial_counts(self, documents: Iterable[str | bytes]) -> Any:
        """The :class:`treatytext._core.PartialCounts` of ``documents`` (terms, document and
        term frequencies, documents; no matrix), for a fit over partitions: merge the counts of
        every partition in order with ``treatytext._core.merge_partial_counts`` (they pickle as
        one compact byte buffer) and pass the result to :meth:`fit_partial_counts`."""
        return self._core.partial_counts(_as_batch(documents))

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
        return Analyzer(**self.analyzer_options)

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

    # -- Python protocol ------------------------------------------------------------------
    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor arguments (scikit-learn convention)."""
        params = {
            "weighting": self.weighting,
            "tf": self.tf,
            "idf": self.idf,
            "norm": self.norm,
            "k1": self.k1,
            "b": self.b,
            "min_df": self.min_df,
            "max_df": self.max_df,
            "max_features": self.max_features,
            "n_jobs": self.n_jobs,
        }
        params.update(self.analyzer_options)
        return params

    def __repr__(self) -> str:
        defaults = Vectorizer.__init__.__kwdefaults__ or {}
        shown = [
            f"{key}={value!r}"
            for key, value in self.get_params().items()
            if key not in defaults or defaults[key] != value
        ]
        return f"Vectorizer({', '.join(shown)})"

    def __getstate__(self) -> dict[str, Any]:
        # The fitted model travels as JSON; an unfinished partial_fit accumulation does not.
        state = {"params": self.get_params()}
        if self._model is not None:
            state["model"] = self._model.to_json(-1)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        params = dict(state["params"])
        if "model" in state:
            fitted = Vectorizer._from_model(model_from_json(state["model"]), params["n_jobs"])
            self.__dict__.update(fitted.__dict__)
            analyzer_keys = set(params) - set(Vectorizer.__init__.__kwdefaults__ or {})
            self.analyzer_options = {key: params[key] for key in analyzer_keys}
            for key, value in params.items():
                if key not in analyzer_keys:
                    setattr(self, key, value)
        else:
            self.__init__(**params)  # type: ignore[misc]
