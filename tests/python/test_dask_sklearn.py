"""treatytext.dask's CountVectorizer and TfidfVectorizer equal treatytext.sklearn's, bit for bit,
for any partitioning, on a real LocalCluster (worker processes) and the threaded scheduler."""

from __future__ import annotations

import pickle

import cloudpickle
import numpy as np
import pytest
import treatytext.sklearn as single
from dask_support import HAND, PRUNING_PARTS, assert_same_matrix, tota_texts, uneven_bag
from treatytext import dask as tdask

dask = pytest.importorskip("dask")
db = pytest.importorskip("dask.bag")
dd = pytest.importorskip("dask.dataframe")
da = pytest.importorskip("dask.array")
pd = pytest.importorskip("pandas")


CASES = [
    ("TfidfVectorizer", {}),
    ("TfidfVectorizer", {"min_df": 2, "max_df": 0.6, "sublinear_tf": True, "norm": "l1"}),
    ("TfidfVectorizer", {"stop_words": "english", "ngram_range": (1, 2), "smooth_idf": False}),
    ("CountVectorizer", {"max_features": 40}),
    ("CountVectorizer", {"analyzer": "char_wb", "ngram_range": (2, 3), "binary": True}),
    ("CountVectorizer", {"vocabulary": ["goods", "party", "customs", "absent"]}),
    ("TfidfVectorizer", {"vocabulary": ["goods", "party", "customs", "absent"]}),
    # A Python tokenizer: fit_transform reads the partitions again instead of keeping rows.
    ("TfidfVectorizer", {"tokenizer": str.split, "token_pattern": None, "min_df": 2}),
]


@pytest.fixture
def client(dask_client):
    return dask_client


@pytest.fixture(scope="module")
def tota() -> list[str]:
    return tota_texts(limit=8)


def _assert_same_fit(distributed_est, single_est) -> None:
    assert distributed_est.vocabulary_ == single_est.vocabulary_
    assert list(distributed_est.vocabulary_) == list(single_est.vocabulary_)  # insertion order
    np.testing.assert_array_equal(
        distributed_est.get_feature_names_out(), single_est.get_feature_names_out()
    )
    if hasattr(single_est, "idf_"):
        assert distributed_est.idf_.tobytes() == single_est.idf_.tobytes()


def _check(name: str, params: dict, texts: list[str], collection, scheduler) -> None:
    expected_est = getattr(single, name)(**params)
    expected = expected_est.fit_transform(texts)
    est = getattr(tdask, name)(**params)
    with dask.config.set(scheduler=scheduler):  # the fit's passes too
        X = est.fit_transform(collection)
        assert not any(np.isnan(c) for c in X.chunks[0])
        assert X.shape == expected.shape
        _assert_same_fit(est, expected_est)
        assert_same_matrix(X.compute(), expected)
        # transform of a collection after fit: the same matrix again.
        assert_same_matrix(est.transform(collection).compute(), expected)


@pytest.mark.parametrize("name,params", CASES)
@pytest.mark.parametrize("npartitions", [1, 2, 7])
def test_hand_made_equal_single_machine_threads(name, params, npartitions) -> None:
    _check(name, params, HAND, db.from_sequence(HAND, npartitions=npartitions), "threads")


@pytest.mark.parametrize("sizes", [[0, 3, 0, 4], [1, 6], [6, 1], [1, 1, 1, 1, 1, 1, 1]])
def test_uneven_empty_and_single_document_partitions(sizes) -> None:
    for name, params in CASES[:4]:
        _check(name, params, HAND, uneven_bag(HAND, sizes), "threads")


@pytest.mark.parametrize("npartitions", [1, 2, 7])
def test_tota_on_cluster(client, tota, npartitions) -> None:
    bag = db.from_sequence(tota, npartitions=npartitions)
    for name, params in [
        ("TfidfVectorizer", {"min_df": 3, "max_df": 0.5}),
        ("CountVectorizer", {"max_features": 300, "stop_words": "english"}),
    ]:
        _check(name, params, tota, bag, client.get)


def test_series_and_array_inputs(client) -> None:
    series = dd.from_pandas(pd.Series(HAND, dtype=object), npartitions=3)
    array = da.from_array(np.array(HAND, dtype=object), chunks=2)
    for collection in (series, array):
        _check("TfidfVectorizer", {}, HAND, collection, client.get)


def test_global_pruning_differs_from_per_partition() -> None:
    # df overall: alpha 4, beta 3, gamma 3, every other word 1. Per partition: alpha and beta
    # at most 1; gamma 3 in the first partition only.
    parts = PRUNING_PARTS
    texts = [t for p in parts for t in p]
    bag = uneven_bag(texts, [len(p) for p in parts])
    # min_df=3 keeps alpha and beta, frequent overall but rare in every partition ...
    est = tdask.CountVectorizer(min_df=3).fit(bag)
    assert sorted(est.vocabulary_) == ["alpha", "beta", "gamma"]
    assert est.vocabulary_ == single.CountVectorizer(min_df=3).fit(texts).vocabulary_
    # ... which pruning each partition (dask-ml's way) loses: only gamma survives there.
    assert list(single.CountVectorizer(min_df=3).fit(parts[0]).vocabulary_) == ["gamma"]
    for part in parts[1:]:
        with pytest.raises(ValueError, match="no terms remain"):
            single.CountVectorizer(min_df=3).fit(part)
    # The reverse: max_df=2 drops alpha, beta and gamma (df 4, 3, 3 overall), which every
    # per-partition fit would keep (df <= 2 in each of the last three partitions).
    est = tdask.CountVectorizer(max_df=2).fit(bag)
    assert est.vocabulary_ == single.CountVectorizer(max_df=2).fit(texts).vocabulary_
    assert not {"alpha", "beta", "gamma"} & set(est.vocabulary_)
    for part in parts[1:]:
        kept = single.CountVectorizer(max_df=2).fit(part).vocabulary_
        assert "alpha" in kept and "beta" in kept


def test_fitted_state_pickles_compactly(tota) -> None:
    est = tdask.TfidfVectorizer().fit(db.from_sequence(tota, npartitions=3))
    state = est._state()
    payload = pickle.dumps(state)
    terms = sum(len(t.encode("utf-8")) for t in est.vocabulary_)
    # One string of terms, an offset and an idf per term, and the parameters: no object per term.
    assert len(payload) < terms + 16 * len(est.vocabulary_) + 4096
    restored = pickle.loads(payload).estimator()
    assert restored.vocabulary_ == est.vocabulary_
    assert_same_matrix(restored.transform(tota[:50]), est.to_sklearn().transform(tota[:50]))


def test_files_read_by_partitions(tmp_path) -> None:
    paths = []
    for i, text in enumerate(HAND):
        path = tmp_path / f"{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    est = tdask.TfidfVectorizer(input="filename")
    X = est.fit_transform(db.from_sequence(paths, npartitions=3))
    assert_same_matrix(X.compute(scheduler="threads"), single.TfidfVectorizer().fit_transform(HAND))
    missing = db.from_sequence([*paths, str(tmp_path / "missing.txt")], npartitions=2)
    with pytest.raises(OSError, match=r"partition 1, position 3"):
        tdask.CountVectorizer(input="filename").fit(missing)


def test_read_text_lines(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("\n".join(HAND[:4]) + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("\n".join(HAND[4:]) + "\n", encoding="utf-8")
    bag = db.read_text(str(tmp_path / "*.txt")).map(str.rstrip)
    X = tdask.CountVectorizer().fit_transform(bag)
    assert_same_matrix(X.compute(scheduler="threads"), single.CountVectorizer().fit_transform(HAND))


def test_bag_partitions_are_counted_in_the_task_that_reads_them(tmp_path, client) -> None:
    from treatytext.dask._collections import Partitions

    for i in range(3):
        (tmp_path / f"{i}.txt").write_text("\n".join(HAND[2 * i : 2 * i + 3]) + "\n")  # 3 lines
    bag = db.read_text(str(tmp_path / "*.txt")).map(str.rstrip)
    counted = Partitions(bag).map(_length_and_index)
    # dask fused the bag's chain (read, split, map) with the count: none of the bag's own keys,
    # which would hold a partition's texts as a result, is left to compute, store or move.
    bag_keys = set(bag.__dask_graph__())
    assert all(not bag_keys & set(c.dask) for c in counted)
    assert dask.compute(*counted, scheduler=client.get) == ((3, 0), (3, 1), (3, 2))


def _length_and_index(partition, index):
    return len(list(partition)), index


def test_a_large_argument_is_one_key_not_copied_into_every_task(tmp_path, client) -> None:
    from treatytext.dask._collections import EMBEDDED_ARGUMENTS_LIMIT, Partitions

    for i in range(3):
        (tmp_path / f"{i}.txt").write_text("\n".join(HAND[2 * i : 2 * i + 3]) + "\n")  # 3 lines
    bag = db.read_text(str(tmp_path / "*.txt")).map(str.rstrip)
    terms = [f"term{i}" for i in range(20_000)]  # a fixed vocabulary, ~200 kB pickled
    assert len(pickle.dumps(terms)) > EMBEDDED_ARGUMENTS_LIMIT
    counted = Partitions(bag).map(_size_length_and_index, terms)
    # Each count is a task of its own over the bag's partition (its final keys stay), and the
    # vocabulary is in one task of the three counts' graph (a key of its own), not in each.
    assert all((bag.name, i) in c.dask for i, c in enumerate(counted))
    graph: dict = {}
    for c in counted:
        graph.update(c.dask)
    size = len(pickle.dumps(terms))
    assert sum(len(cloudpickle.dumps(task)) > size // 2 for task in graph.values()) == 1
    assert dask.compute(*counted, scheduler=client.get) == (
        (20_000, 3, 0),
        (20_000, 3, 1),
        (20_000, 3, 2),
    )


def _size_length_and_index(terms, partition, index):
    return len(terms), len(list(partition)), index


BAD = [
    (["fine text", None], TypeError, r"partition 1, position 0: expected a str or bytes, got None"),
    (
        ["fine", b"ok \xff bad"],
        ValueError,
        r"partition 1, position 0: bytes are not valid utf-8 at byte 3",
    ),
    (
        ["fine", "also fine", 3.5],
        TypeError,
        r"partition 1, position 1: expected a str or bytes, got 3.5",
    ),
]


@pytest.mark.parametrize("items,error,message", BAD)
@pytest.mark.parametrize("where", ["threads", "cluster"])
def test_bad_items_name_partition_and_position(items, error, message, where, request) -> None:
    scheduler = request.getfixturevalue("dask_client").get if where == "cluster" else "threads"
    bag = uneven_bag(items, [1, len(items) - 1])
    with dask.config.set(scheduler=scheduler):
        with pytest.raises(error, match=message):
            tdask.TfidfVectorizer().fit_transform(bag)
        est = tdask.CountVectorizer().fit(db.from_sequence(["fine text"]))
        with pytest.raises(error, match=message):
            est.transform(bag).compute()


def test_not_a_collection() -> None:
    with pytest.raises(TypeError, match="must be a dask.bag.Bag"):
        tdask.TfidfVectorizer().fit(HAND)
    frame = dd.from_pandas(pd.DataFrame({"text": HAND}), npartitions=2)
    with pytest.raises(TypeError, match="not a DataFrame"):
        tdask.TfidfVectorizer().fit(frame)
    with pytest.raises(TypeError, match="1-D"):
        tdask.TfidfVectorizer().fit(da.zeros((2, 2)))


class _Reads:
    """Counts how often each text passes through a bag's map (threaded scheduler: one process)."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, text: str) -> str:
        self.seen[text] = self.seen.get(text, 0) + 1
        return text


@pytest.mark.parametrize(
    "params,reads", [({"min_df": 2}, 1), ({"tokenizer": str.split, "token_pattern": None}, 2)]
)
def test_fit_transform_reads_and_analyzes_each_partition_once(params, reads) -> None:
    texts = list(dict.fromkeys(HAND))  # distinct, so that counts are per text
    reader = _Reads()
    bag = db.from_sequence(texts, npartitions=3).map(reader)
    with dask.config.set(scheduler="threads"):
        X = tdask.TfidfVectorizer(**params).fit_transform(bag)
        computed = X.compute()
    # Native configurations keep each partition's rows from pass 1 (PartitionCounts) and
    # remap them; a Python tokenizer's partitions are read a second time.
    assert set(reader.seen.values()) == {reads}
    assert_same_matrix(computed, single.TfidfVectorizer(**params).fit_transform(texts))


@pytest.mark.parametrize("name,params", CASES[:5])
def test_partition_counts_pickle_and_remap_equal_transform(name, params, tota) -> None:
    est = getattr(single, name)(**params)
    counted = est.partition_counts(tota[:40])
    if "tokenizer" in params:
        assert counted is None  # Python analyzers keep no rows
        return
    statistics = counted.statistics()
    assert statistics == est.partial_counts(tota[:40])
    assert counted.documents == 40 and counted.nnz > 0
    back = pickle.loads(pickle.dumps(counted))
    est.fit_partial_counts(_core_merge([statistics, est.partial_counts(tota[40:])]))
    assert_same_matrix(est.transform_partition(back), est.transform(tota[:40]))
    with pytest.raises(ValueError, match="partition counts bytes"):
        type(counted).from_bytes(counted.to_bytes()[:-1])
    with pytest.raises(TypeError, match="PartitionCounts"):
        est.transform_partition(statistics)


def _core_merge(parts):
    from treatytext import _core

    return _core.merge_partial_counts(parts)
