"""Corpus: many documents analysed together, one row per clause unit.

A Corpus is the :class:`treatytext.pipeline.Pipeline` state (documents, units, the counts and
weights computed once) with constructors and the analysis verbs as methods. Each method is the
verb of its module called on the corpus, with the verb's own signature and docstring:

=====================================================  ========================================
``term_frequencies``, ``top_terms``, ``plot_terms``    :mod:`treatytext.frequencies`
``similarity``, ``most_similar``, ``similar_pairs``,   :mod:`treatytext.search`
``reuse``, ``document_similarity``,
``similar_documents``, ``plot_similarity``
``align``                                              :mod:`treatytext.align`
``keyness``, ``collocations``                          :mod:`treatytext.keyness`
``kwic``                                               :mod:`treatytext.kwic`
``themes``                                             :mod:`treatytext.themes`
=====================================================  ========================================

A :class:`~treatytext.document.Document` gets the one-document verbs the same way, run on its
:attr:`Document.corpus`. The verbs import the pipeline, never this module, so the package's
imports run one way.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import display
from .align import align
from .document import Document
from .frequencies import plot_terms, term_frequencies, top_terms
from .keyness import collocations, keyness
from .kwic import kwic
from .pipeline import Pipeline, Selector, method
from .progress import track
from .search import (
    document_similarity,
    most_similar,
    plot_similarity,
    reuse,
    similar_documents,
    similar_pairs,
    similarity,
)
from .themes import themes

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Corpus", "Selector"]


class Corpus(Pipeline):
    """Documents analysed together (see :class:`treatytext.pipeline.Pipeline` for the
    parameters and the state, and the module docstring for the methods)."""

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
            [d for d, keep in zip(self.documents, mask, strict=True) if keep], **self.options()
        )

    # -- the verbs, each written once in its module ----------------------------------------------

    term_frequencies = method(term_frequencies)
    top_terms = method(top_terms)
    plot_terms = method(plot_terms)
    similarity = method(similarity)
    most_similar = method(most_similar)
    similar_pairs = method(similar_pairs)
    reuse = method(reuse)
    document_similarity = method(document_similarity)
    similar_documents = method(similar_documents)
    plot_similarity = method(plot_similarity)
    align = method(align)
    keyness = method(keyness)
    collocations = method(collocations)
    kwic = method(kwic)
    themes = method(themes)

    def __repr__(self) -> str:
        languages = self.languages()
        mixed = ""
        if len(languages) > 1:
            mixed = ", mixed languages: " + ", ".join(f"{k} {v}" for k, v in languages.items())
        return f"<Corpus: {len(self.documents)} documents, {len(self.unit_texts)} units{mixed}>"

    def _repr_html_(self) -> str:
        frame = self.metadata()
        keep = [c for c in frame.columns if frame[c].map(lambda v: not isinstance(v, list)).all()]
        body = (
            f"<h3>Corpus of {len(self.documents)} documents, {len(self.unit_texts)} units</h3>"
            + display.frame_html(frame[keep], max_rows=30)
        )
        return display.wrap(body)


def _document_corpus(document: Document) -> Corpus:
    """The document alone as a Corpus with the default options (made once per document)."""
    corpus = document.__dict__.get("_corpus")
    if corpus is None:
        corpus = document.__dict__["_corpus"] = Corpus([document])
    return corpus


def _install_document_verbs() -> None:
    """Gives Document its corpus and the verbs that make sense for one document."""
    Document.corpus = property(  # type: ignore[attr-defined]
        _document_corpus, doc="This document alone as a Corpus with the default options."
    )
    for verb in (
        term_frequencies,
        top_terms,
        plot_terms,
        similarity,
        most_similar,
        similar_pairs,
        plot_similarity,
        collocations,
        kwic,
        themes,
    ):
        setattr(Document, verb.__name__, method(verb, _document_corpus))


_install_document_verbs()
