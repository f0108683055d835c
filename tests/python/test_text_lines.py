"""TextLines: the lines of UTF-8 bytes as documents, read by the core in place. Its lines are
Python's lines of the decoded text without their "\n", and every estimator counts a TextLines
exactly as the list of those lines."""

from __future__ import annotations

import pickle

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
    "Article 1\nLes Parties \u00e9liminent les droits \u2014 \u4e2d\u6587\n".encode(),
]


def _python_lines(data: bytes) -> list[str]:
    return [line.removesuffix("\n") for line in data.decode("utf-8").splitlines(keepends=True)]


def _newline_lines(data: bytes) -> list[str]:
    # splitlines() also splits at \r, \x0b, \u2028 ...; TextLines splits at "\n" only, as
    # Python's file iteration does.
    text = data.decode("utf-8")
    lines = text.split("\n")
    return lines[:-1] if text.endswith("\n") or not text else lines


@pytest.mark.parametrize("data", BUFFERS)
def test_lines_are_the_newline_separated_lines(data) -> None:
    lines = TextLines(data)
    expected = _newline_lines(data)
    assert list(lines) == expected
    assert len(lines) == len(expected)
    assert [lines[i] for i in range(len(lines))] == expected
    if expected:
        assert lines[-1] == expected[-1]
    assert lines.data == data
    assert list(pickle.loads(pickle.dumps(lines))) == expected
    if b"\r" not in data:
        assert expected == _python_lines(data)


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
