"""treatytext: clause-level text analysis for treaties, agreements and summaries of them.

The heavy lifting happens in the C++ core (``treatytext._core``); this package composes it.

The objects: :class:`Document` (a text as clauses), :class:`Corpus` (documents analysed
together, with the analysis verbs as methods), :class:`Analyzer`, :class:`Vectorizer`,
:class:`Counts`, :class:`Model`, :class:`Clause` and :class:`Alignment`. The stage verbs, in the
order data flows: :func:`segment`, :func:`count`, :func:`prune_counts`, :func:`merge_counts`,
:func:`weight_counts`, :func:`cosine_similarity`, :func:`top_k`, :func:`align_documents`.

Everything else lives in its module: corpus loaders in :mod:`treatytext.datasets`
(``load_tota``, ``load_seed``), statistics in :mod:`treatytext.stats`, plots in
:mod:`treatytext.plots`, model files in :mod:`treatytext.model`, the scikit-learn drop-ins in
:mod:`treatytext.sklearn` (imported on demand, so that scikit-learn stays optional).
"""

from __future__ import annotations

from . import _core  # noqa: F401  (fails early if the extension is missing)
from .align import align_documents
from .analyzer import Analyzer
from .corpus import Corpus
from .counting import Counts, count, merge_counts, prune_counts
from .document import Document
from .model import Model
from .segment import Clause, segment
from .similarity import cosine_similarity, top_k
from .stats import Alignment
from .vectorizer import NotFittedError, Vectorizer
from .weighting import weight_counts

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
    "Vectorizer",
    "__version__",
    "align_documents",
    "cosine_similarity",
    "count",
    "merge_counts",
    "prune_counts",
    "segment",
    "top_k",
    "weight_counts",
]
