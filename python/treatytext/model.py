"""Persistence of fitted models as versioned JSON, readable from Python and C++ alike.

A model file is ``{"format": "treatytext.model", "version": 1, "analyzer": {...}, "prune": {...},
"weighting": {...}, "documents": N, "average_length": L, "vocabulary": [...],
"document_frequency": [...], "idf": [...]}``. Loading checks every field: a malformed, truncated
or foreign file raises ``ValueError`` naming the field (or the JSON position), a file that cannot
be read raises ``OSError``.
"""

from __future__ import annotations

import os
from typing import Any

from . import _core

__all__ = [
    "Model",
    "MODEL_FORMAT_VERSION",
    "load_model",
    "save_model",
    "model_from_json",
    "model_to_json",
]

#: The fitted model (read-only): ``terms``, ``idf``, ``document_frequency``, ``documents``,
#: ``average_length``, ``vocabulary_memory_bytes`` (what the compact vocabulary holds) and the
#: options of each stage (``analyzer``, ``prune``, ``weighting``).
Model = _core.Model

#: The model format version this treatytext writes and reads.
MODEL_FORMAT_VERSION: int = _core.MODEL_FORMAT_VERSION


def load_model(path: str | os.PathLike[str]) -> Any:
    """Reads a model file (``OSError`` if unreadable, ``ValueError`` if not a valid model)."""
    return _core.Model.load(os.fspath(path))


def save_model(model: Any, path: str | os.PathLike[str]) -> None:
    """Writes ``model`` as JSON to ``path`` (replaced atomically; ``OSError`` on failure)."""
    if not isinstance(model, _core.Model):
        raise TypeError(f"model must be a treatytext Model, got {type(model).__name__}")
    model.save(os.fspath(path))


def model_from_json(text: str | bytes) -> Any:
    """Parses and validates a model from JSON text (``ValueError`` naming the bad field)."""
    if not isinstance(text, (str, bytes)):
        raise TypeError(f"text must be str or bytes, got {type(text).__name__}")
    return _core.Model.from_json(text)


def model_to_json(model: Any, indent: int | None = None) -> str:
    """The JSON text of ``model``, compact or indented by ``indent`` spaces."""
    if not isinstance(model, _core.Model):
        raise TypeError(f"model must be a treatytext Model, got {type(model).__name__}")
    return model.to_json(-1 if indent is None else int(indent))
