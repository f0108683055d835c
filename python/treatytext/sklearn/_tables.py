"""Character tables of the running Python, handed to the C++ analyzer as data.

scikit-learn's analyzers are defined by CPython itself: ``re``'s ``\\w`` and ``\\s``,
``str.lower()`` (with its final-sigma rule), ``unicodedata.normalize('NFKD')`` and
``unicodedata.combining``. Rather than trusting another Unicode library to agree with the
interpreter, these tables are read out of the interpreter once per process (about 0.2-0.5 s) and
cached in a file keyed by the Python and Unicode database versions, so later processes load them
in a few milliseconds.

Tables (code points 0 .. 0x10FFFF):

- ``flags`` (uint8 per code point): 1 = ``\\w`` for ``re`` (``str.isalnum()`` or ``_``),
  2 = ``\\s`` / ``str.isspace()``, 4 = Cased, 8 = Case_Ignorable (the two properties CPython's
  ``str.lower()`` consults for the Greek final sigma; Cased is only recorded where it matters,
  for characters that are not case-ignorable).
- three maps from a code point to a sequence of code points, each as (keys, offsets, values):
  ``lower`` (``c.lower()`` where it differs from ``c``; U+03A3 maps to U+03C3 and the analyzer
  applies the final-sigma rule), ``strip_unicode`` (``strip_accents_unicode(c)`` where it differs
  from ``c``) and ``strip_ascii`` (``strip_accents_ascii(c)`` for non-ASCII ``c`` where it is not
  empty; every other non-ASCII character strips to nothing).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import threading
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = 1
N_CODE_POINTS = 0x110000
WORD, SPACE, CASED, CASE_IGNORABLE = 1, 2, 4, 8
CAPITAL_SIGMA = 0x3A3

_lock = threading.Lock()
_cached: dict[str, np.ndarray] | None = None


def _all_code_points() -> str:
    return np.arange(N_CODE_POINTS, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")


def _utf32(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def _pack(mapping: dict[int, str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    keys = np.array(sorted(mapping), dtype=np.uint32)
    pieces = [_utf32(mapping[int(k)]) for k in keys]
    offsets = np.zeros(len(keys) + 1, dtype=np.uint32)
    if pieces:
        offsets[1:] = np.cumsum([len(p) for p in pieces])
    values = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.uint32)
    return keys, offsets, values.astype(np.uint32)


def _runs(pattern: str, text: str, flags: np.ndarray, bit: int) -> None:
    for match in re.finditer(pattern, text):
        flags[match.start() : match.end()] |= bit


def _lower_map(text: str) -> dict[int, str]:
    # str.lower() is context-free except for U+03A3, so blocks that lower to themselves are
    # skipped whole and only the others are looked at character by character.
    mapping: dict[int, str] = {}
    for start in range(0, N_CODE_POINTS, 256):
        block = text[start : start + 256]
        if block.lower() == block:
            continue
        for i, ch in enumerate(block):
            low = ch.lower()
            if low != ch:
                mapping[start + i] = low
    mapping[CAPITAL_SIGMA] = "\u03c3"
    return mapping


def _sigma_flags(text: str, lower: dict[int, str], flags: np.ndarray) -> None:
    # CPython lowers U+03A3 to a final sigma when a Cased character precedes it (skipping
    # Case_Ignorable ones) and none follows. Neither property is exposed, so both are read off
    # str.lower() itself: in "a" + c + SIGMA the sigma is final iff c is case-ignorable or cased;
    # in "\0" + c + SIGMA iff c is cased and not case-ignorable.
    codes = np.arange(N_CODE_POINTS, dtype=np.uint32)
    simple = np.array([k for k, v in lower.items() if len(v) != 1] + [CAPITAL_SIGMA])
    keep = np.ones(N_CODE_POINTS, dtype=bool)
    keep[simple] = False
    keep[0xD800:0xE000] = False  # lone surrogates: neither cased nor case-ignorable
    probe_codes = codes[keep]
    results = []
    for first in (ord("a"), 0):
        records = np.empty((len(probe_codes), 4), dtype="<u4")
        records[:, 0] = first
        records[:, 1] = probe_codes
        records[:, 2] = CAPITAL_SIGMA
        records[:, 3] = 0
        lowered = _utf32(records.tobytes().decode("utf-32-le").lower()).reshape(-1, 4)
        results.append(lowered[:, 2] == 0x3C2)
    ignorable = results[0] & ~results[1]
    flags[probe_codes[ignorable]] |= CASE_IGNORABLE
    flags[probe_codes[results[1]]] |= CASED
    for code in simple:  # the few characters whose lowercase is not one character
        ch = chr(int(code))
        either = ("a" + ch + "\u03a3").lower().endswith("\u03c2")
        cased = ("\0" + ch + "\u03a3").lower().endswith("\u03c2")
        if either and not cased:
            flags[code] |= CASE_IGNORABLE
        elif cased:
            flags[code] |= CASED


def _strip_maps(text: str) -> tuple[dict[int, str], dict[int, str]]:
    # Both strip functions act character by character (canonical reordering only moves marks
    # of non-zero combining class, which both drop), so per-character results compose exactly.
    combining = np.fromiter(map(unicodedata.combining, text), dtype=np.uint8, count=N_CODE_POINTS)
    to_unicode: dict[int, str] = {int(c): "" for c in np.flatnonzero(combining)}
    to_ascii: dict[int, str] = {}
    for start in range(0, N_CODE_POINTS, 256):
        block = text[start : start + 256]
        if unicodedata.is_normalized("NFKD", block):
            continue
        for i, ch in enumerate(block):
            decomposed = unicodedata.normalize("NFKD", ch)
            if decomposed == ch:
                continue
            code = start + i
            to_unicode[code] = "".join(c for c in decomposed if not unicodedata.combining(c))
            if code >= 0x80:
                ascii_part = decomposed.encode("ascii", "ignore").decode("ascii")
                if ascii_part:
                    to_ascii[code] = ascii_part
    return to_unicode, to_ascii


def build_tables() -> dict[str, np.ndarray]:
    """Reads the tables out of the running interpreter (no cache)."""
    text = _all_code_points()
    flags = np.zeros(N_CODE_POINTS, dtype=np.uint8)
    _runs(r"\w+", text, flags, WORD)
    _runs(r"\s+", text, flags, SPACE)
    lower = _lower_map(text)
    _sigma_flags(text, lower, flags)
    strip_unicode, strip_ascii = _strip_maps(text)
    tables: dict[str, np.ndarray] = {"flags": flags}
    for name, mapping in (
        ("lower", lower),
        ("strip_unicode", strip_unicode),
        ("strip_ascii", strip_ascii),
    ):
        keys, offsets, values = _pack(mapping)
        tables[f"{name}_keys"] = keys
        tables[f"{name}_offsets"] = offsets
        tables[f"{name}_values"] = values
    return tables


def cache_key() -> str:
    """What the tables depend on: the interpreter build and its Unicode database."""
    ident = f"{FORMAT}|{sys.implementation.name}|{sys.version}|{unicodedata.unidata_version}"
    return hashlib.sha256(ident.encode()).hexdigest()[:16]


def cache_dir() -> Path | None:
    """``$TREATYTEXT_CACHE_DIR``, else ``$XDG_CACHE_HOME/treatytext``, else ``~/.cache/treatytext``.

    Setting ``TREATYTEXT_CACHE_DIR`` to an empty string disables the file cache.
    """
    configured = os.environ.get("TREATYTEXT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "treatytext"


def _load(path: Path) -> dict[str, np.ndarray] | None:
    try:
        with np.load(path, allow_pickle=False) as archive:
            tables = {name: archive[name] for name in archive.files}
    except (OSError, ValueError, KeyError):
        return None
    flags = tables.get("flags")
    if flags is None or flags.shape != (N_CODE_POINTS,):
        return None
    return tables


def _save(path: Path, tables: dict[str, Any]) -> None:
    # Best effort: an unwritable cache only costs the next process the rebuild.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npz", delete=False) as tmp:
            np.savez_compressed(tmp, **tables)
        os.replace(tmp.name, path)
    except OSError:
        pass


def python_tables() -> dict[str, np.ndarray]:
    """The tables of this interpreter: from memory, from the file cache, or built (then cached)."""
    global _cached
    with _lock:
        if _cached is None:
            directory = cache_dir()
            path = directory / f"sklearn-tables-{cache_key()}.npz" if directory else None
            tables = _load(path) if path is not None and path.is_file() else None
            if tables is None:
                tables = build_tables()
                if path is not None:
                    _save(path, tables)
            _cached = tables
        return _cached
