"""Corpora as dask Bags read by the partitions themselves: the ToTA agreements as a Bag of
articles, and text files as a Bag of lines whose partitions the core reads in place."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import dask
import dask.bag as db

from .. import _core, datasets

__all__ = ["load_tota", "read_lines"]


def _text_lines(block: bytes, where: str) -> Any:
    """The TextLines of one block of a file; ValueError naming the partition, file and line."""
    try:
        return _core.TextLines(block)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None


def read_lines(
    urlpath: str | os.PathLike[str] | list[str | os.PathLike[str]],
    *,
    blocksize: int | str | None = None,
    compression: str | None = "infer",
    **storage_options: Any,
) -> db.Bag:
    """UTF-8 text files as a ``dask.bag.Bag`` of documents, one per line without its line end.

    What ``dask.bag.read_text(urlpath).map(lambda line: line.removesuffix("\\n"))`` gives,
    item for item (lines end at ``"\\n"``, ``"\\r\\n"`` or a lone ``"\\r"``, as in Python's text
    files), read faster and held in less memory: each partition (a file, or a block of
    ``blocksize`` bytes of one, cut at a line break) is one
    :class:`treatytext.text.TextLines` holding the bytes as read, which the estimators of
    :mod:`treatytext.dask` (and the single-machine ones) count in place, with no ``str`` per
    line. Any Bag operation still sees the lines as ``str``.

    Parameters
    ----------
    urlpath
        A path, a glob pattern or a list of them (local, or any filesystem fsspec knows, with
        ``storage_options``), as for ``dask.bag.read_text``.
    blocksize
        None: one partition per file; else bytes per partition (an int or "64 MiB").
    compression
        As for ``dask.bag.read_text``: "infer" (from the file name's extension: ``.gz``,
        ``.bz2``, ...), a codec name, or None. A compressed file is one partition: dask cannot
        cut it into blocks, so ``blocksize`` must then be None.

    Raises ``OSError`` at once when no file matches, and ``ValueError`` when a partition is
    read, for bytes that are not UTF-8, naming the partition, the file and block, the line in
    the block and the byte.
    """
    from dask.bytes import read_bytes

    _, blocks, paths = read_bytes(
        urlpath if not isinstance(urlpath, os.PathLike) else os.fspath(urlpath),
        delimiter=b"\n",
        blocksize=blocksize,
        compression=compression,
        sample=False,
        include_path=True,
        **storage_options,
    )
    parts = []
    for path, file_blocks in zip(paths, blocks, strict=True):
        for k, block in enumerate(file_blocks):
            where = f"partition {len(parts)} ({path}, block {k})"
            parts.append(dask.delayed(_text_lines, pure=True)(block, where))
    return db.from_delayed(parts)


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
