"""Keyness (which terms set one group of documents apart from another) and collocations.

Both statistics are computed by the engine (:mod:`treatytext.stats`); this module assembles
their inputs from the corpus counts: summed term counts of the two groups for keyness, runs of
adjacent words for collocations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import _engine
from .progress import track

if TYPE_CHECKING:
    import pandas as pd

    from .corpus import Corpus, Selector
    from .document import Document


def _as_frame(result: Any) -> pd.DataFrame:
    import pandas as pd

    return result if isinstance(result, pd.DataFrame) else pd.DataFrame(result)


def _sort_by_score(frame: pd.DataFrame, preferred: tuple[str, ...]) -> pd.DataFrame:
    for column in preferred:
        if column in frame.columns:
            return frame.sort_values(column, ascending=False, kind="stable").reset_index(drop=True)
    return frame.reset_index(drop=True)


def corpus_keyness(
    corpus: Corpus,
    target: Selector,
    reference: Selector | None = None,
    measure: str = "g2",
    correction: bool = False,
) -> pd.DataFrame:
    """Keyness of the target documents against the reference documents (default: the rest).

    Returns one row per term, most characteristic of the target first (terms the reference
    uses more come last, with negative scores).
    """
    target_mask = corpus.select(target)
    reference_mask = ~target_mask if reference is None else corpus.select(reference)
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
    result = _engine.keyness(target_counts, reference_counts, corpus.terms, measure, correction)
    return _sort_by_score(_as_frame(result), (measure, "score", "keyness"))


def keyness(
    target: Document | str,
    reference: Document | str,
    *,
    measure: str = "g2",
    correction: bool = False,
    analyzer: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Keyness of one document's terms against another's."""
    from .corpus import Corpus
    from .document import Document

    a = target if isinstance(target, Document) else Document(target, "target")
    b = reference if isinstance(reference, Document) else Document(reference, "reference")
    if a.name == b.name:
        a, b = Document(a.text, "target", a.metadata), Document(b.text, "reference", b.metadata)
    corpus = Corpus([a, b], analyzer=analyzer)
    return corpus_keyness(corpus, [a.name], [b.name], measure, correction)


def word_runs(text: str, analyzer: Any) -> list[list[str]]:
    """Runs of adjacent terms: a run breaks where anything but white space separates two kept
    tokens (a dropped stop word, punctuation), so no n-gram spans a gap."""
    runs: list[list[str]] = []
    current: list[str] = []
    previous_end = None
    for token in analyzer.tokenize(text):
        if previous_end is not None and text[previous_end : token.start].strip():
            if current:
                runs.append(current)
            current = []
        current.append(token.term)
        previous_end = token.end
    if current:
        runs.append(current)
    return runs


def collocations(
    corpus: Corpus, n: int = 2, min_count: int = 2, score: str = "llr"
) -> pd.DataFrame:
    """Word n-grams (bigrams, trigrams) of the corpus units scored by ``score``
    (``"llr"``: log-likelihood, ``"pmi"``), those seen at least ``min_count`` times."""
    if n < 2:
        raise ValueError(f"n must be at least 2, got {n}")
    corpus._require_units()
    options = dict(corpus.analyzer_options)
    options.pop("ngram_range", None)
    analyzer = _engine.analyzer(options)
    ids: dict[str, int] = {}
    sequences: list[np.ndarray] = []
    for text in track(corpus.unit_texts, desc="collocations", progress=corpus.progress):
        for run in word_runs(text, analyzer):  # short runs too: they count as unigrams
            sequences.append(
                np.fromiter((ids.setdefault(t, len(ids)) for t in run), np.int64, len(run))
            )
    terms = list(ids)
    result = _engine.collocations(sequences, terms, n, min_count, score)
    return _sort_by_score(_as_frame(result), (score, "score"))
