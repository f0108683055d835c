"""Helpers of the treatytext.dask tests: a real LocalCluster (worker processes, real pickling),
exact matrix comparison, and the ToTA articles."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import numpy as np
import pytest
import scipy.sparse as sp

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")


# Hand-made clauses: shared words (goods, party, customs) and words of one clause only.
HAND = [
    "The Parties shall reduce customs duties on goods.",
    "Each Party shall accord national treatment to goods of the other Party.",
    "Customs duties on originating goods shall be eliminated.",
    "Nothing in this Agreement shall prevent a Party from adopting measures.",
    "Disputes shall be settled by consultations between the Parties.",
    "The Joint Committee shall meet once a year.",
    "Goods, services and investment: national treatment applies.",
]


# Partitions where global and per-partition pruning differ. df overall: alpha 4, beta 3, gamma
# 3, every other word 1; per partition alpha and beta at most 1, gamma 3 in the first only.
PRUNING_PARTS = [
    ["alpha gamma one", "gamma two", "gamma three"],
    ["alpha four", "beta five", "six"],
    ["alpha seven", "beta eight", "nine"],
    ["alpha ten", "beta eleven", "twelve"],
]


def cluster_client() -> Iterator[distributed.Client]:
    """A LocalCluster of 2 worker processes, 1 thread each (for a module-scoped fixture)."""
    with warnings.catch_warnings():
        # Starting a cluster may warn about ports and the dashboard; not what is tested.
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=50,
        )
        client = distributed.Client(cluster, set_as_default=False)
    try:
        yield client
    finally:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            client.close()
            cluster.close()


def assert_same_matrix(actual: sp.spmatrix, expected: sp.spmatrix) -> None:
    """Equal bit for bit: shape, dtype, CSR structure and values."""
    assert sp.issparse(actual) and actual.format == "csr"
    assert actual.shape == expected.shape
    assert actual.dtype == expected.dtype
    np.testing.assert_array_equal(actual.indptr, expected.indptr)
    np.testing.assert_array_equal(actual.indices, expected.indices)
    assert actual.data.tobytes() == expected.data.tobytes()


def tota_texts(limit: int = 12) -> list[str]:
    """The article texts of the first ToTA agreements, in order."""
    from treatytext.datasets import load_tota

    corpus = load_tota(limit=limit, progress=False)
    return [clause.text for document in corpus.documents for clause in document.clauses]


def uneven_bag(texts: list[str], sizes: list[int]):
    """A Bag whose partitions hold exactly ``sizes`` texts (0 gives an empty partition)."""
    import dask.bag as db

    assert sum(sizes) == len(texts)
    bounds = np.cumsum([0, *sizes])
    pieces = [texts[bounds[i] : bounds[i + 1]] for i in range(len(sizes))]
    # Keys are global on a distributed scheduler: the name must differ with the contents.
    name = f"uneven-{dask.base.tokenize(pieces)}"
    graph = {(name, i): piece for i, piece in enumerate(pieces)}
    return db.Bag(graph, name, len(pieces))


def gate(items: list, armed: str, release: str) -> list:
    """Returns a partition unchanged; while the file ``armed`` exists and ``release`` does not,
    first waits (so that a test can kill a worker while it holds the partition)."""
    import os
    import time

    while os.path.exists(armed) and not os.path.exists(release):
        time.sleep(0.02)
    return items


def kill_a_busy_worker(client: distributed.Client, timeout: float = 60.0) -> None:
    """Waits until a worker is processing a task, then kills its process (SIGKILL): its results
    and running tasks are lost, the nanny starts a new process."""
    import os
    import signal
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = [address for address, tasks in client.processing().items() if tasks]
        if busy:
            pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            return
        time.sleep(0.05)
    raise AssertionError("no worker became busy")


# Worker processes unpickle these helpers by value: the tests folder need not be importable there.
import cloudpickle  # noqa: E402

cloudpickle.register_pickle_by_value(__import__(__name__))
