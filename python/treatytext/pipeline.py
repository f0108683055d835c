"""The pipeline state of a corpus: units -> counts -> kept columns -> weights, computed once.

A :class:`Pipeline` holds documents and the analysis options, and derives everything else from
one pass of the core's stages over the unit texts: :func:`treatytext.counting.count` (analyze and
count), :func:`treatytext.counting.prune_counts` (``min_df``, columns sorted by term) and the
weighting stage (idf, then tf-idf/BM25 weights and norms). Every table and score of the verbs
(:mod:`treatytext.frequencies`, :mod:`treatytext.search`, :mod:`treatytext.themes`, ...) reads
these arrays, so that all of them speak of one column space: column ``j`` of :attr:`counts`,
:attr:`vectors`, :attr:`document_counts` and :attr:`document_vectors` is ``terms[j]``.

Row ``i`` of the unit matrices is row ``i`` of :attr:`Pipeline.units`; each row keeps its
document and clause ids, as in quanteda. The vectors equal those of
``treatytext.Vectorizer(weighting=..., min_df=..., **analyzer).fit_transform(unit_texts)``
bit for bit (the same core stages, composed here without reading the text twice).
"""

from __future__ import annotations

import functools
import inspect
import numbers
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import scipy.sparse as sp

from . import _core, counting, display
from .analyzer import Analyzer
from .document import Document, check_units
from .progress import track
from .weighting import apply_weights, inverse_document_frequency, weight_options

if TYPE_CHECKING:
    import pandas as pd

#: A selection of documents: a name, a list of names, a predicate on Document, or a mask.
Selector = str | Sequence[str] | Callable[[Document], bool] | Sequence[bool] | np.ndarray

#: Analyzer options of a corpus unless told otherwise: the engine's defaults plus English stop
#: words and a minimum length of two, so that top terms and themes speak of content, not of
#: "the", "of" or the "u" and "n" of "U.N.".
DEFAULT_ANALYZER: dict[str, Any] = {"stop_words": "english", "min_length": 2}


class UnknownDocumentError(KeyError):
    """KeyError for a document name (or unit ref) that is not there; its message names the
    argument, the value and the valid choices, printed as written (not quoted as KeyError's)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class Pipeline:
    """Documents and the one analysis state the verbs work on.

    Parameters
    ----------
    documents : iterable of Document or str
        The documents; plain strings become documents named ``doc1``, ``doc2``, ...
    analyzer : mapping, optional
        Analyzer options (see :class:`treatytext.analyzer.Analyzer`), merged over the default
        ``{"stop_words": "english", "min_length": 2}``; pass ``{"stop_words": None,
        "min_length": 1}`` to count every word.
    weighting : str
        Weighting preset of the unit vectors (``"tfidf"``, ``"bm25"``, ``"count"``, ``"binary"``,
        ``"tf"``; see :mod:`treatytext.weighting`).
    min_df : int or float
        Minimum document frequency (in units) of a kept term: an int counts units, a float in
        [0, 1] is a proportion of them. Every table and vector uses the kept terms only.
    units : str, optional
        Unit mode for documents given as strings (see :class:`Document`).
    n_jobs : int
        Threads for the engine's counting, weighting and similarity.
    progress : bool, optional
        Progress bars on long loops (default: only in interactive sessions).
    """

    def __init__(
        self,
        documents: Iterable[Document | str],
        *,
        analyzer: Mapping[str, Any] | None = None,
        weighting: str = "tfidf",
        min_df: int | float = 1,
        units: str | None = None,
        n_jobs: int = 1,
        progress: bool | None = None,
    ) -> None:
        unit_mode = check_units(units) if units is not None else "leaves"
        docs: list[Document] = []
        for i, item in enumerate(documents):
            if isinstance(item, Document):
                docs.append(item)
            elif isinstance(item, str):
                docs.append(Document(item, f"doc{i + 1}", units=unit_mode))
            else:
                raise TypeError(
                    f"document {i} must be a Document or str, got {type(item).__name__}"
                )
        seen: set[str] = set()
        for doc in docs:
            if doc.name in seen:
                raise ValueError(f"duplicate document name {doc.name!r}; names must be unique")
            seen.add(doc.name)
        self.documents = docs
        self.analyzer_options: dict[str, Any] = {**DEFAULT_ANALYZER, **dict(analyzer or {})}
        self.weighting = weighting
        self.min_df = min_df
        self.n_jobs = n_jobs
        self.progress = progress
        self._index = {doc.name: i for i, doc in enumerate(docs)}

    def options(self) -> dict[str, Any]:
        """The analysis options, as keyword arguments for a pipeline of other documents."""
        return {
            "analyzer": self.analyzer_options,
            "weighting": self.weighting,
            "min_df": self.min_df,
            "n_jobs": self.n_jobs,
            "progress": self.progress,
        }

    # -- documents -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.documents)

    def __iter__(self):
        return iter(self.documents)

    def __getitem__(self, key: int | str) -> Document:
        return self.documents[self.document_index(key, "key")]

    @property
    def names(self) -> list[str]:
        """Document names in corpus order."""
        return [d.name for d in self.documents]

    def document_index(self, document: str | int, argument: str = "document") -> int:
        """The position of a document given by name or position.

        The one convention of every verb for a document that is not there: KeyError for an
        unknown name, IndexError for a position out of range, TypeError for anything else, each
        naming the argument, the value and what would be valid.
        """
        if isinstance(document, str):
            if document not in self._index:
                raise UnknownDocumentError(
                    f"{argument}={document!r}: no document of that name; {self._valid_documents()}"
                )
            return self._index[document]
        if isinstance(document, bool) or not isinstance(document, numbers.Integral):
            raise TypeError(
                f"{argument} must be a document name (str) or position (int), "
                f"got {type(document).__name__}"
            )
        n = len(self.documents)
        position = int(document)
        if not -n <= position < n:
            raise IndexError(
                f"{argument}={position}: out of range for {n} documents; {self._valid_documents()}"
            )
        return position % n

    def _valid_documents(self) -> str:
        """ "valid: positions 0..n-1 or the names 'a', 'b', ..." (at most ten names shown)."""
        n = len(self.documents)
        if not n:
            return "the corpus has no documents"
        names = ", ".join(repr(name) for name in self.names[:10])
        more = f" and {n - 10} more" if n > 10 else ""
        return f"valid: positions 0..{n - 1} or the names {names}{more}"

    def select(self, selector: Selector, argument: str = "selector") -> np.ndarray:
        """Boolean mask over documents: by name(s), by predicate, or a mask itself."""
        n = len(self.documents)
        if isinstance(selector, str):
            selector = [selector]
        if callable(selector):
            return np.fromiter((bool(selector(d)) for d in self.documents), dtype=bool, count=n)
        values = list(selector)
        if values and all(isinstance(v, (bool, np.bool_)) for v in values):
            if len(values) != n:
                raise ValueError(f"{argument}: a mask needs {n} values, got {len(values)}")
            return np.asarray(values, dtype=bool)
        mask = np.zeros(n, dtype=bool)
        for value in values:
            mask[self.document_index(value, argument)] = True
        return mask

    def metadata(self) -> pd.DataFrame:
        """One row per document: name, units, characters and its metadata fields."""
        import pandas as pd

        rows = [
            {"name": d.name, "units": len(d.units), "characters": len(d.text), **d.metadata}
            for d in self.documents
        ]
        return pd.DataFrame(rows)

    # -- units ---------------------------------------------------------------------------------

    @functools.cached_property
    def _units(self) -> tuple[list[str], np.ndarray, list[str]]:
        texts: list[str] = []
        owners: list[int] = []
        refs: list[str] = []
        for d, doc in enumerate(track(self.documents, desc="segmenting", progress=self.progress)):
            texts.extend(u.text for u in doc.units)
            owners.extend([d] * len(doc.units))
            refs.extend(doc.refs)
        return texts, np.asarray(owners, dtype=np.int64), refs

    @property
    def unit_texts(self) -> list[str]:
        """Text of each unit (row of the matrices)."""
        return self._units[0]

    @property
    def unit_documents(self) -> np.ndarray:
        """Document index of each unit."""
        return self._units[1]

    @property
    def unit_refs(self) -> list[str]:
        """Reference of each unit within its document ("Article 4 2.", "bullet 3")."""
        return self._units[2]

    def document_units(self, document: str | int) -> np.ndarray:
        """The unit rows of one document (by name or position), ascending."""
        return np.flatnonzero(self.unit_documents == self.document_index(document))

    def unit_label(self, unit: int) -> str:
        """ "ref" in a one-document corpus, "document: ref" otherwise."""
        ref = self.unit_refs[unit]
        if len(self.documents) == 1:
            return ref
        return f"{self.documents[self.unit_documents[unit]].name}: {ref}"

    @functools.cached_property
    def units(self) -> pd.DataFrame:
        """The units, one row each (index ``unit`` = matrix row): document, clause (its index
        in ``Document.clauses``), ref, kind, label, heading (the headings above it, see
        :attr:`Document.headings`), start, end (code points in the document text), level,
        parent, text, and any per-clause metadata (e.g. ToTA chapter)."""
        import pandas as pd

        frames = []
        for doc in self.documents:
            frame = doc.frame()
            frame.insert(0, "document", doc.name)
            frames.append(frame)
        columns = ["document", "clause", "ref", "kind", "label", "heading", "start", "end",
                   "level", "parent", "text"]  # fmt: skip
        result = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
        result.index.name = "unit"
        return result

    @property
    def clauses(self) -> pd.DataFrame:
        """Deprecated name of :attr:`units` (the table holds the analysis units, while
        ``Document.clauses`` is the whole segmentation tree)."""
        warnings.warn(
            "Corpus.clauses is deprecated: the table of analysis units is Corpus.units "
            "(Document.clauses is the segmentation tree)",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.units

    def unit(self, document: str | int, ref: str | int) -> int:
        """The unit row of a document's clause, by ref ("bullet 3") or by clause index."""
        d = self.document_index(document)
        doc = self.documents[d]
        for row, unit, unit_ref in zip(self.document_units(d), doc.units, doc.refs, strict=True):
            if (isinstance(ref, str) and unit_ref == ref) or (
                not isinstance(ref, str) and unit.index == ref
            ):
                return int(row)
        refs = ", ".join(repr(r) for r in doc.refs[:10]) + (" ..." if len(doc.refs) > 10 else "")
        raise UnknownDocumentError(
            f"ref={ref!r}: document {doc.name!r} has no such unit; valid refs: {refs or 'none'}"
        )

    def require_units(self) -> None:
        """ValueError when there is nothing to analyse."""
        if not self.unit_texts:
            raise ValueError("the corpus has no units to analyse (empty or blank texts)")

    def languages(self) -> dict[str, int]:
        """Documents per language (metadata ``language``), most frequent first; empty when no
        document says its language."""
        counts: dict[str, int] = {}
        for doc in self.documents:
            language = doc.metadata.get("language")
            if language:
                counts[str(language)] = counts.get(str(language), 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def _warn_if_languages_mix(self) -> None:
        # One analyzer (one stemmer, one stop-word list) serves every document; reading the
        # corpus (or comparing its character shingles, treatytext.reuse) needs no warning.
        mixed = self.languages()
        if len(mixed) > 1:
            shown = ", ".join(f"{lang}: {n}" for lang, n in mixed.items())
            warnings.warn(
                f"the corpus mixes languages ({shown}) and one analyzer (one stemmer, one "
                "stop-word list) serves them all, so top terms and similarities mix them too; "
                f"select one language first (load_tota(languages={list(mixed)[:1]!r}))",
                UserWarning,
                stacklevel=4,
            )

    # -- the one pipeline: count, prune, weight -------------------------------------------------

    @functools.cached_property
    def analyzer(self) -> Analyzer:
        """The engine analyzer of the corpus options (text -> terms)."""
        return Analyzer(**self.analyzer_options)

    @functools.cached_property
    def counts(self) -> counting.Counts:
        """Raw counts of the units (units x kept terms, terms sorted), with unit frequencies."""
        self.require_units()
        self._warn_if_languages_mix()
        counted = counting.count(self.unit_texts, self.analyzer, n_jobs=self.n_jobs)
        return counting.prune_counts(
            counted, min_df=self.min_df, sort_terms=True, n_jobs=self.n_jobs
        )

    @property
    def terms(self) -> list[str]:
        """The kept terms, sorted: column ``j`` of every matrix of the pipeline."""
        return self.counts.terms

    @functools.cached_property
    def weight_options(self) -> Any:
        """The core's WeightOptions of the ``weighting`` preset."""
        return weight_options(self.weighting)

    @functools.cached_property
    def idf(self) -> np.ndarray:
        """idf of each column over the units (BM25's idf for "bm25")."""
        counts = self.counts
        return inverse_document_frequency(
            counts.document_frequency, counts.n_documents, self.weight_options
        )

    @functools.cached_property
    def average_length(self) -> float:
        """Mean number of counted (kept) terms per unit, BM25's avglen."""
        counts = self.counts
        return float(np.sum(counts.term_frequency)) / counts.n_documents

    def weigh(self, counts: Any) -> sp.csr_matrix:
        """Weights raw counts over :attr:`terms` with the units' idf and average length."""
        return apply_weights(
            counts,
            self.idf,
            self.weight_options,
            average_length=self.average_length,
            n_jobs=self.n_jobs,
        )

    @functools.cached_property
    def vectors(self) -> sp.csr_matrix:
        """Weighted unit vectors (units x terms), l2-normalized for tf-idf."""
        return self.weigh(self.counts.matrix)

    @functools.cached_property
    def _columns(self) -> Any:
        return _core.Vocabulary(self.terms)  # the core's hash table of the kept terms

    def term_column(self, term: str) -> int:
        """The column of a kept term, -1 for any other string."""
        return int(self._columns.find(term))

    def count(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Raw counts of new texts over :attr:`terms` (terms outside them are dropped)."""
        counted = counting.count(list(texts), self.analyzer, n_jobs=self.n_jobs)
        ids = np.fromiter(map(self.term_column, counted.terms), np.int64, len(counted.terms))
        matrix = counted.matrix.tocoo()
        keep = ids[matrix.col] >= 0
        result = sp.csr_matrix(
            (matrix.data[keep], (matrix.row[keep], ids[matrix.col[keep]])),
            shape=(counted.n_documents, len(self.terms)),
        )
        result.sort_indices()
        return result

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Vectors of new texts weighted as the units (their idf and average length)."""
        return self.weigh(self.count(texts))

    @functools.cached_property
    def grouping(self) -> sp.csr_matrix:
        """Documents x units indicator matrix: row d has ones at the units of document d."""
        n_units = len(self.unit_texts)
        data = np.ones(n_units, dtype=np.float64)
        return sp.csr_matrix(
            (data, (self.unit_documents, np.arange(n_units))), shape=(len(self.documents), n_units)
        )

    @functools.cached_property
    def document_counts(self) -> sp.csr_matrix:
        """Documents x terms raw counts: the unit counts summed per document."""
        matrix = (self.grouping @ self.counts.matrix).tocsr()
        matrix.sort_indices()
        return matrix

    @functools.cached_property
    def document_frequency(self) -> np.ndarray:
        """Per term, the number of documents containing it (int64)."""
        return np.diff(self.document_counts.tocsc().indptr).astype(np.int64)

    @functools.cached_property
    def document_vectors(self) -> sp.csr_matrix:
        """Weighted vectors of whole documents: their summed unit counts weighted as one
        batch of documents (idf over the documents, the ``weighting`` preset's norm)."""
        self.require_units()
        matrix = self.document_counts
        documents = matrix.shape[0]
        idf = inverse_document_frequency(self.document_frequency, documents, self.weight_options)
        average = float(matrix.sum()) / documents
        return apply_weights(
            matrix, idf, self.weight_options, average_length=average, n_jobs=self.n_jobs
        )

    @functools.cached_property
    def highlighter(self) -> Any:
        """An engine analyzer with the corpus options, single words only (for display)."""
        return display.highlight_analyzer(self.analyzer_options)


Verb = TypeVar("Verb", bound=Callable[..., Any])


def method(verb: Verb, subject: Callable[[Any], Pipeline] | None = None) -> Verb:
    """``verb`` (a function whose first parameter is the pipeline) as a method.

    The method calls ``verb(subject(self), ...)`` (``subject`` defaults to ``self``); it keeps
    the verb's name, docstring and signature, with ``self`` in place of the pipeline, so that
    ``help()`` and tab completion show the verb's own parameters, written once.
    """

    def bound(self: Any, *args: Any, **kwargs: Any) -> Any:
        return verb(self if subject is None else subject(self), *args, **kwargs)

    functools.update_wrapper(bound, verb)
    signature = inspect.signature(verb)
    first, *rest = signature.parameters.values()
    bound.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[first.replace(name="self", annotation=inspect.Parameter.empty), *rest]
    )
    del bound.__wrapped__  # help() shows __signature__, not the verb's first parameter
    return bound  # type: ignore[return-value]
