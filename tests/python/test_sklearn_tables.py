"""The character tables read out of the interpreter agree with the interpreter itself, and the
file cache round-trips."""

from __future__ import annotations

import random
import unicodedata

import numpy as np
import pytest
from sklearn.feature_extraction.text import strip_accents_ascii, strip_accents_unicode
from treatytext.sklearn import _tables


@pytest.fixture(scope="module")
def tables() -> dict[str, np.ndarray]:
    return _tables.python_tables()


def unpack(tables: dict[str, np.ndarray], name: str) -> dict[int, str]:
    keys, offsets, values = (tables[f"{name}_{part}"] for part in ("keys", "offsets", "values"))
    return {
        int(k): "".join(map(chr, values[offsets[i] : offsets[i + 1]])) for i, k in enumerate(keys)
    }


def sample_code_points() -> list[int]:
    rng = random.Random(5)
    points = set(range(0x3000)) | {rng.randrange(0x110000) for _ in range(30000)}
    points |= {0x1E9E, 0x2126, 0x212A, 0x212B, 0xFB00, 0xFB01, 0xFF10, 0xFF21, 0xAC00, 0xD7A3}
    points |= {0x1F600, 0x1F469, 0x200D, 0xE0041, 0xE0100, 0x10400, 0x1E900}
    return sorted(p for p in points if not 0xD800 <= p < 0xE000)


def test_word_and_space_flags_match_re(tables):
    flags = tables["flags"]
    for code in sample_code_points():
        ch = chr(code)
        assert bool(flags[code] & _tables.WORD) == (ch.isalnum() or ch == "_"), hex(code)
        assert bool(flags[code] & _tables.SPACE) == ch.isspace(), hex(code)


def test_maps_match_lower_and_strip_functions(tables):
    lower = unpack(tables, "lower")
    strip_unicode = unpack(tables, "strip_unicode")
    strip_ascii = unpack(tables, "strip_ascii")
    for code in sample_code_points() + sorted(lower) + sorted(strip_unicode):
        ch = chr(code)
        assert lower.get(code, ch) == ch.lower(), hex(code)
        assert strip_unicode.get(code, ch) == strip_accents_unicode(ch), hex(code)
        default = ch if code < 0x80 else ""
        assert strip_ascii.get(code, default) == strip_accents_ascii(ch), hex(code)


def test_sigma_flags_reproduce_str_lower(tables):
    # The flags feed the analyzer's final-sigma rule: the rule applied with them must give
    # str.lower() on strings mixing cased, case-ignorable and other characters.
    flags = tables["flags"]
    ignorable = [c for c in range(0x3000) if flags[c] & _tables.CASE_IGNORABLE][:60]
    cased = [c for c in range(0x3000) if flags[c] & _tables.CASED][:60]
    other = [0x20, 0x31, 0x2C, 0x5D0, 0x4E00]
    pool = [chr(c) for c in ignorable + cased + other] + ["\u03a3"] * 20
    rng = random.Random(3)

    def rule(text: str, i: int) -> str:
        j = i - 1
        while j >= 0 and flags[ord(text[j])] & _tables.CASE_IGNORABLE:
            j -= 1
        final = j >= 0 and bool(flags[ord(text[j])] & _tables.CASED)
        k = i + 1
        while k < len(text) and flags[ord(text[k])] & _tables.CASE_IGNORABLE:
            k += 1
        if final and k < len(text):
            final = not flags[ord(text[k])] & _tables.CASED
        return "\u03c2" if final else "\u03c3"

    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 6)))
        expected = "".join(
            rule(text, i) if ch == "\u03a3" else ch.lower() for i, ch in enumerate(text)
        )
        assert expected == text.lower(), [hex(ord(c)) for c in text]


def test_file_cache_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("TREATYTEXT_CACHE_DIR", str(tmp_path))
    assert _tables.cache_dir() == tmp_path
    built = _tables.build_tables()
    path = tmp_path / f"sklearn-tables-{_tables.cache_key()}.npz"
    _tables._save(path, built)
    loaded = _tables._load(path)
    assert loaded is not None and set(loaded) == set(built)
    for name, array in built.items():
        np.testing.assert_array_equal(loaded[name], array)
    path.write_bytes(b"not an npz file")
    assert _tables._load(path) is None  # a corrupt cache is rebuilt, not trusted
    monkeypatch.setenv("TREATYTEXT_CACHE_DIR", "")
    assert _tables.cache_dir() is None


def test_cache_key_names_the_unicode_database():
    assert len(_tables.cache_key()) == 16
    assert unicodedata.unidata_version  # the key hashes it with the interpreter version
