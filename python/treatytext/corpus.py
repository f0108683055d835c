"""Corpus: many documents analysed together, one row per clause unit.

Row ``i`` of every matrix a Corpus computes (counts, tf-idf vectors) is row ``i`` of
:attr:`Corpus.clauses`; each row keeps its document and clause ids, as in quanteda.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from . import _engine, display
from .document import Document, check_units
from .progress import track

if TYPE_CHECKING:
    import pandas as pd

    from .align import Alignment
    from .frequencies import Frame
    from .kwic import Concordance
    from .search import ClausePairs, Matches
    from .themes import Themes

#: A selection of documents: a name, a list of names, a predicate on Document, or a mask.
Selector = str | Sequence[str] | Callable[[Document], bool] | Sequence[bool] | np.ndarray


class Corpus:
    """Documents analysed together.

    Parameters
    ----------
    documents : iterable of Document or str
        The documents; plain strings become documents named ``doc1``, ``doc2``, ...
    analyzer : mapping, optional
        Analyzer options (see :class:`treatytext.analyzer.Analyzer`), merged over the corpus
        default ``{"stop_words": "english", "min_length": 2}``; pass ``{"stop_words": None,
        "min_length": 1}`` to count every word.
    weighting : str
        Weighting of the clause vectors (``"tfidf"``, ``"bm25"``, ``"count"`` ...).
    min_df : int or float
        Minimum document frequency of a term in the clause vectors.
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
        self.analyzer_options: dict[str, Any] = {**_engine.DEFAULT_ANALYZER, **dict(analyzer or {})}
        self.weighting = weighting
        self.min_df = min_df
        self.n_jobs = n_jobs
        self.progress = progress
        self._index = {doc.name: i for i, doc in enumerate(docs)}

    def _options(self) -> dict[str, Any]:
        return {
            "analyzer": self.analyzer_options,
            "weighting": self.weighting,
            "min_df": self.min_df,
            "n_jobs": self.n_jobs,
            "progress": self.progress,
        }

    # -- construction --------------------------------------------------------------------------

    @classmethod
    def from_texts(
        cls,
        texts: Iterable[str],
        names: Iterable[str] | None = None,
        metadata: Iterable[Mapping[str, Any]] | None = None,
        *,
        units: str = "leaves",
        **options: Any,
    ) -> Corpus:
        """A corpus of plain texts with optional names and metadata."""
        texts = list(texts)
        names = list(names) if names is not None else [f"doc{i + 1}" for i in range(len(texts))]
        metas = list(metadata) if metadata is not None else [{} for _ in texts]
        if not len(texts) == len(names) == len(metas):
            raise ValueError(
                f"texts, names and metadata differ in length: {len(texts)}, {len(names)}, "
                f"{len(metas)}"
            )
        docs = [Document(t, n, m, units=units) for t, n, m in zip(texts, names, metas, strict=True)]
        return cls(docs, **options)

    @classmethod
    def from_files(
        cls,
        paths: Iterable[str | os.PathLike[str]],
        *,
        errors: str = "strict",
        units: str = "leaves",
        **options: Any,
    ) -> Corpus:
        """A corpus of files (text, Markdown, HTML, PDF, DOCX, ToTA XML: see
        :meth:`Document.from_file`), named by file stem (by path when stems repeat)."""
        paths = [Path(p) for p in paths]
        stems = [p.stem for p in paths]
        names = stems if len(set(stems)) == len(stems) else [str(p) for p in paths]
        docs = [
            Document.from_file(p, n, errors=errors, units=units)
            for p, n in zip(
                track(paths, desc="reading", progress=options.get("progress")), names, strict=True
            )
        ]
        return cls(docs, **options)

    @classmethod
    def from_folder(
        cls,
        folder: str | os.PathLike[str],
        pattern: str = "*.txt",
        *,
        recursive: bool = False,
        **options: Any,
    ) -> Corpus:
        """A corpus of the files in ``folder`` matching ``pattern``, in sorted order."""
        folder = Path(folder)
        if not folder.is_dir():
            raise NotADirectoryError(f"not a folder: {folder}")
        found = sorted(folder.rglob(pattern) if recursive else folder.glob(pattern))
        files = [p for p in found if p.is_file()]
        if not files:
            raise FileNotFoundError(f"no files matching {pattern!r} in {folder}")
        return cls.from_files(files, **options)

    @classmethod
    def from_jsonl(
        cls,
        path: str | os.PathLike[str],
        *,
        text: str = "text",
        name: str | None = "name",
        units: str = "leaves",
        **options: Any,
    ) -> Corpus:
        """A corpus from JSON lines: one object per line; other fields become metadata."""
        docs = []
        with open(path, encoding="utf-8") as handle:
            for line_number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(
                        f"{path}, line {line_number}: invalid JSON: {exc.msg}"
                    ) from None
                if not isinstance(record, dict) or not isinstance(record.get(text), str):
                    raise ValueError(f"{path}, line {line_number}: no string field {text!r}")
                doc_name = record.get(name) if name else None
                meta = {k: v for k, v in record.items() if k not in (text, name)}
                label = str(doc_name) if doc_name is not None else f"doc{len(docs) + 1}"
                docs.append(Document(record[text], label, meta, units=units))
        return cls(docs, **options)

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        text: str = "text",
        name: str | None = "name",
        metadata: Sequence[str] | None = None,
        units: str = "leaves",
        **options: Any,
    ) -> Corpus:
        """A corpus from a DataFrame: a text column, a name column, metadata columns."""
        if text not in frame.columns:
            raise ValueError(f"no column {text!r} in the DataFrame")
        has_name = name is not None and name in frame.columns
        meta_columns = (
            list(metadata)
            if metadata is not None
            else [c for c in frame.columns if c not in (text, name)]
        )
        docs = []
        for i, record in enumerate(frame.to_dict("records")):
            doc_name = str(record[name]) if has_name else f"doc{i + 1}"
            meta = {c: record[c] for c in meta_columns}
            docs.append(Document(record[text], doc_name, meta, units=units))
        return cls(docs, **options)

    def subset(self, selector: Selector) -> Corpus:
        """The documents chosen by ``selector``, with the same analysis options."""
        mask = self.select(selector)
        return Corpus(
            [d for d, keep in zip(self.documents, mask, strict=True) if keep], **self._options()
        )

    # -- documents -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.documents)

    def __iter__(self):
        return iter(self.documents)

    def __getitem__(self, key: int | str) -> Document:
        if isinstance(key, str):
            if key not in self._index:
                raise KeyError(f"no document named {key!r}")
            return self.documents[self._index[key]]
        return self.documents[key]

    @property
    def names(self) -> list[str]:
        """Document names in corpus order."""
        return [d.name for d in self.documents]

    def select(self, selector: Selector) -> np.ndarray:
        """Boolean mask over documents: by name(s), by predicate, or a mask itself."""
        n = len(self.documents)
        if isinstance(selector, str):
            selector = [selector]
        if callable(selector):
            return np.fromiter((bool(selector(d)) for d in self.documents), dtype=bool, count=n)
        values = list(selector)
        if values and all(isinstance(v, (bool, np.bool_)) for v in values):
            if len(values) != n:
                raise ValueError(f"a mask needs {n} values, got {len(values)}")
            return np.asarray(values, dtype=bool)
        mask = np.zeros(n, dtype=bool)
        for value in values:
            if value not in self._index:
                raise KeyError(f"no document named {value!r}")
            mask[self._index[value]] = True
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

    def unit_label(self, unit: int) -> str:
        """ "ref" in a one-document corpus, "document: ref" otherwise."""
        ref = self.unit_refs[unit]
        if len(self.documents) == 1:
            return ref
        return f"{self.documents[self.unit_documents[unit]].name}: {ref}"

    @functools.cached_property
    def clauses(self) -> pd.DataFrame:
        """The units, one row each (index ``unit`` = matrix row): document, clause id, ref,
        kind, label, start, end (code points in the document text), level, parent, text, and
        any per-clause metadata (e.g. ToTA chapter)."""
        import pandas as pd

        frames = []
        for doc in self.documents:
            frame = doc.frame()
            frame.insert(0, "document", doc.name)
            frames.append(frame)
        columns = ["document", "clause", "ref", "kind", "label", "start", "end", "level",
                   "parent", "text"]  # fmt: skip
        result = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
        result.index.name = "unit"
        return result

    def unit(self, document: str | int, ref: str | int) -> int:
        """The unit row of a document's clause, by ref ("bullet 3") or by clause index."""
        d = self._index[document] if isinstance(document, str) else int(document)
        rows = np.flatnonzero(self.unit_documents == d)
        doc = self.documents[d]
        for row, unit, unit_ref in zip(rows, doc.units, doc.refs, strict=True):
            if (isinstance(ref, str) and unit_ref == ref) or (
                not isinstance(ref, str) and unit.index == ref
            ):
                return int(row)
        raise KeyError(f"document {doc.name!r} has no unit {ref!r}")

    def _require_units(self) -> None:
        if not self.unit_texts:
            raise ValueError("the corpus has no clauses to analyse (empty or blank texts)")

    # -- counts and vectors ---------------------------------------------------------------------

    @functools.cached_property
    def counts(self) -> Any:
        """Engine counts of the units: terms, matrix (units x terms), frequencies."""
        self._require_units()
        return _engine.count(self.unit_texts, self.analyzer_options, n_jobs=self.n_jobs)

    @property
    def terms(self) -> list[str]:
        """The counted vocabulary (columns of :attr:`counts`)."""
        return list(self.counts.terms)

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
        """Documents x terms counts: the unit counts summed per document."""
        return (self.grouping @ sp.csr_matrix(self.counts.matrix)).tocsr()

    @functools.cached_property
    def _fitted(self) -> tuple[Any, sp.csr_matrix]:
        self._require_units()
        vectorizer = _engine.vectorizer(
            self.analyzer_options, self.weighting, self.min_df, self.n_jobs
        )
        vectors = sp.csr_matrix(vectorizer.fit_transform(self.unit_texts))
        return vectorizer, vectors

    @property
    def vectorizer(self) -> Any:
        """The engine Vectorizer fitted on the units."""
        return self._fitted[0]

    @property
    def vectors(self) -> sp.csr_matrix:
        """Weighted unit vectors (units x features), l2-normalized by default."""
        return self._fitted[1]

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Vectors of new texts against the units' vocabulary and weights."""
        return sp.csr_matrix(self.vectorizer.transform(list(texts)))

    @functools.cached_property
    def document_vectors(self) -> sp.csr_matrix:
        """Weighted vectors of whole documents (a vectorizer fitted on document texts)."""
        if not self.documents:
            raise ValueError("the corpus has no documents")
        vectorizer = _engine.vectorizer(
            self.analyzer_options, self.weighting, self.min_df, self.n_jobs
        )
        return sp.csr_matrix(vectorizer.fit_transform([d.text for d in self.documents]))

    @functools.cached_property
    def highlighter(self) -> Any:
        """An engine analyzer with the corpus options, single words only (for display)."""
        return display.highlight_analyzer(self.analyzer_options)

    # -- analysis (each in its own module) ---------------------------------------------------

    def term_frequencies(self, level: str = "corpus") -> Frame:
        """Term frequency table per ``"corpus"``, ``"document"`` or ``"clause"``."""
        from .frequencies import term_frequencies

        return term_frequencies(self, level)

    def top_terms(self, n: int = 10, by: str = "corpus") -> Frame:
        """The n most frequent terms of the corpus, of each document or of each clause."""
        from .frequencies import top_terms

        return top_terms(self, n, by)

    def similarity(self, document: str | int | None = None, max_units: int = 2000) -> pd.DataFrame:
        """Unit x unit cosine similarity (of one document if given), labelled by unit."""
        from .search import similarity_matrix

        return similarity_matrix(self, document, max_units)

    def most_similar(
        self,
        query: Any,
        k: int = 10,
        *,
        exclude_same_document: bool = False,
        threshold: float | None = None,
    ) -> Matches:
        """The k units most similar to a unit (row, ``(document, ref)``, Clause) or a free text."""
        from .search import most_similar

        return most_similar(self, query, k, exclude_same_document, threshold)

    def similar_pairs(
        self,
        n: int = 10,
        *,
        exclude_same_document: bool = False,
        threshold: float | None = None,
    ) -> ClausePairs:
        """The n most similar pairs of units in the corpus."""
        from .search import similar_pairs

        return similar_pairs(self, n, exclude_same_document, threshold)

    def reuse(self, document: str | int, threshold: float = 0.8, k: int = 3) -> ClausePairs:
        """Text reuse: units of ``document`` with a near copy (score >= threshold) elsewhere."""
        from .search import reuse

        return reuse(self, document, threshold, k)

    def document_similarity(self) -> pd.DataFrame:
        """Document x document cosine similarity of whole-document vectors."""
        from .search import document_similarity

        return document_similarity(self)

    def similar_documents(self, n: int = 10) -> pd.DataFrame:
        """The n most similar pairs of documents."""
        from .search import similar_documents

        return similar_documents(self, n)

    def align(
        self, a: str | int, b: str | int, threshold: float = 0.5, one_to_one: bool = True
    ) -> Alignment:
        """Align the units of two documents of the corpus (vectors weighted by the corpus)."""
        from .align import align_in_corpus

        return align_in_corpus(self, a, b, threshold, one_to_one)

    def keyness(
        self,
        target: Selector,
        reference: Selector | None = None,
        *,
        measure: str = "g2",
        correction: bool = False,
    ) -> pd.DataFrame:
        """Keyness of the target documents' terms against the reference (default: the rest)."""
        from .keyness import corpus_keyness

        return corpus_keyness(self, target, reference, measure, correction)

    def collocations(self, n: int = 2, min_count: int = 2, score: str = "g2") -> pd.DataFrame:
        """Word n-grams of the units that occur together more than chance."""
        from .keyness import collocations

        return collocations(self, n, min_count, score)

    def kwic(self, query: str, window: int = 5) -> Concordance:
        """Keyword in context: each occurrence of a word or phrase with ``window`` tokens."""
        from .kwic import kwic

        return kwic(self, query, window)

    def themes(
        self,
        n_themes: int = 4,
        *,
        method: str = "kmeans",
        n_components: int = 50,
        top: int = 5,
        seed: int = 0,
    ) -> Themes:
        """Units clustered into themes (k-means on LSA, or agglomerative on cosine)."""
        from .themes import themes

        return themes(self, n_themes, method=method, n_components=n_components, top=top, seed=seed)

    # -- plots and display ----------------------------------------------------------------------

    def plot_terms(self, n: int = 20, *, ax: Any = None) -> Any:
        """Bars of the n most frequent terms (see :func:`treatytext.plots.term_frequencies`)."""
        from .plots import term_frequencies

        return term_frequencies(self.term_frequencies(), n, ax=ax)

    def plot_similarity(self, document: str | int | None = None, *, ax: Any = None) -> Any:
        """Heatmap of unit x unit similarity (see :func:`treatytext.plots.similarity_heatmap`)."""
        from .plots import similarity_heatmap

        return similarity_heatmap(self.similarity(document), ax=ax)

    def __repr__(self) -> str:
        return f"<Corpus: {len(self.documents)} documents, {len(self.unit_texts)} units>"

    def _repr_html_(self) -> str:
        frame = self.metadata()
        keep = [c for c in frame.columns if frame[c].map(lambda v: not isinstance(v, list)).all()]
        body = (
            f"<h3>Corpus of {len(self.documents)} documents, {len(self.unit_texts)} units</h3>"
            + display.frame_html(frame[keep], max_rows=30)
        )
        return display.wrap(body)
