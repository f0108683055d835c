"""ToTA XML files (Texts of Trade Agreements): the datasets module's reader, with each
article mapped to its element."""

from __future__ import annotations

from pathlib import Path

from . import Extracted
from .sourcemap import SourceLocation, SourceMap


def read_tota(path: Path) -> Extracted:
    """One ToTA agreement: its Document (articles as clauses) and a map from each article to
    ``/treaty/body/chapter/article[@article_identifier='N']``."""
    from ..datasets import read_tota_file

    document = read_tota_file(path)
    source_map = SourceMap(str(path), "tota")
    for clause, extra in zip(document.clauses, document.clause_metadata or [], strict=True):
        identifier = extra.get("article_id")
        element = (
            f"/treaty/body/chapter/article[@article_identifier='{identifier}']"
            if identifier
            else f"/treaty/body/chapter/article[{clause.index + 1}]"
        )
        source_map.add(clause.start, clause.end, SourceLocation(element=element))
    return Extracted(document.text, source_map, {"format": "tota"}, document=document)
