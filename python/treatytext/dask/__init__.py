"""treatytext on Dask: the same results as on one machine, for corpora beyond one machine.

Change the import, keep the code::

    from treatytext.dask import TfidfVectorizer   # instead of treatytext.sklearn

The estimators take a ``dask.bag.Bag`` of texts, a ``dask.dataframe`` Series or a 1-D
``dask.array`` of objects (each partition is read and counted by the worker holding it) and
return dask arrays of ``scipy.sparse.csr_matrix`` chunks with known chunk sizes. Fitting counts
every partition in C++ into compact partial counts, merges them in a tree and prunes once,
globally, so ``vocabulary_``, ``idf_`` and every matrix equal the single-machine ones bit for
bit, for any partitioning. :func:`top_k` is the exact cosine top-k over row blocks.
:func:`read_lines` reads text files as a Bag of lines that the workers count in place, and
:func:`load_tota` the ToTA agreements as a Bag of articles. Requires the ``dask`` extra:
``pip install treatytext[dask]``.
"""

from __future__ import annotations

from typing import Any

from ._datasets import load_tota, read_lines
from ._topk import edges, top_k
from ._vectorizer import Vectorizer

_SKLEARN_FACE = ("CountVectorizer", "TfidfVectorizer")


def __getattr__(name: str) -> Any:
    # The scikit-learn face imports scikit-learn (seconds in every worker process): only on use.
    if name in _SKLEARN_FACE:
        from . import _sklearn

        return getattr(_sklearn, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CountVectorizer",
    "TfidfVectorizer",
    "Vectorizer",
    "edges",
    "load_tota",
    "read_lines",
    "top_k",
]
