"""treatytext: clause-level text analysis for treaties, agreements and summaries of them.

The heavy lifting happens in the C++ core (``treatytext._core``); this package composes it.
"""

from __future__ import annotations

from . import _core  # noqa: F401  (fails early if the extension is missing)

__version__ = "0.1.0"

__all__ = ["__version__"]
