"""Tests of treatytext.text: UTF-8 decoding by the core, checked against Python's own codec."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from treatytext.text import decode, find_invalid_utf8

# (bytes, what bytes.decode("utf-8", "replace") gives, first invalid byte)
CASES = [
    (b"", "", None),
    (b"plain", "plain", None),
    (b"\xc3\xbc\xe2\x80\x93\xf0\x9f\x98\x80", "\u00fc\u2013\U0001f600", None),
    (b"\xc0\xaf", "\ufffd\ufffd", 0),  # overlong "/"
    (b"ab\xe0\x80\x80", "ab\ufffd\ufffd\ufffd", 2),  # overlong NUL
    (b"\xed\xa0\x80", "\ufffd\ufffd\ufffd", 0),  # surrogate
    (b"x\xf4\x90\x80\x80", "x\ufffd\ufffd\ufffd\ufffd", 1),  # above U+10FFFF
    (b"\xe2\x82", "\ufffd", 0),  # truncated
    (b"\xe2\x82A", "\ufffdA", 0),
    (b"\xf0\x9f\x98A", "\ufffdA", 0),
    (b"12345678\x80", "12345678\ufffd", 8),
    (b"a\xe2\x82\xacb\xff", "a\u20acb\ufffd", 5),
]


@pytest.mark.parametrize(("data", "expected", "bad"), CASES)
def test_replace_matches_python_and_offsets(data: bytes, expected: str, bad: int | None) -> None:
    assert data.decode("utf-8", "replace") == expected  # the table itself is right
    assert decode(data, errors="replace") == expected
    assert find_invalid_utf8(data) == bad
    if bad is None:
        assert decode(data) == expected
    else:
        with pytest.raises(ValueError, match=rf"invalid UTF-8 at byte {bad}\b"):
            decode(data)


def test_strict_error_names_offset_and_bytes() -> None:
    data = "Article 5 \u2013 text ".encode() + b"\xff more"  # 10 + 3 + 6 bytes before 0xff
    with pytest.raises(ValueError, match=r"byte 19 \(0xff 0x20 0x6d 0x6f\).*errors='replace'"):
        decode(data)


def test_bytes_like_inputs_and_bad_arguments() -> None:
    assert decode(bytearray(b"caf\xc3\xa9")) == "caf\u00e9"
    assert decode(memoryview(b"caf\xc3\xa9")) == "caf\u00e9"
    assert find_invalid_utf8(bytearray(b"\xff")) == 0
    with pytest.raises(TypeError, match="bytes-like"):
        decode("already a str")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="errors must be 'strict' or 'replace'"):
        decode(b"x", errors="ignore")


def test_nul_and_large_input() -> None:
    assert decode(b"a\x00b") == "a\x00b"
    data = ("\u00e9" * 1_000_000).encode() + b"\xff"
    assert find_invalid_utf8(data) == 2_000_000
    assert decode(data, errors="replace") == "\u00e9" * 1_000_000 + "\ufffd"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64))
def test_random_bytes_agree_with_python(data: bytes) -> None:
    assert decode(data, errors="replace") == data.decode("utf-8", "replace")
    try:
        expected = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        assert find_invalid_utf8(data) == exc.start
        with pytest.raises(ValueError, match=rf"at byte {exc.start}\b"):
            decode(data)
    else:
        assert find_invalid_utf8(data) is None
        assert decode(data) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_random_text_round_trips(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        assert find_invalid_utf8(data) is not None  # surrogates are not UTF-8
    else:
        assert decode(data) == text
