"""Clause alignment of two documents: which clauses of A reappear in B, and which do not.

The engine pairs clauses by cosine similarity of their vectors (one-to-one: each clause used at
most once, the sum of scores maximal; one-to-many: each clause of A with its best clause of B),
above a threshold. The pairing depends on scores only, not on the clauses' order (unlike
passim). The result is a :class:`treatytext.stats.Alignment` that names both documents and
carries each clause's ref and text.
"""

from __future__ import annotations

import copy
import dataclasses
import os
from pathlib import Path
from typing import Any

import numpy as np

from . import stats
from .document import Document
from .pipeline import Pipeline
from .stats import Alignment

__all__ = ["Alignment", "align", "align_documents"]


def align(
    corpus: Pipeline,
    a: str | int,
    b: str | int,
    threshold: float = 0.5,
    *,
    mode: str = "one-to-one",
) -> Alignment:
    """Align the units of two documents of the corpus, with vectors weighted by the corpus.

    Parameters
    ----------
    a, b : str or int
        The two documents, by name or position.
    threshold : float
        Minimum cosine similarity of a pair, in [0, 1].
    mode : {"one-to-one", "one-to-many"}
        Each clause in at most one pair, or each clause of A paired with its best clause of B
        (which may then serve several clauses of A).

    Returns
    -------
    treatytext.stats.Alignment
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must lie in [0, 1], got {threshold}")
    da, db = corpus.document_index(a, "a"), corpus.document_index(b, "b")
    rows_a, rows_b = corpus.document_units(da), corpus.document_units(db)
    if len(rows_a) and len(rows_b):
        vectors = corpus.vectors
        result = stats.align(
            vectors[rows_a], vectors[rows_b], threshold=threshold, mode=mode, n_jobs=corpus.n_jobs
        )
    else:  # nothing to pair: every clause of the other side is unmatched
        result = stats.align_scores(np.zeros((len(rows_a), len(rows_b))), mode=mode)
    refs, texts = np.asarray(corpus.unit_refs, dtype=object), corpus.unit_texts
    return dataclasses.replace(
        result,
        threshold=float(threshold),
        document_a=corpus.names[da],
        document_b=corpus.names[db],
        refs_a=list(refs[rows_a]),
        refs_b=list(refs[rows_b]),
        texts_a=[texts[r] for r in rows_a],
        texts_b=[texts[r] for r in rows_b],
        highlighter=corpus.highlighter,
    )


#: Endings of a one-line string that names a text file rather than holding a text.
_TEXT_FILE_SUFFIXES = (".txt", ".md", ".text", ".json", ".jsonl", ".html", ".xml")


def _as_document(value: Document | str | os.PathLike[str], argument: str) -> Document:
    """A Document of a Document, a path (PathLike, or a str naming a file) or a text.

    A one-line str that names an existing file is read as that file. One that merely looks like
    a file name (ending in .txt, .md, ...) but names none raises FileNotFoundError, since
    aligning the file name itself as a text would silently give an empty alignment.
    """
    if isinstance(value, Document):
        return value
    if isinstance(value, os.PathLike):
        return Document.from_file(value)
    if isinstance(value, str):
        one_line = "\n" not in value and len(value) < 4096
        if one_line and value.strip() and Path(value).is_file():
            return Document.from_file(value)
        if one_line and value.strip().lower().endswith(_TEXT_FILE_SUFFIXES):
            raise FileNotFoundError(
                f"{argument}={value!r} looks like a file name but no such file exists "
                f"(from {os.getcwd()}); give an existing path, or Document(text) to align "
                "the string itself"
            )
        return Document(value, argument.upper())
    raise TypeError(
        f"{argument} must be a Document, a path or a text (str), got {type(value).__name__}"
    )


def align_documents(
    a: Document | str | os.PathLike[str],
    b: Document | str | os.PathLike[str],
    threshold: float = 0.5,
    *,
    mode: str = "one-to-one",
    analyzer: dict[str, Any] | None = None,
    weighting: str = "tfidf",
) -> Alignment:
    """Align the units of two documents, weighted as a corpus of the two.

    ``a`` and ``b`` are Documents, paths of UTF-8 files (``os.PathLike``, or a one-line str
    naming an existing file) or texts (segmented with the defaults); ``analyzer`` and
    ``weighting`` are the options of that two-document corpus. ``threshold`` and ``mode`` as in
    :func:`align`.
    """
    doc_a, doc_b = _as_document(a, "a"), _as_document(b, "b")
    if doc_a.name == doc_b.name:  # a corpus needs distinct names; the documents stay untouched
        doc_a, doc_b = copy.copy(doc_a), copy.copy(doc_b)
        doc_a.name, doc_b.name = f"{doc_a.name} (A)", f"{doc_b.name} (B)"
    pair = Pipeline([doc_a, doc_b], analyzer=analyzer, weighting=weighting)
    return align(pair, 0, 1, threshold, mode=mode)
