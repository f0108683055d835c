"""treatytext.dask.top_k equals treatytext.top_k on the computed matrices (indices and scores bit
for bit, same tie rule) for any row chunking, on the threaded scheduler and a LocalCluster."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
import treatytext as tt
from dask_support import gate, kill_a_busy_worker, tota_texts
from treatytext import dask as tdask

dask = pytest.importorskip("dask")
da = pytest.importorskip("dask.array")
db = pytest.importorskip("dask.bag")

CHUNKINGS = [(60,), (30, 30), (9, 9, 9, 9, 8, 8, 8), (0, 1, 40, 0, 19), (59, 1)]


@pytest.fixture(scope="module")
def ties() -> sp.csr_matrix:
    # Small integer values: many exactly equal scores, so the tie rule is exercised.
    X = sp.random(60, 25, density=0.15, random_state=7, format="csr")
    X.data = np.ceil(X.data * 3)
    X = X.tolil()
    X[5] = 0  # a zero row: scores 0 with everything
    X = X.tocsr()
    X.eliminate_zeros()
    return X


def _chunked(X: sp.csr_matrix, rows: tuple[int, ...]) -> da.Array:
    return da.from_array(X, chunks=(rows, (X.shape[1],)), asarray=False)


def _assert_same(result, expected) -> None:
    indices, scores = result
    np.testing.assert_array_equal(indices, expected[0])
    assert np.asarray(scores).tobytes() == expected[1].tobytes()


@pytest.mark.parametrize("rows", CHUNKINGS)
@pytest.mark.parametrize(
    "options",
    [
        {"k": 5},
        {"k": 3, "threshold": 0.4},
        {"k": 4, "exclude_self": False},
        {"k": 70},  # more than the candidates: padding
        {"k": 2, "method": "exhaustive"},
        {"k": 3, "method": "pruned"},
    ],
)
def test_all_pairs_equal_single_machine(ties, rows, options) -> None:
    options = dict(options)
    k = options.pop("k")
    result = dask.compute(*tdask.top_k(_chunked(ties, rows), k, **options), scheduler="threads")
    _assert_same(result, tt.top_k(ties, k, **options))


@pytest.mark.parametrize("rows", CHUNKINGS)
def test_groups_and_y(ties, rows) -> None:
    groups = np.arange(60) // 7
    expected = tt.top_k(ties, 4, groups=groups)
    _assert_same(dask.compute(*tdask.top_k(_chunked(ties, rows), 4, groups=groups)), expected)
    names = np.array([f"doc{g}" for g in groups], dtype=object)  # labels that are not ints
    _assert_same(dask.compute(*tdask.top_k(_chunked(ties, rows), 4, groups=names)), expected)
    Y = ties[10:45]
    y_groups = groups[10:45]
    expected = tt.top_k(ties, 3, Y, groups=groups, y_groups=y_groups)
    result = tdask.top_k(
        _chunked(ties, rows), 3, _chunked(Y, (20, 0, 15)), groups=groups, y_groups=y_groups
    )
    _assert_same(dask.compute(*result), expected)
    expected = tt.top_k(ties, 3, Y, threshold=0.3)
    _assert_same(dask.compute(*tdask.top_k(_chunked(ties, rows), 3, Y, threshold=0.3)), expected)


def test_tota_on_cluster(dask_client) -> None:
    texts = tota_texts(limit=8)
    with dask.config.set(scheduler=dask_client.get):
        X = tdask.TfidfVectorizer(min_df=2).fit_transform(db.from_sequence(texts, npartitions=5))
        documents = np.repeat(np.arange(5), np.diff(np.linspace(0, len(texts), 6).astype(int)))
        indices, scores = tdask.top_k(X, 10, groups=documents)
        result = dask.compute(indices, scores)
        expected = tt.top_k(X.compute(), 10, groups=documents)
        _assert_same(result, expected)
        frame = tdask.edges(indices, scores).compute()
    found = expected[0] >= 0
    rows = np.nonzero(found)[0]
    np.testing.assert_array_equal(frame["i"].to_numpy(), rows)
    np.testing.assert_array_equal(frame["j"].to_numpy(), expected[0][found])
    np.testing.assert_array_equal(frame["score"].to_numpy(), expected[1][found])


def test_worker_killed_mid_computation(dask_client, tmp_path) -> None:
    texts = tota_texts(limit=6)
    armed, release = tmp_path / "armed", tmp_path / "release"
    bag = db.from_sequence(texts, npartitions=6).map_partitions(gate, str(armed), str(release))
    expected_X = tt.sklearn.TfidfVectorizer().fit_transform(texts)
    expected = tt.top_k(expected_X, 5)
    with dask.config.set(scheduler=dask_client.get):
        X = tdask.TfidfVectorizer().fit_transform(bag)  # pass 1 runs, the gate open
        indices, scores = tdask.top_k(X, 5)
        armed.touch()  # pass 2 now waits in the workers
        futures = dask_client.compute([X, indices, scores])
        kill_a_busy_worker(dask_client)
        release.touch()
        matrix, *result = dask_client.gather(futures)
    np.testing.assert_array_equal(matrix.indices, expected_X.indices)
    assert matrix.data.tobytes() == expected_X.data.tobytes()
    _assert_same(result, expected)


def test_bad_arguments(ties) -> None:
    X = _chunked(ties, (30, 30))
    with pytest.raises(ValueError, match="k must be >= 1"):
        tdask.top_k(X, 0)
    with pytest.raises(TypeError, match="k must be an integer"):
        tdask.top_k(X, 2.0)
    with pytest.raises(ValueError, match="same number of columns"):
        tdask.top_k(X, 2, _chunked(ties[:, :10], (60,)))
    with pytest.raises(ValueError, match="unknown size"):
        tdask.top_k(da.from_array(ties, asarray=False)[da.arange(60) > 3], 2)
    with pytest.raises(ValueError, match="y_groups needs Y"):
        tdask.top_k(X, 2, y_groups=np.zeros(60))
    with pytest.raises(ValueError, match="groups has 3 entries"):
        tdask.top_k(X, 2, groups=[1, 2, 3])
    with pytest.raises(TypeError, match="dask array"):
        tdask.top_k([[1.0, 0.0]], 2)
