"""TextLines: the lines of UTF-8 bytes as documents, read by the core in place. Its lines are
Python's lines of the decoded text without their "\n", and every estimator counts a TextLines
exactly as the list of those lines."""

from __future__ import annotations

import io
import pickle
import sys

import numpy as np
import pytest
import treatytext
from treatytext.text import TextLines

BUFFERS = [
    b"",
    b"one line",
    b"one line\n",
    b"\n",
    b"a\n\nb",
    b"a\r\nb\n\n",
    b"lone\rcr\r\n\r\nend\r",
    b"a\r\r\nb",
    "Article 1\nLes Parties \u00e9liminent \u2014 \u4e2d\u6587\u2028same line\n".encode(),
]


def _python_lines(data: bytes) -> list[str]:
    """The lines of a text file as Python iterates them (universal newlines), without "\n"."""
    with io.TextIOWrapper(io.BytesIO(data), encoding="utf-8") as f:
        return [line.removesuffix("\n") for line in f]


@pytest.mark.parametrize("data", BUFFERS)
def test_lines_are_the_lines_python_reads(data) -> None:
    lines = TextLines(data)
    expected = _python_lines(data)
    assert list(lines) == expected
    assert len(lines) == len(expected)
    assert [lines[i] for i in range(len(lines))] == expected
    assert lines[1:] == expected[1:] and lines[::-2] == expected[::-2]
    if expected:
        assert lines[-1] == expected[-1]
    assert lines.data == data
    assert list(pickle.loads(pickle.dumps(lines))) == expected
    assert sys.getsizeof(lines) >= len(data)  # what dask's sizeof sees


def test_index_out_of_range_and_bad_bytes() -> None:
    lines = TextLines(b"a\nb\n")
    with pytest.raises(IndexError):
        lines[2]
    with pytest.raises(IndexError):
        lines[-3]
    with pytest.raises(
        ValueError, match=r"line 2 \(byte 10 of the buffer\): invalid UTF-8 at byte 2"
    ):
        TextLines(b"ok\nfine\nab\xffcd\n")
    with pytest.raises(TypeError):
        TextLines("a str is not bytes")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def lines(seed_text: str) -> tuple[TextLines, list[str]]:
    texts = [line for line in seed_text.split("\n")] * 3
    return TextLines(("\n".join(texts) + "\n").encode()), texts


def _same(a, b) -> None:
    assert a.shape == b.shape and a.dtype == b.dtype
    np.testing.assert_array_equal(a.indptr, b.indptr)
    np.testing.assert_array_equal(a.indices, b.indices)
    assert a.data.tobytes() == b.data.tobytes()


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_native_face_counts_lines_as_the_list(lines, n_jobs) -> None:
    data, texts = lines
    _same(
        treatytext.Vectorizer(n_jobs=n_jobs).fit_transform(data),
        treatytext.Vectorizer(n_jobs=n_jobs).fit_transform(texts),
    )
    fitted = treatytext.Vectorizer(min_df=2).fit(texts)
    _same(fitted.transform(data), fitted.transform(texts))
    _same(treatytext.count(data).matrix, treatytext.count(texts).matrix)
    v = treatytext.Vectorizer()
    assert v.partial_counts(data).to_bytes() == v.partial_counts(texts).to_bytes()
    assert v.partition_counts(data).to_bytes() == v.partition_counts(texts).to_bytes()


@pytest.mark.parametrize("name", ["CountVectorizer", "TfidfVectorizer"])
@pytest.mark.parametrize(
    "params", [{}, {"ngram_range": (1, 2), "min_df": 2}, {"analyzer": "char_wb"}]
)
def test_sklearn_face_counts_lines_as_the_list(lines, name, params) -> None:
    pytest.importorskip("sklearn")
    import treatytext.sklearn as face

    data, texts = lines
    cls = getattr(face, name)
    _same(cls(**params).fit_transform(data), cls(**params).fit_transform(texts))
    assert cls(**params).fit(data).vocabulary_ == cls(**params).fit(texts).vocabulary_
    fitted = cls(**params).fit(texts)
    _same(fitted.transform(data), fitted.transform(texts))
    est = cls(**params)
    assert est.partial_counts(data).to_bytes() == est.partial_counts(texts).to_bytes()
    assert est.partition_counts(data).to_bytes() == est.partition_counts(texts).to_bytes()
    # scikit-learn's own analyzer (a Python tokenizer) iterates the lines as str.
    python = cls(tokenizer=str.split, token_pattern=None)
    _same(
        python.fit_transform(data),
        cls(tokenizer=str.split, token_pattern=None).fit_transform(texts),
    )
