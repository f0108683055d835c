"""Clause-level statistics: keyness, collocations, LSA, clustering and alignment.

Every function here is a thin wrapper over the C++ core (``treatytext._core.analysis``): inputs
are converted (scipy.sparse or numpy matrices through :func:`treatytext._sparse.csr_to_parts`),
the work runs in C++ with the GIL released, and results come back as small dataclasses of numpy
arrays with a ``to_frame()`` method that imports pandas only when called.
"""

from __future__ import annotations

from ._align import Alignment, align, align_scores
from ._cluster import (
    AgglomerativeResult,
    ClusterTerms,
    KMeansResult,
    agglomerative,
    cluster_terms,
    kmeans,
)
from ._collocations import Collocations, collocations
from ._keyness import KeynessResult, chi2_sf, keyness
from ._lsa import LsaResult, lsa

__all__ = [
    "AgglomerativeResult",
    "Alignment",
    "ClusterTerms",
    "Collocations",
    "KMeansResult",
    "KeynessResult",
    "LsaResult",
    "agglomerative",
    "align",
    "align_scores",
    "chi2_sf",
    "cluster_terms",
    "collocations",
    "keyness",
    "kmeans",
    "lsa",
]
