"""Keyness (which terms set one group of documents apart from another; by default each document
against the rest of the corpus) and collocations.

Both statistics are computed by the engine (:mod:`treatytext.stats`); this module assembles
their inputs from the corpus counts: summed term counts of the two groups for keyness, runs of
adjacent words for collocations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import stats
from .analyzer import Analyzer
from .document import Document
from .pipeline import Pipeline
from .progress import track

if TYPE_CHECKING:
    import pandas as pd

    from .pipeline import Selector


def keyness(
    corpus: Pipeline,
    target: Selector | None = None,
    reference: Selector | None = None,
    *,
    measure: str = "g2",
    correction: bool = False,
) -> pd.DataFrame:
    """Keyness of the target documents' terms against a reference corpus (default: the rest).

    With no ``target`` — the default way to find what is distinctive — every document is
    compared with the rest of the corpus as its reference, and the tables are stacked with a
    ``document`` column first (the corpus needs two documents at least); ``corpus.keyness()``
    holds, for document ``d``, exactly ``corpus.keyness(d)``. With a ``target``, the target's
    documents against the ``reference`` (default: every other document).

    Returns one row per term: ``keyness`` is the chosen statistic (``measure``: ``"g2"`` or
    ``"chi2"``) signed + when the target uses the term relatively more, - when less; rows are
    sorted by it, the target's most characteristic terms first and the reference's last (ties:
    the term first in code-point order; ``abs(keyness)`` is the measure itself, not repeated in
    a column of its own). Further columns: target_count, reference_count, the other measure
    (chi2 or g2), p_value and effect sizes (log_ratio, percent_diff, odds_ratio).
    """
    if target is None:
        if reference is not None:
            raise ValueError(
                "reference= needs a target=: without one every document is compared with "
                "the rest of the corpus"
            )
        return _each_against_the_rest(corpus, measure=measure, correction=correction)
    target_mask = corpus.select(target, "target")
    reference_mask = ~target_mask if reference is None else corpus.select(reference, "reference")
    if not target_mask.any():
        raise ValueError("the target selects no document")
    if not reference_mask.any():
        raise ValueError("the reference selects no document")
    overlap = target_mask & reference_mask
    if overlap.any():
        names = [n for n, o in zip(corpus.names, overlap, strict=True) if o]
        raise ValueError(f"target and reference share documents: {', '.join(names[:5])}")
    counts = corpus.document_counts
    target_counts = np.asarray(counts[target_mask].sum(axis=0)).ravel()
    reference_counts = np.asarray(counts[reference_mask].sum(axis=0)).ravel()
    return _keyness_table(target_counts, reference_counts, corpus.terms, measure, correction)


def _keyness_table(
    target_counts: np.ndarray,
    reference_counts: np.ndarray,
    terms: list[str],
    measure: str,
    correction: bool,
) -> pd.DataFrame:
    result = stats.keyness(
        target_counts, reference_counts, terms, measure=measure, correction=correction
    )
    frame = result.to_frame()
    frame.insert(1, "keyness", frame["sign"] * frame[measure])
    # ``keyness`` is the measure signed: the measure's own column would only repeat it.
    frame = frame.drop(columns=["term_id", "sign", measure], errors="ignore")
    return frame.sort_values("keyness", ascending=False, kind="stable").reset_index(drop=True)


def _each_against_the_rest(corpus: Pipeline, *, measure: str, correction: bool) -> pd.DataFrame:
    """Each document's keyness against the rest of the corpus, stacked (``document`` first)."""
    import pandas as pd

    if len(corpus.documents) < 2:
        raise ValueError(
            f"keyness against the rest of the corpus needs two documents at least, the corpus "
            f"has {len(corpus.documents)}; give target= and reference=, or use "
            "document_keyness() for two texts"
        )
    counts = corpus.document_counts
    totals = np.asarray(counts.sum(axis=0)).ravel()
    frames = []
    for d, name in enumerate(corpus.names):
        own = np.asarray(counts[d].sum(axis=0)).ravel()
        # The rest is the corpus total less the document: integer counts, so exact.
        table = _keyness_table(own, totals - own, corpus.terms, measure, correction)
        table.insert(0, "document", name)
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


def document_keyness(
    target: Document | str,
    reference: Document | str,
    *,
    measure: str = "g2",
    correction: bool = False,
    analyzer: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Keyness of one document's terms against another's (see :func:`keyness`)."""
    a = target if isinstance(target, Document) else Document(target, "target")
    b = reference if isinstance(reference, Document) else Document(reference, "reference")
    if a.name == b.name:
        a, b = Document(a.text, "target", a.metadata), Document(b.text, "reference", b.metadata)
    pair = Pipeline([a, b], analyzer=analyzer)
    return keyness(pair, [a.name], [b.name], measure=measure, correction=correction)


def word_runs(text: str, analyzer: Any) -> list[list[str]]:
    """Runs of adjacent terms: a run breaks where anything but white space separates two kept
    tokens (a dropped stop word, punctuation), so no n-gram spans a gap."""
    runs: list[list[str]] = []
    current: list[str] = []
    previous_end = None
    terms, starts, ends = analyzer.token_arrays(text)
    for term, start, end in zip(terms, starts.tolist(), ends.tolist(), strict=True):
        if previous_end is not None and text[previous_end:start].strip():
            if current:
                runs.append(current)
            current = []
        current.append(term)
        previous_end = end
    if current:
        runs.append(current)
    return runs


def collocations(
    corpus: Pipeline, n: int = 2, min_count: int = 2, score: str = "g2"
) -> pd.DataFrame:
    """Word n-grams (``n`` = 2 or 3) of the corpus units seen at least ``min_count`` times,
    scored by log-likelihood (g2) and PMI, sorted by ``score`` (``"g2"``, ``"pmi"`` or
    ``"count"``). No n-gram spans a dropped stop word or punctuation (see :func:`word_runs`)."""
    if n < 2:
        raise ValueError(f"n must be at least 2, got {n}")
    corpus.require_units()
    options = dict(corpus.analyzer_options)
    options.pop("ngram_range", None)
    analyzer = Analyzer(**options)
    ids: dict[str, int] = {}
    sequences: list[np.ndarray] = []
    for text in track(corpus.unit_texts, desc="collocations", progress=corpus.progress):
        sequence: list[int] = []
        for run in word_runs(text, analyzer):
            if sequence:
                sequence.append(-1)  # a gap: no n-gram across it
            sequence.extend(ids.setdefault(t, len(ids)) for t in run)
        sequences.append(np.asarray(sequence, dtype=np.int64))
    result = stats.collocations(sequences, list(ids), n=n, min_count=min_count, score=score)
    return result.to_frame()
