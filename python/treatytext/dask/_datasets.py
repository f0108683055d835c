"""The ToTA agreements as a dask Bag of articles, read by the partitions themselves."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import dask.bag as db

from .. import datasets

__all__ = ["load_tota"]


def _articles(
    groups: Iterable[list[str]], languages: frozenset[str] | None
) -> list[dict[str, Any]]:
    """The article records of a partition's groups of ToTA files, in file and article order."""
    records: list[dict[str, Any]] = []
    for file in (f for group in groups for f in group):
        document = datasets.read_tota_file(file)
        language = document.metadata.get("language")
        if languages is not None and language not in languages:
            continue
        for clause in document.clauses:
            records.append(
                {
                    "document": Path(file).stem,
                    "name": document.name,
                    "language": language,
                    "article": clause.index,
                    "label": clause.label,
                    "text": clause.text,
                }
            )
    return records


def load_tota(
    path: str | os.PathLike[str] | None = None,
    *,
    limit: int | None = None,
    sample: int | None = None,
    seed: int = 0,
    ids: Iterable[int] | None = None,
    languages: Iterable[str] | None = None,
    files_per_partition: int = 10,
    download: bool = False,
) -> db.Bag:
    """The ToTA trade agreements as a ``dask.bag.Bag`` of articles, one record per article.

    Only the file names pass through the client: each partition reads and parses its own
    ``files_per_partition`` XML files (as :func:`treatytext.datasets.load_tota` does, one unit per
    article). A record is a dict with ``document`` (the file stem, e.g. ``"pta_12"``: a
    unique document id, for ``groups`` in :func:`treatytext.dask.top_k`), ``name``,
    ``language``, ``article`` (its index in the agreement), ``label`` and ``text``; so
    ``bag.pluck("text")`` is the texts, in the order of
    ``[c.text for d in treatytext.datasets.load_tota(...).documents for c in d.clauses]``.

    Parameters
    ----------
    path, limit, sample, seed, ids, languages, download
        As in :func:`treatytext.datasets.load_tota` (the files are chosen on the client, the
        language filter is applied by the partitions as they read).
    files_per_partition : int
        Agreements per partition (about 75 articles each on average).
    """
    if isinstance(files_per_partition, bool) or not isinstance(files_per_partition, int):
        raise TypeError(
            f"files_per_partition must be an int, got {type(files_per_partition).__name__}"
        )
    if files_per_partition < 1:
        raise ValueError(f"files_per_partition must be >= 1, got {files_per_partition}")
    files = [
        str(f)
        for f in datasets.tota_files(
            path, limit=limit, sample=sample, seed=seed, ids=ids, download=download
        )
    ]
    wanted = None if languages is None else frozenset(languages)
    groups = [files[i : i + files_per_partition] for i in range(0, len(files), files_per_partition)]
    return db.from_sequence(groups, npartitions=len(groups)).map_partitions(
        _articles, languages=wanted
    )
