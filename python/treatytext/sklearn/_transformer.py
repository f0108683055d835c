"""TfidfTransformer: scikit-learn's estimator with transform() weighting in C++ threads."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import text as sk_text
from sklearn.utils.validation import check_is_fitted

from .. import _core
from . import _native
from ._compat import align_sparse, validate_data
from ._params import class_doc, store_init_args, with_n_jobs


class TfidfTransformer(sk_text.TfidfTransformer, auto_wrap_output_keys=None):
    __doc__ = class_doc(
        "scikit-learn's TfidfTransformer with transform() done in C++ (identical output).",
        "Threads for weighting (-1: all cores). The output is identical for every value.",
    )

    _parameter_constraints: dict = with_n_jobs(sk_text.TfidfTransformer._parameter_constraints)

    def __init__(self, *, norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=False, n_jobs=1):
        store_init_args(self, locals())

    def transform(self, X, copy=True):
        """Transform a count matrix to a tf or tf-idf representation (scikit-learn's semantics).

        Parameters
        ----------
        X : sparse matrix of shape (n_samples, n_features)
            A matrix of term/token counts.
        copy : bool, default=True
            Whether to copy X and operate on the copy or perform in-place operations.

        Returns
        -------
        vectors : sparse matrix of shape (n_samples, n_features)
            Tf-idf-weighted document-term matrix.
        """
        check_is_fitted(self)
        original = X
        X = validate_data(
            self,
            X,
            accept_sparse="csr",
            dtype=[np.float64, np.float32],
            copy=copy,
            reset=False,
        )
        if not sp.issparse(X):
            X = sp.csr_array(X, dtype=X.dtype)
        data = X.data
        if not (data.flags.writeable and data.flags.c_contiguous):
            return super().transform(original, copy=copy)
        # Non-finite results make scikit-learn's normalize() raise its own error: leave such
        # input (and explicit zeros under sublinear_tf) to scikit-learn's code.
        if not np.isfinite(data).all() or (self.sublinear_tf and not (data > 0).all()):
            return super().transform(original, copy=copy)
        idf = getattr(self, "idf_", None)
        if idf is not None:
            idf = np.asarray(idf, dtype=data.dtype)
        indptr = X.indptr if X.indices.dtype == X.indptr.dtype else X.indptr.astype(X.indices.dtype)
        _core.sklearn_tfidf_inplace(
            data,
            X.indices,
            indptr,
            idf,
            bool(self.sublinear_tf),
            self.norm or "",
            _native.n_threads(self.n_jobs),
        )
        return align_sparse(X)
