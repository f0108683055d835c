"""The few scikit-learn internals the estimators rely on, with fallbacks for older releases.

scikit-learn's vectorizers keep their validation and tokenization logic in private helpers; the
estimators here inherit them (so that behaviour stays identical) and need only these three.
"""

from __future__ import annotations

from typing import Any

import scipy.sparse as sp

try:  # scikit-learn >= 1.3
    from sklearn.base import _fit_context as fit_context
except ImportError:  # pragma: no cover - older releases validate inside fit

    def fit_context(*, prefer_skip_nested_validation: bool):  # type: ignore[no-redef]
        def decorator(method):
            def wrapper(estimator, *args, **kwargs):
                validate = getattr(estimator, "_validate_params", None)
                if validate is not None:
                    validate()
                return method(estimator, *args, **kwargs)

            wrapper.__name__ = method.__name__
            wrapper.__doc__ = method.__doc__
            return wrapper

        return decorator


try:  # scikit-learn >= 1.8 returns sparse arrays or matrices as configured
    from sklearn.utils._sparse import _align_api_if_sparse as align_sparse
except ImportError:  # pragma: no cover

    def align_sparse(X: Any) -> Any:  # type: ignore[no-redef]
        return X


try:  # scikit-learn >= 1.6
    from sklearn.utils.validation import validate_data
except ImportError:  # pragma: no cover

    def validate_data(estimator, X, **kwargs):  # type: ignore[no-redef]
        return estimator._validate_data(X, **kwargs)


def csr(
    data: Any, indices: Any, indptr: Any, shape: tuple[int, int], dtype: Any = None
) -> sp.csr_matrix:
    """A csr_matrix over the given arrays (no copy unless dtype converts; canonical: sorted
    indices, no duplicates)."""
    matrix = sp.csr_matrix((data, indices, indptr), shape=shape, dtype=dtype, copy=False)
    matrix.has_sorted_indices = True
    return matrix
