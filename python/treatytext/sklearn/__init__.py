"""Drop-in replacements for scikit-learn's text vectorizers, computed by treatytext's C++ core.

Change the import, keep the code::

    from treatytext.sklearn import TfidfVectorizer   # instead of sklearn.feature_extraction.text

The classes subclass scikit-learn's, take the same parameters (plus ``n_jobs``) and return the
same matrices: same ``vocabulary_``, same CSR structure, values equal within floating point
rounding (float64: 1e-12). The analyzers 'word' (default token pattern), 'char' and 'char_wb'
with lowercasing, accent stripping, stop words and n-grams run natively with Python's exact
character semantics; custom preprocessors, tokenizers and analyzers are run by scikit-learn's
own code and their terms counted natively. Requires scikit-learn.
"""

from __future__ import annotations

from .._optional import require

require("sklearn", extra="sklearn", feature="treatytext.sklearn")

from ._text import CountVectorizer, TfidfVectorizer  # noqa: E402 (after the check above)
from ._transformer import TfidfTransformer  # noqa: E402

for _cls in (CountVectorizer, TfidfVectorizer, TfidfTransformer):
    _cls.__module__ = __name__

__all__ = ["CountVectorizer", "TfidfTransformer", "TfidfVectorizer"]
