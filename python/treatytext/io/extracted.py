"""What every reader returns: the text, its source map and the file's own metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .sourcemap import SourceMap


@dataclass
class Extracted:
    """What a reader made of a file: the text, its source map and what the file says of
    itself (``metadata``: format, title, pages ...). ``clauses`` (and their
    ``clause_metadata``) are set when the format carries its own clause structure (ToTA XML)."""

    text: str
    source_map: SourceMap
    metadata: dict[str, Any] = field(default_factory=dict)
    clauses: list[Any] | None = None
    clause_metadata: list[dict[str, Any]] | None = None
