"""Parameter plumbing shared by the estimators: the added ``n_jobs`` parameter (its constraint
and its documentation) and scikit-learn's convention that ``__init__`` only stores arguments."""

from __future__ import annotations

from numbers import Integral
from typing import Any


def with_n_jobs(constraints: dict) -> dict:
    """scikit-learn's parameter constraints of an estimator, plus the added ``n_jobs``."""
    return {**constraints, "n_jobs": [Integral, None]}


def class_doc(summary: str, n_jobs: str) -> str:
    """The class docstring: a one-line summary, a pointer to scikit-learn's documentation and
    the description of ``n_jobs`` (lines of at most 88 characters, indented here)."""
    described = "".join(f"    {line}\n" for line in n_jobs.splitlines())
    return (
        f"{summary}\n\n"
        "All parameters, attributes and methods are scikit-learn's (see its documentation);\n"
        "one parameter is added:\n\n"
        "n_jobs : int or None, default=1\n" + described
    )


def store_init_args(estimator: Any, arguments: dict[str, Any]) -> None:
    """Stores each ``__init__`` argument (``locals()`` at the start of ``__init__``) as the
    attribute of the same name, which is all scikit-learn's own ``__init__`` methods do."""
    for name, value in arguments.items():
        if name != "self":
            setattr(estimator, name, value)
