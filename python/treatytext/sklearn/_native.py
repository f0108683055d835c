"""The bridge between the estimators and the C++ core: which parameter combinations run
natively, the analyzers built for them, and the calls that count documents.

A combination runs natively when its analyzer is fully described by data the core understands:
analyzer 'word' (token pattern a run of ``\\w`` such as the default ``(?u)\\b\\w\\w+\\b``),
'char' or 'char_wb', no custom preprocessor or tokenizer, strip_accents None/'ascii'/'unicode',
integer ngram_range with 1 <= min <= max. Everything else is tokenized by scikit-learn's own
``build_analyzer()`` in Python and counted in C++.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from numbers import Integral
from typing import Any

import numpy as np

from .. import _core
from ._tables import python_tables

_lock = threading.Lock()
_text: Any = None

# Token patterns equivalent to "maximal runs of at least k word characters": re.findall never
# starts a match inside a run, so \b on either side changes nothing.
_RUN_PATTERN = re.compile(r"(?:\(\?u\))?(?:\\b)?(\\w\\w\+|\\w\+|\\w\{([1-9][0-9]{0,2}),\})(?:\\b)?")
_TABLE_NAMES = (
    "flags",
    "lower_keys",
    "lower_offsets",
    "lower_values",
    "strip_unicode_keys",
    "strip_unicode_offsets",
    "strip_unicode_values",
    "strip_ascii_keys",
    "strip_ascii_offsets",
    "strip_ascii_values",
)


def python_text() -> Any:
    """The core's character tables of this interpreter, built once per process."""
    global _text
    with _lock:
        if _text is None:
            tables = python_tables()
            _text = _core.PythonText(*(tables[name] for name in _TABLE_NAMES))
        return _text


def token_min_length(pattern: Any) -> int | None:
    """k if ``pattern`` finds maximal runs of at least k ``\\w`` characters, else None."""
    if not isinstance(pattern, str):
        return None
    match = _RUN_PATTERN.fullmatch(pattern)
    if match is None:
        return None
    body, repeat = match.group(1), match.group(2)
    if repeat is not None:
        return int(repeat)
    return 2 if body == r"\w\w+" else 1


@dataclass(frozen=True)
class Spec:
    """A natively supported analyzer configuration."""

    analyzer: str
    lowercase: bool
    strip_accents: str
    min_token_length: int
    ngram_min: int
    ngram_max: int
    stop_words: tuple[bytes, ...]


def _is_int(value: Any) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)


def native_spec(est: Any) -> Spec | None:
    """The native configuration of a vectorizer, or None when Python must tokenize."""
    if callable(est.analyzer) or est.preprocessor is not None:
        return None
    if est.analyzer not in ("word", "char", "char_wb"):
        return None
    if est.strip_accents not in (None, "ascii", "unicode"):
        return None
    ngram_range = est.ngram_range
    if not isinstance(ngram_range, tuple) or len(ngram_range) != 2:
        return None
    low, high = ngram_range
    if not (_is_int(low) and _is_int(high) and 1 <= low <= high):
        return None
    min_length = 2
    stop_words: tuple[bytes, ...] = ()
    if est.analyzer == "word":
        if est.tokenizer is not None:
            return None
        length = token_min_length(est.token_pattern)
        if length is None:
            return None
        min_length = length
        words = est.get_stop_words()
        if words is not None:
            if not all(type(w) is str for w in words):
                return None
            stop_words = tuple(sorted(w.encode("utf-8", "surrogatepass") for w in words))
    return Spec(
        analyzer=est.analyzer,
        lowercase=bool(est.lowercase),
        strip_accents=est.strip_accents or "",
        min_token_length=min_length,
        ngram_min=int(low),
        ngram_max=int(high),
        stop_words=stop_words,
    )


@lru_cache(maxsize=32)
def native_analyzer(spec: Spec) -> Any:
    """The core analyzer of a configuration (cached: building one costs a table lookup)."""
    return _core.SklearnAnalyzer(
        python_text(),
        spec.analyzer,
        spec.lowercase,
        spec.strip_accents,
        spec.min_token_length,
        spec.ngram_min,
        spec.ngram_max,
        list(spec.stop_words),
    )


def n_threads(n_jobs: Any) -> int:
    """scikit-learn's n_jobs as the core's thread count (None means 1)."""
    return 1 if n_jobs is None else int(n_jobs)


# Documents read, decoded and counted at a time when they do not come as one list of str, so
# that memory stays bounded for generators and input='filename' as it does in scikit-learn.
BATCH_DOCUMENTS = 8192


def documents(est: Any, raw_documents: Iterable[Any]) -> list[Any]:
    """All documents as a list, read and decoded when input is 'filename' or 'file'."""
    docs = raw_documents if type(raw_documents) is list else list(raw_documents)
    if est.input != "content":
        docs = [est.decode(doc) for doc in docs]
    return docs


def batches(est: Any, raw_documents: Iterable[Any]) -> Iterator[list[Any]]:
    """Lists of documents in order: a list of contents is one batch, anything else is read
    BATCH_DOCUMENTS at a time (files opened and decoded per batch)."""
    if est.input == "content" and type(raw_documents) is list:
        yield raw_documents
        return
    remaining = iter(raw_documents)
    while batch := list(islice(remaining, BATCH_DOCUMENTS)):
        yield [est.decode(doc) for doc in batch] if est.input != "content" else batch


def content_view(est: Any) -> Any:
    """The estimator itself, or for input 'filename'/'file' a shallow copy reading its documents
    as contents: for scikit-learn's own code run on documents this module already read."""
    if est.input == "content":
        return est
    view = copy.copy(est)
    view.input = "content"
    return view


def decoded(est: Any, docs: list[Any]) -> list[Any] | None:
    """Documents that are not exactly str decoded as scikit-learn does (bytes -> str), or None
    when some document is still not a str."""
    out = [doc if type(doc) is str else _as_str(est, doc) for doc in docs]
    return out if all(type(doc) is str for doc in out) else None


def _as_str(est: Any, doc: Any) -> Any:
    doc = est.decode(doc)
    # numpy's str scalars lower, strip and match exactly as str does.
    return str(doc) if type(doc) is np.str_ else doc


def _add_batch(est: Any, target: Any, analyzer: Any, batch: list[Any], threads: int) -> None:
    try:
        target.add(analyzer, batch, threads)
        return
    except _core.NotStrError:
        pass
    strs = decoded(est, batch)
    if strs is not None:
        target.add(analyzer, strs, threads)
        return
    # A document is still not a str: scikit-learn's analyzer raises its own error on it (or,
    # for an exotic object it accepts, gives its terms); the batch keeps its place in order.
    analyze = content_view(est).build_analyzer()
    for doc in batch:
        target.add_document(analyze(doc))


def _add_all(
    est: Any, spec: Spec | None, target: Any, raw_documents: Iterable[Any], threads: int
) -> list | None:
    """Adds every document to target (SklearnCounts or SklearnFixedCounter): natively with
    spec, else the terms of scikit-learn's analyzer. Returns None; or, when that analyzer gave
    a term that is not str, the documents read (for scikit-learn's own path)."""
    if spec is None:
        docs = documents(est, raw_documents)
        analyze = content_view(est).build_analyzer()
        try:
            for doc in docs:
                target.add_document(analyze(doc))
        except _core.NotStrError:
            return docs
        return None
    analyzer = native_analyzer(spec)
    if est.input == "content" and isinstance(raw_documents, _core.TextLines):
        target.add(analyzer, raw_documents, threads)  # the core reads the lines in place
        return None
    for batch in batches(est, raw_documents):
        _add_batch(est, target, analyzer, batch, threads)
    return None


def count(
    est: Any, spec: Spec | None, raw_documents: Iterable[Any], threads: int, keep_rows: bool = True
) -> tuple:
    """(counts, None): the core's SklearnCounts of the documents before pruning; or (None, docs)
    when the Python analyzer produced terms that are not str: docs are then the documents read
    (contents, for content_view(est)) for scikit-learn's own path. With keep_rows False the
    counts hold the terms and frequencies only (a fit that writes no matrix)."""
    counts = _core.SklearnCounts(keep_rows)
    docs = _add_all(est, spec, counts, raw_documents, threads)
    if docs is not None:
        return None, docs
    counts.finish(threads)
    return counts, None


def transform(
    est: Any,
    spec: Spec | None,
    vocabulary: Any,
    raw_documents: Iterable[Any],
    output: dict,
    threads: int,
) -> tuple:
    """(matrix parts, None) of documents counted against a fixed core vocabulary; or (None,
    docs) when the Python analyzer produced terms that are not str (docs as in count())."""
    counter = _core.SklearnFixedCounter(vocabulary)
    docs = _add_all(est, spec, counter, raw_documents, threads)
    if docs is not None:
        return None, docs
    return counter.finish(n_threads=threads, **output), None


def core_vocabulary(vocabulary: dict) -> Any | None:
    """A core term table whose column i is the term mapped to i, or None if a term is not str."""
    terms: list[Any] = [None] * len(vocabulary)
    for term, index in vocabulary.items():
        terms[index] = term
    if not all(type(term) is str for term in terms):
        return None
    return _core.SklearnVocabulary(terms)


def output(
    values: str,
    binary: bool = False,
    sublinear_tf: bool = False,
    idf: np.ndarray | None = None,
    norm: str | None = None,
) -> dict:
    """Keyword arguments describing how the core writes matrix values."""
    return {
        "values": values,
        "binary": bool(binary),
        "sublinear_tf": bool(sublinear_tf),
        "idf": None if idf is None else np.asarray(idf, dtype=np.float64),
        "norm": norm or "",
    }


# -- partitioned fit: partial counts per partition, merged in order, pruned once ---------------


def partial_counts(est: Any, spec: Spec | None, raw_documents: Iterable[Any], threads: int) -> Any:
    """The core's PartialCounts of the documents (terms in order of first occurrence, document
    and term frequencies, no matrix): natively with spec, else from scikit-learn's analyzer.
    TypeError when that analyzer gives a term that is not str."""
    parts = []
    if spec is None:
        counts = _core.PartialCounts()
        analyze = content_view(est).build_analyzer()
        for doc in documents(est, raw_documents):
            counts.add_document(analyze(doc))
        return counts
    analyzer = native_analyzer(spec)
    if est.input == "content" and isinstance(raw_documents, _core.TextLines):
        return _core.sklearn_partial_counts(analyzer, raw_documents, threads)  # read in place
    for batch in batches(est, raw_documents):
        strs = batch if all(type(doc) is str for doc in batch) else decoded(est, batch)
        if strs is not None:
            parts.append(_core.sklearn_partial_counts(analyzer, strs, threads))
            continue
        # As _add_batch: scikit-learn's analyzer raises on (or accepts) what is still not a str.
        counts = _core.PartialCounts()
        analyze = content_view(est).build_analyzer()
        for doc in batch:
            counts.add_document(analyze(doc))
        parts.append(counts)
    return _core.merge_partial_counts(parts) if len(parts) != 1 else parts[0]


class SortedCounts:
    """PartialCounts seen in scikit-learn's term order (code point order), with the reading
    interface of the core's SklearnCounts that the estimators' pruning uses."""

    def __init__(self, counts: Any) -> None:
        self._counts = counts
        self._sorted = counts.sorted_ids().astype(np.int64)
        self.documents = counts.documents
        self._df = counts.document_frequency()[self._sorted]
        self._tf = counts.term_frequency()[self._sorted]
        # The ids are in order of first occurrence; their ranks are the sorted indices in it.
        rank = np.empty_like(self._sorted)
        rank[self._sorted] = np.arange(len(self._sorted), dtype=np.int64)
        self._first_seen = rank

    def document_frequency(self) -> np.ndarray:
        return self._df

    def term_frequency(self) -> np.ndarray:
        return self._tf

    def first_seen(self) -> np.ndarray:
        return self._first_seen

    def terms_at(self, indices: np.ndarray) -> list:
        return self._counts.terms_at(self._sorted[np.asarray(indices, dtype=np.int64)])

    def matrix(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError(
            "partial counts hold no matrix: max_features with a dtype whose column sums are "
            "inexact (counts above 2**24 in float32) needs fit() on the documents"
        )
