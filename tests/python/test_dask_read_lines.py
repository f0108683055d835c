"""treatytext.dask.read_lines: text files as a Bag of lines whose partitions (TextLines) the
workers read and count in place; item for item what dask's read_text gives without the "\n",
and every fit and matrix equal to the single machine's, on a real LocalCluster."""

from __future__ import annotations

import numpy as np
import pytest
import treatytext
from dask_support import HAND, assert_same_matrix, tota_texts
from treatytext import dask as tdask
from treatytext.text import TextLines

dask = pytest.importorskip("dask")
db = pytest.importorskip("dask.bag")


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> tuple[str, list[str]]:
    """Three files of ToTA articles (one per line; the second with Windows line ends, the last
    without a final newline and with an empty line and a lone carriage return), and the lines
    in order, as Python's text files give them."""
    folder = tmp_path_factory.mktemp("lines")
    texts = [t.replace("\n", " ") for t in tota_texts(limit=6)]
    cut = [0, len(texts) // 3, 2 * len(texts) // 3, len(texts)]
    lines: list[str] = []
    for i in range(3):
        part = texts[cut[i] : cut[i + 1]]
        if i == 2:
            part = [*part[:3], "", "before a carriage return", "after it", *part[3:]]
        end = "\r\n" if i == 1 else "\n"
        body = end.join(part) + (end if i < 2 else "")
        if i == 2:
            body = body.replace("return\nafter", "return\rafter")
        (folder / f"{i}.txt").write_bytes(body.encode("utf-8"))
        lines.extend(part)
    return str(folder / "*.txt"), lines


@pytest.mark.parametrize("blocksize", [None, 20_000])
def test_items_are_read_texts_lines(files, blocksize) -> None:
    pattern, lines = files
    bag = tdask.read_lines(pattern, blocksize=blocksize)
    if blocksize is not None:
        assert bag.npartitions > 3
    theirs = db.read_text(pattern, blocksize=blocksize).map(lambda line: line.removesuffix("\n"))
    assert bag.compute(scheduler="threads") == theirs.compute(scheduler="threads") == lines
    assert bag.count().compute(scheduler="threads") == len(lines)


def test_partitions_are_text_lines_counted_where_they_are_read(files, dask_client) -> None:
    from treatytext.dask._collections import Partitions

    pattern, lines = files
    bag = tdask.read_lines(pattern)
    counted = Partitions(bag).map(_kind_and_length)
    bag_keys = set(bag.__dask_graph__())
    assert all(not bag_keys & set(c.dask) for c in counted)  # fused with the reading
    results = dask.compute(*counted, scheduler=dask_client.get)
    assert all(kind == "TextLines" for kind, _ in results)
    assert sum(n for _, n in results) == len(lines)


def _kind_and_length(partition, index):
    return type(partition).__name__, len(partition)


@pytest.mark.parametrize("blocksize", [None, 20_000])
@pytest.mark.parametrize(
    "name,params",
    [
        ("TfidfVectorizer", {}),
        ("CountVectorizer", {"min_df": 2, "ngram_range": (1, 2)}),
        ("Vectorizer", {}),
        ("Vectorizer", {"weighting": "bm25", "min_df": 2}),
    ],
)
def test_fit_transform_on_cluster_equals_single_machine(
    files, dask_client, blocksize, name, params
):
    pattern, lines = files
    if name == "Vectorizer":
        single = treatytext.Vectorizer(**params)
    else:
        import treatytext.sklearn as face

        single = getattr(face, name)(**params)
    expected = single.fit_transform(lines)
    est = getattr(tdask, name)(**params)
    bag = tdask.read_lines(pattern, blocksize=blocksize)
    with dask.config.set(scheduler=dask_client.get):
        X = est.fit_transform(bag)
        assert_same_matrix(X.compute(), expected)
        assert_same_matrix(est.transform(bag).compute(), expected)
    assert est.vocabulary_ == single.vocabulary_


def test_bad_utf8_names_partition_file_and_line(tmp_path, dask_client) -> None:
    (tmp_path / "a.txt").write_text("\n".join(HAND) + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"fine line\nalso fine\nbroken \xff here\n")
    bag = tdask.read_lines(str(tmp_path / "*.txt"))
    message = (
        r"partition 1 \(.*b\.txt, block 0\): "
        r"line 2 \(byte 27 of the buffer\): invalid UTF-8 at byte 7"
    )
    with dask.config.set(scheduler=dask_client.get):
        with pytest.raises(ValueError, match=message):
            tdask.TfidfVectorizer().fit(bag)
    with pytest.raises(OSError, match="resolved to no files"):
        tdask.read_lines(str(tmp_path / "*.missing"))


def test_compressed_files_are_read_whole(tmp_path) -> None:
    import gzip

    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(("\n".join(HAND) + "\n").encode()))
    bag = tdask.read_lines(str(tmp_path / "*.gz"))
    assert bag.npartitions == 1
    assert bag.compute(scheduler="threads") == HAND


def test_single_machine_reads_a_file_as_text_lines(tmp_path) -> None:
    path = tmp_path / "clauses.txt"
    path.write_text("\n".join(HAND) + "\n", encoding="utf-8")
    lines = TextLines(path.read_bytes())
    expected = treatytext.Vectorizer().fit_transform(HAND)
    actual = treatytext.Vectorizer().fit_transform(lines)
    np.testing.assert_array_equal(actual.indices, expected.indices)
    assert actual.data.tobytes() == expected.data.tobytes()
