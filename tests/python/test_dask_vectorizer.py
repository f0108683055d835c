"""treatytext.dask.Vectorizer equals treatytext.Vectorizer (model and matrices bit for bit) for
any partitioning, on the threaded scheduler and a real LocalCluster."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import treatytext as tt
from dask_support import HAND, PRUNING_PARTS, assert_same_matrix, tota_texts, uneven_bag
from treatytext import dask as tdask

dask = pytest.importorskip("dask")
db = pytest.importorskip("dask.bag")
dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")


CASES = [
    {},
    {"weighting": "bm25", "k1": 1.5, "b": 0.6},
    {"weighting": "count", "min_df": 2},
    {"weighting": "binary", "max_features": 12},
    {"weighting": "tf", "max_df": 0.5},
    {"tf": "log", "idf": "probabilistic", "norm": "l1"},
    {"stem": "english", "stop_words": "english", "ngram_range": (1, 2)},
]


def _assert_same_model(est: tdask.Vectorizer, expected: tt.Vectorizer) -> None:
    assert est.get_feature_names_out().tolist() == expected.get_feature_names_out().tolist()
    assert est.idf_.tobytes() == expected.idf_.tobytes()
    np.testing.assert_array_equal(est.document_frequency_, expected.document_frequency_)
    assert est.n_documents_ == expected.n_documents_
    assert est.average_length_ == expected.average_length_


def _check(params: dict, texts: list[str], collection, scheduler) -> None:
    expected_est = tt.Vectorizer(**params)
    expected = expected_est.fit_transform(texts)
    est = tdask.Vectorizer(**params)
    with dask.config.set(scheduler=scheduler):
        X = est.fit_transform(collection)
        assert X.shape == expected.shape and not any(np.isnan(c) for c in X.chunks[0])
        _assert_same_model(est, expected_est)
        assert_same_matrix(X.compute(), expected)
        assert_same_matrix(est.transform(collection).compute(), expected)
        assert_same_matrix(est.count(collection).compute(), expected_est.count(texts))


@pytest.mark.parametrize("params", CASES)
@pytest.mark.parametrize("npartitions", [1, 2, 7])
def test_hand_made_equal_single_machine(params, npartitions) -> None:
    _check(params, HAND, db.from_sequence(HAND, npartitions=npartitions), "threads")


@pytest.mark.parametrize("sizes", [[0, 3, 0, 4], [1, 6], [1, 1, 1, 1, 1, 1, 1]])
def test_uneven_empty_and_single_document_partitions(sizes) -> None:
    for params in CASES[:3]:
        _check(params, HAND, uneven_bag(HAND, sizes), "threads")


@pytest.mark.parametrize("npartitions", [1, 2, 7])
def test_tota_on_cluster(dask_client, npartitions) -> None:
    texts = tota_texts(limit=8)
    bag = db.from_sequence(texts, npartitions=npartitions)
    for params in ({"weighting": "bm25", "min_df": 2}, {"max_df": 0.5, "stem": "english"}):
        _check(params, texts, bag, dask_client.get)


def test_global_pruning() -> None:
    parts = PRUNING_PARTS
    texts = [t for p in parts for t in p]
    bag = uneven_bag(texts, [len(p) for p in parts])
    with dask.config.set(scheduler="threads"):
        kept = tdask.Vectorizer(min_df=3).fit(bag).get_feature_names_out().tolist()
        assert kept == ["alpha", "beta", "gamma"]
        dropped = tdask.Vectorizer(max_df=2).fit(bag).get_feature_names_out().tolist()
    assert not {"alpha", "beta", "gamma"} & set(dropped)
    assert dropped == tt.Vectorizer(max_df=2).fit(texts).get_feature_names_out().tolist()
    # Per partition, min_df=3 keeps gamma alone (first partition) and nothing elsewhere.
    assert tt.Vectorizer(min_df=3).fit(parts[0]).get_feature_names_out().tolist() == ["gamma"]
    with pytest.raises(ValueError):
        tt.Vectorizer(min_df=3).fit(parts[1])


def test_series_input_and_pickling(dask_client) -> None:
    series = dd.from_pandas(pd.Series(HAND, dtype=object), npartitions=3)
    _check({"weighting": "bm25"}, HAND, series, dask_client.get)
    est = tdask.Vectorizer().fit(db.from_sequence(HAND, npartitions=2))
    payload = pickle.dumps(est.to_single())
    # The model travels as one JSON string: a few dozen bytes per term, no object per term.
    assert len(payload) < 2000 + 80 * len(est.vocabulary_)


def test_bad_items_and_unfitted() -> None:
    bag = uneven_bag(["fine", "text", b"\xc3\x28"], [2, 1])
    with pytest.raises(ValueError, match=r"partition 1, position 0: bytes are not valid utf-8"):
        tdask.Vectorizer().fit(bag)
    with pytest.raises(TypeError, match=r"partition 1, position 0: expected a str or bytes"):
        tdask.Vectorizer().fit(uneven_bag(["fine", None], [1, 1]))
    with pytest.raises(tt.NotFittedError):
        tdask.Vectorizer().transform(db.from_sequence(HAND))
    with pytest.raises(TypeError, match="must be a dask.bag.Bag"):
        tdask.Vectorizer().fit(HAND)


def test_fit_transform_reads_each_partition_once_and_remaps_its_rows() -> None:
    texts = list(dict.fromkeys(HAND))
    seen: dict[str, int] = {}

    def read(text: str) -> str:
        seen[text] = seen.get(text, 0) + 1
        return text

    bag = db.from_sequence(texts, npartitions=3).map(read)
    with dask.config.set(scheduler="threads"):
        computed = tdask.Vectorizer(weighting="bm25").fit_transform(bag).compute()
    assert set(seen.values()) == {1}
    assert_same_matrix(computed, tt.Vectorizer(weighting="bm25").fit_transform(texts))


def test_partition_counts_round_trip_and_transform_partition() -> None:
    v = tt.Vectorizer(min_df=2)
    counted = v.partition_counts(HAND[:4])
    v.fit(HAND)
    back = pickle.loads(pickle.dumps(counted))
    assert back.documents == 4 and back.nnz == counted.nnz
    assert_same_matrix(v.transform_partition(back), v.transform(HAND[:4]))
    with pytest.raises(TypeError, match="PartitionCounts"):
        v.transform_partition(counted.statistics())
