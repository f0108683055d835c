"""Exact cosine top-k over row-chunked dask arrays of sparse rows.

Each task runs the core's :func:`treatytext.top_k` on one block of X against one block of Y and
keeps only its k best per row, as global row numbers of Y; the results of a block of X are then
merged pairwise in a tree, with the core's order (score descending, then index ascending). The
core normalizes every row on its own, in double, so the score of a pair does not depend on which
other rows share its block: the merged result equals ``treatytext.top_k`` on the whole matrices,
indices and scores bit for bit. Memory per task is its two blocks plus 2 x rows x k results;
no block of scores is ever dense.
"""

from __future__ import annotations

import functools
from typing import Any

import dask
import dask.array as da
import dask.dataframe as dd
import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import similarity
from ._collections import tree_reduce

__all__ = ["edges", "top_k"]

_NO_INDEX = np.iinfo(np.int64).max


def _as_row_blocks(matrix: Any, name: str) -> da.Array:
    """``matrix`` as a 2-D dask array with known row chunks and one chunk across the columns."""
    if not isinstance(matrix, da.Array):
        if sp.issparse(matrix) or isinstance(matrix, np.ndarray):
            matrix = da.from_array(sp.csr_matrix(matrix), chunks=(max(1, matrix.shape[0]), -1))
        else:
            raise TypeError(
                f"{name} must be a 2-D dask array of rows (chunks of scipy.sparse or numpy "
                f"matrices), got {type(matrix).__name__}; vectorize a Bag or Series first"
            )
    if matrix.ndim != 2:
        raise ValueError(f"{name} must be 2-dimensional, got {matrix.ndim} dimensions")
    if any(np.isnan(c) for c in matrix.chunks[0]):
        raise ValueError(
            f"{name} has row chunks of unknown size: call {name}.compute_chunk_sizes() first "
            "(treatytext.dask's vectorizers return known sizes)"
        )
    if len(matrix.chunks[1]) > 1:
        matrix = matrix.rechunk({1: -1})
    return matrix


def _block_top_k(
    x: Any,
    y: Any,
    offset: int,
    k: int,
    threshold: float | None,
    exclude_self: bool,
    x_groups: np.ndarray | None,
    y_groups: np.ndarray | None,
    method: str,
) -> tuple[np.ndarray, np.ndarray]:
    """The core's top-k of block x among block y (y None: among x itself, the diagonal block),
    with indices shifted by y's first global row."""
    indices, scores = similarity.top_k(
        x,
        k,
        y,
        threshold=threshold,
        exclude_self=exclude_self,
        groups=x_groups,
        y_groups=y_groups if y is not None else None,
        method=method,
    )
    if offset:
        indices = np.where(indices >= 0, indices + offset, indices)
    return indices, scores


def _merge(k: int, *results: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The k best per row of several block results: score descending, then the lower global
    index (the core's tie rule); padding (-1, NaN) last."""
    indices = np.hstack([r[0] for r in results])
    scores = np.hstack([r[1] for r in results])
    padding = indices < 0
    score_key = np.where(padding, np.inf, -scores)
    index_key = np.where(padding, _NO_INDEX, indices)
    order = np.lexsort((index_key, score_key), axis=-1)[:, :k]
    return np.take_along_axis(indices, order, 1), np.take_along_axis(scores, order, 1)


def _group_slices(
    labels: Any, x_rows: tuple[int, ...], y_labels: Any, y_rows: tuple[int, ...] | None
) -> tuple[list[Any], list[Any]]:
    """Per-block int64 group ids of X and Y, encoded together as treatytext.top_k does."""
    if labels is None:
        return [None] * len(x_rows), [None] * len(y_rows or ())
    if hasattr(labels, "compute"):
        labels = labels.compute()
    if y_labels is not None and hasattr(y_labels, "compute"):
        y_labels = y_labels.compute()
    n_x = int(sum(x_rows))
    if y_rows is None:
        (x_ids,) = similarity._encode_groups((labels, n_x, "groups", "X"))
        y_ids = None
    else:
        x_ids, y_ids = similarity._encode_groups(
            (labels, n_x, "groups", "X"), (y_labels, int(sum(y_rows)), "y_groups", "Y")
        )

    def cut(ids: np.ndarray | None, rows: tuple[int, ...] | None) -> list[Any]:
        if ids is None or rows is None:
            return []
        bounds = np.cumsum((0, *rows))
        return [ids[bounds[i] : bounds[i + 1]] for i in range(len(rows))]

    return cut(x_ids, x_rows), cut(y_ids, y_rows)


def top_k(
    X: Any,
    k: int = 10,
    Y: Any = None,
    *,
    threshold: float | None = None,
    exclude_self: bool = True,
    groups: Any = None,
    y_groups: Any = None,
    method: str = "auto",
) -> tuple[da.Array, da.Array]:
    """Exact cosine top-``k`` of each row of ``X`` among the rows of ``Y`` (or of ``X``), on Dask.

    Equal to :func:`treatytext.top_k` on the computed matrices: the same indices and scores (bit
    for bit) and the same tie rule, for any chunking. Computed as one task per pair of row blocks
    (the core's top-k of that pair, k per row kept), merged per block of X in a tree.

    Parameters
    ----------
    X : dask.array.Array, shape (n, m)
        Row-chunked, chunks of ``scipy.sparse`` matrices (as the vectorizers of
        :mod:`treatytext.dask` return) or numpy arrays, with known chunk sizes; a scipy or numpy
        matrix is taken as one block.
    k : int
        Neighbours per row, >= 1; rows with fewer candidates are padded (index -1, score NaN).
    Y : dask.array.Array, shape (p, m), optional
        Rows to search; when omitted, the rows of ``X`` (a row is not its own neighbour unless
        ``exclude_self`` is False).
    threshold, exclude_self, groups, y_groups, method
        As in :func:`treatytext.top_k`. ``groups``/``y_groups`` are label arrays of length n and
        p (numpy, list, or dask arrays, computed once on the client to encode them together).

    Returns
    -------
    indices : dask.array.Array of int64, shape (n, min(k, max(1, p)))
        Global row numbers in ``Y`` (or ``X``), best first; row chunks as ``X``'s.
    scores : dask.array.Array of float64, shape (n, min(k, max(1, p)))

    Notes
    -----
    Tasks: (blocks of X) x (blocks of Y) searches, plus about a third as many merges. Memory per
    search task: its two blocks, the core's index of the Y block and rows x k results; per merge,
    at most 4 x rows x k candidates.
    """
    threshold = similarity.check_top_k_options(
        k, threshold, method, Y is not None, groups, y_groups
    )
    x = _as_row_blocks(X, "X")
    y = None if Y is None else _as_row_blocks(Y, "Y")
    if y is not None and x.shape[1] != y.shape[1]:
        raise ValueError(
            f"X has shape {x.shape} but Y has shape {y.shape}: they need the same number of columns"
        )
    x_rows = tuple(int(c) for c in x.chunks[0])
    y_rows = None if y is None else tuple(int(c) for c in y.chunks[0])
    x_group_blocks, y_group_blocks = _group_slices(groups, x_rows, y_groups, y_rows)
    if y is None:
        y_group_blocks = x_group_blocks
    x_blocks = list(x.to_delayed().ravel())
    y_blocks = x_blocks if y is None else list(y.to_delayed().ravel())
    y_offsets = np.cumsum((0, *(x_rows if y is None else y_rows)))
    # As the core: never more columns than candidate rows (at least one), so a huge k costs
    # nothing and the shape equals treatytext.top_k's. Each block search returns
    # min(k, its rows) columns, so the blocks of one row together always hold at least k.
    k = min(int(k), max(1, int(y_offsets[-1])))
    search = dask.delayed(_block_top_k, pure=True, nout=2)
    # At most 4 x rows x k candidates per merge task.
    partial_merge = functools.partial(dask.delayed(_merge, pure=True, nout=2), int(k))
    index_pieces, score_pieces = [], []
    for i, x_block in enumerate(x_blocks):
        partial = []
        for j, y_block in enumerate(y_blocks):
            diagonal = y is None and i == j
            partial.append(
                search(
                    x_block,
                    None if diagonal else y_block,
                    int(y_offsets[j]),
                    int(k),
                    threshold,
                    bool(exclude_self),
                    x_group_blocks[i],
                    None if diagonal else y_group_blocks[j],
                    method,
                )
            )
        merged = tree_reduce(partial, partial_merge, fan_in=4)
        index_pieces.append(da.from_delayed(merged[0], shape=(x_rows[i], int(k)), dtype=np.int64))
        score_pieces.append(da.from_delayed(merged[1], shape=(x_rows[i], int(k)), dtype=np.float64))
    return da.concatenate(index_pieces, axis=0), da.concatenate(score_pieces, axis=0)


def _block_edges(indices: np.ndarray, scores: np.ndarray, first_row: int) -> pd.DataFrame:
    rows, slots = np.nonzero(indices >= 0)
    return pd.DataFrame(
        {
            "i": (rows + first_row).astype(np.int64),
            "j": indices[rows, slots].astype(np.int64),
            "score": scores[rows, slots].astype(np.float64),
        }
    )


def edges(indices: da.Array, scores: da.Array) -> dd.DataFrame:
    """The result of :func:`top_k` as a dask DataFrame of edges (``i``, ``j``, ``score``): one
    row per neighbour found (padding dropped), in order of ``i`` then rank, one partition per
    row block."""
    if indices.shape != scores.shape or indices.chunks != scores.chunks:
        raise ValueError("indices and scores must come from the same top_k call")
    starts = np.cumsum((0, *indices.chunks[0]))
    make = dask.delayed(_block_edges, pure=True)
    parts = [
        make(i_block, s_block, int(starts[b]))
        for b, (i_block, s_block) in enumerate(
            zip(
                indices.rechunk({1: -1}).to_delayed().ravel(),
                scores.rechunk({1: -1}).to_delayed().ravel(),
                strict=True,
            )
        )
    ]
    meta = pd.DataFrame(
        {
            "i": pd.Series([], dtype=np.int64),
            "j": pd.Series([], dtype=np.int64),
            "score": pd.Series([], dtype=np.float64),
        }
    )
    return dd.from_delayed(parts, meta=meta, verify_meta=False)
