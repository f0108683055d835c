"""Dask collections in and out: partitions of texts, their validation, arrays of CSR chunks.

The estimators and ``top_k`` of :mod:`treatytext.dask` take a ``dask.bag.Bag``, a
``dask.dataframe`` Series or a 1-D ``dask.array`` of objects; each becomes its
:class:`Partitions`, whose tasks read each partition on the worker that counts it (never on the
client). Inside a task a partition turns into a list of ``str`` here, and a bad item raises an
error naming the partition and its position in it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import dask
import dask.array as da
import dask.bag as db
import dask.dataframe as dd
import numpy as np
import scipy.sparse as sp
from dask.base import tokenize
from dask.delayed import Delayed
from dask.highlevelgraph import HighLevelGraph
from dask.utils import funcname

from .. import _core

__all__ = ["Partitions", "csr_array", "partition_texts"]


# Arguments of Partitions.map up to this size (pickled) are embedded in each task of a Bag.
EMBEDDED_ARGUMENTS_LIMIT = 64 * 1024


def _pickled_size(values: tuple[Any, ...]) -> int:
    import cloudpickle  # what dask pickles tasks with

    return len(cloudpickle.dumps(values))


class Partitions:
    """The partitions of a dask collection of texts, in order, and tasks over each of them.

    :meth:`map` runs a function on every partition. On a Bag (``read_lines``, ``read_text``, a
    bag of file names, ``load_tota``) the function joins the chain of tasks that reads the
    partition, which dask fuses into one task per partition: the partition's texts (a Python
    str per document, or read_lines' bytes) are made, used and dropped inside that task, so
    they are never held as a result, moved to another worker or pickled. (10x synthetic ToTA,
    8 partitions of 28 MB, 2 workers: on a loaded machine the scheduler had moved 3 of the 8
    partitions' texts between the workers while the count was a task of its own, about 1 s of
    pass 1's 3.3 s.) On a Series or an array the function is a task of its own over the
    partition's value.

    Raises ``TypeError`` for anything but a Bag, a Series or a 1-D array (a list, a DataFrame,
    a 2-D array), naming what was given, so that the mistake shows on the client before any
    task runs.
    """

    def __init__(self, collection: Any, name: str = "documents"):
        self._bag: db.Bag | None = None
        self._delayed: list[Delayed] | None = None
        if isinstance(collection, db.Bag):
            self._bag = collection
            self._count = collection.npartitions
            return
        if isinstance(collection, dd.Series):
            self._delayed = list(collection.to_delayed())
        elif isinstance(collection, dd.DataFrame):
            raise TypeError(f"{name} must be a Series of texts, not a DataFrame: pass one column")
        elif isinstance(collection, da.Array):
            if collection.ndim != 1:
                raise TypeError(
                    f"{name} must be a 1-D dask array of texts, got {collection.ndim} dimensions"
                )
            self._delayed = list(collection.to_delayed().ravel())
        else:
            raise TypeError(
                f"{name} must be a dask.bag.Bag, a dask.dataframe Series or a 1-D dask.array of "
                f"texts, got {type(collection).__name__} (for in-memory data use treatytext or "
                "treatytext.sklearn directly, or wrap it with dask.bag.from_sequence)"
            )
        self._count = len(self._delayed)

    def __len__(self) -> int:
        return self._count

    def map(self, func: Callable[..., Any], *args: Any, shared: bool = False) -> list[Delayed]:
        """One delayed ``func(*args, partition, index)`` per partition, in order.

        On a Bag, small ``args`` (an unfitted estimator pickles to a few hundred bytes) are
        embedded in every task, since a task that also depended on another key could not be
        fused with the reading. Larger ones (a fixed vocabulary of many terms) would be copied
        into every task of the graph, so they are one key each, which every worker receives
        once, and the function is then a task of its own, as on a Series or an array. With
        ``shared`` they are keys whatever their size (a fitted state, megabytes).
        """
        if self._bag is None or shared or _pickled_size(args) > EMBEDDED_ARGUMENTS_LIMIT:
            held = [dask.delayed(a, pure=True) for a in args]
            call = dask.delayed(func, pure=True)
            return [call(*held, p, i) for i, p in enumerate(self._partitions())]
        bag = self._bag
        name = f"{funcname(func)}-{tokenize(bag, func, *args)}"
        # A partial keeps the arguments opaque: dask would read a tuple or list among them as
        # tasks or keys.
        bound = functools.partial(func, *args)
        layer = {(name, i): (bound, (bag.name, i), i) for i in range(bag.npartitions)}
        graph = HighLevelGraph.from_collections(name, layer, dependencies=[bag])
        return db.Bag(graph, name, bag.npartitions).to_delayed()

    def _partitions(self) -> list[Delayed]:
        """One delayed value per partition (its items)."""
        if self._delayed is None:
            assert self._bag is not None
            self._delayed = list(self._bag.to_delayed())
        return self._delayed


def _items(partition: Any) -> list[Any]:
    if isinstance(partition, list):
        return partition
    if isinstance(partition, np.ndarray):
        return partition.tolist()
    tolist = getattr(partition, "tolist", None)  # a pandas Series
    if callable(tolist):
        return tolist()
    return list(partition)


def _describe(item: Any) -> str:
    text = repr(item)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{text} ({type(item).__name__})"


def partition_texts(
    partition: Any,
    index: int,
    decode: Callable[[Any], Any] | None = None,
    reads_files: bool = False,
) -> Any:
    """The items of partition ``index`` as a list of ``str``, in order (a partition of
    :func:`read_lines`, a TextLines, as it is: the core reads its lines in place).

    ``str`` items pass unchanged unless ``reads_files`` (they are then file names). Other items
    go through ``decode`` when it is given (the scikit-learn face's ``decode``: reads files for
    ``input="filename"``, decodes bytes with the estimator's encoding), else bytes are decoded
    as strict UTF-8. Raises ``ValueError`` for bytes that are not valid in their encoding,
    ``TypeError`` for anything that is not a text (``None``, NaN, numbers) and ``OSError`` for a
    file that cannot be read, naming the partition, the position in it and the offending byte
    or value.
    """
    if isinstance(partition, _core.TextLines) and not reads_files:
        return partition  # read_lines: valid UTF-8, counted by the core in place
    items = _items(partition)
    if not reads_files and all(type(item) is str for item in items):
        return items
    texts: list[str] = []
    for position, item in enumerate(items):
        if type(item) is str and not reads_files:
            texts.append(item)
            continue
        where = f"partition {index}, position {position}"
        if not isinstance(item, (str, bytes, bytearray)) and (decode is None or not reads_files):
            raise TypeError(f"{where}: expected a str or bytes, got {_describe(item)}")
        try:
            text = decode(item) if decode is not None else bytes(item).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"{where}: bytes are not valid {exc.encoding} at byte {exc.start} ({exc.reason})"
            ) from None
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            raise type(exc)(f"{where}: {_describe(item)}: {exc}") from None
        if not isinstance(text, str):
            raise TypeError(f"{where}: expected a str or bytes, got {_describe(item)}")
        texts.append(str(text))
    return texts


def csr_array(blocks: Sequence[Delayed], rows: Sequence[int], columns: int, dtype: Any) -> da.Array:
    """A dask array of ``scipy.sparse.csr_matrix`` chunks from one delayed block per partition,
    with the known row counts ``rows`` as its chunk sizes (one chunk across the columns)."""
    meta = sp.csr_matrix((0, 0), dtype=dtype)
    pieces = [
        da.from_delayed(block, shape=(int(n), int(columns)), dtype=dtype, meta=meta)
        for block, n in zip(blocks, rows, strict=True)
    ]
    if not pieces:
        raise ValueError("the collection has no partitions")
    return da.concatenate(pieces, axis=0) if len(pieces) > 1 else pieces[0]


def _length(partition: Any, index: int) -> int:
    if isinstance(partition, _core.TextLines):
        return len(partition)
    return len(_items(partition))


def partition_lengths(partitions: Partitions) -> list[int]:
    """The number of items of each partition (a cheap pass that only reads them)."""
    return [int(n) for n in dask.compute(*partitions.map(_length))]


def tree_reduce(items: Sequence[Any], combine: Callable[..., Any], fan_in: int = 8) -> Any:
    """Combines delayed values in a tree of ``fan_in``-way ``combine`` calls, neighbours with
    neighbours so that order is kept (depth log_fan_in of the count; no task holds more than
    fan_in inputs). ``combine(*values)`` must accept 2 to fan_in values."""
    if not items:
        raise ValueError("nothing to reduce")
    level = list(items)
    while len(level) > 1:
        level = [
            combine(*level[i : i + fan_in]) if len(level[i : i + fan_in]) > 1 else level[i]
            for i in range(0, len(level), fan_in)
        ]
    return level[0]


def _merge_partials(*partials: Any) -> Any:
    return _core.merge_partial_counts(list(partials))


def count_partitions(
    counter: Any, partitions: Partitions, count: Callable[[Any, Any, int], Any]
) -> tuple[Any, list[int]]:
    """Pass 1 of a fit: ``count(counter, partition, index)`` gives each partition's core
    ``PartialCounts`` on the worker holding it; they merge in a tree, in partition order (the
    core's ``merge_partial_counts``). Returns the merged counts and each partition's documents,
    computed together on the current scheduler."""
    if not len(partitions):
        raise ValueError("the collection has no partitions")
    partials = partitions.map(count, counter)
    merged = tree_reduce(partials, dask.delayed(_merge_partials, pure=True))
    sizes = [dask.delayed(_documents_of, pure=True)(p) for p in partials]
    total, *rows = dask.compute(merged, *sizes)
    return total, [int(n) for n in rows]


def count_partitions_kept(
    counter: Any, partitions: Partitions, count: Callable[[Any, Any, int], Any]
) -> tuple[Any, list[int], list[Any]]:
    """Pass 1 of a fit_transform: ``count(counter, partition, index)`` gives each partition's
    core ``PartitionCounts`` (its statistics and its rows against its own terms), persisted
    where it was counted, so that pass 2 remaps those rows instead of reading and analyzing the
    text again; the statistics merge in a tree as in :func:`count_partitions`. Returns the
    merged counts, each partition's documents and the persisted PartitionCounts (delayed
    values; on a distributed cluster they stay on the workers while something references
    them: the array built on them by pass 2, until it is computed or persisted and dropped)."""
    if not len(partitions):
        raise ValueError("the collection has no partitions")
    counted = partitions.map(count, counter)
    statistics = [dask.delayed(_statistics_of, pure=True)(c) for c in counted]
    merged = tree_reduce(statistics, dask.delayed(_merge_partials, pure=True))
    sizes = [dask.delayed(_documents_of, pure=True)(s) for s in statistics]
    n = len(counted)
    # One graph: the rows stay, the merge and the sizes come back (the statistics are freed).
    kept = dask.persist(*counted, merged, *sizes)
    total, *rows = dask.compute(*kept[n:])
    return total, [int(r) for r in rows], list(kept[:n])


def _statistics_of(counted: Any) -> Any:
    return counted.statistics()


def _documents_of(partial: Any) -> int:
    return int(partial.documents)


def remap_partitions(
    fitted: Any,
    counted: Sequence[Any],
    rows: Sequence[int],
    columns: int,
    dtype: Any,
    remap: Callable[[Any, Any], Any],
) -> da.Array:
    """Pass 2 of a fit_transform: ``remap(fitted, partition_counts)`` on every partition's
    persisted PartitionCounts (no text is read), as a dask array of CSR chunks."""
    held = dask.delayed(fitted, pure=True)
    blocks = [dask.delayed(remap, pure=True)(held, c) for c in counted]
    return csr_array(blocks, rows, columns, dtype)


def transform_partitions(
    fitted: Any,
    partitions: Partitions,
    rows: Sequence[int],
    columns: int,
    dtype: Any,
    transform: Callable[[Any, Any, int], Any],
) -> da.Array:
    """Pass 2: ``transform(fitted, partition, index)`` on every partition, as a dask array of
    CSR chunks with the known row counts. ``fitted`` is one key of the graph, so each worker
    receives (and unpickles) it once."""
    blocks = partitions.map(transform, fitted, shared=True)
    return csr_array(blocks, rows, columns, dtype)
