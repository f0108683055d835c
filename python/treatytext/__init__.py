"""treatytext: clause-level text analysis for treaties, agreements and summaries of them.

The heavy lifting happens in the C++ core (``treatytext._core``); this package composes it.
The scikit-learn drop-ins live in :mod:`treatytext.sklearn` (imported on demand, so that
scikit-learn stays optional); statistics in :mod:`treatytext.stats`.
"""

from __future__ import annotations

from . import (
    _core,  # noqa: F401  (fails early if the extension is missing)
    stats,
)
from .align import Alignment, align
from .analyzer import Analyzer, Token, TokenArrays, english_stop_words, stemmer_languages
from .corpus import Corpus
from .counting import Counts, count, count_terms, merge_counts, prune_counts, top_terms
from .datasets import load_seed, load_tota
from .document import Document
from .model import Model, load_model, save_model
from .segment import Clause, clauses_to_records, segment, segment_arrays
from .similarity import cosine_similarity, jaccard_similarity, top_k
from .text import decode
from .vectorizer import NotFittedError, Vectorizer

__version__ = "0.1.0"

__all__ = [
    "Alignment",
    "Analyzer",
    "Clause",
    "Corpus",
    "Counts",
    "Document",
    "Model",
    "NotFittedError",
    "Token",
    "TokenArrays",
    "Vectorizer",
    "__version__",
    "align",
    "clauses_to_records",
    "cosine_similarity",
    "count",
    "count_terms",
    "decode",
    "english_stop_words",
    "jaccard_similarity",
    "load_model",
    "load_seed",
    "load_tota",
    "merge_counts",
    "prune_counts",
    "save_model",
    "segment",
    "segment_arrays",
    "stats",
    "stemmer_languages",
    "top_k",
    "top_terms",
]
