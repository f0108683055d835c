"""Text stage: UTF-8 decoding with errors that name the byte offset.

The core validates UTF-8 itself (overlongs, surrogates and code points above U+10FFFF are
invalid), so that every stage sees the same text and the same offsets whether it started as
``bytes`` or ``str``.
"""

from __future__ import annotations

from . import _core

__all__ = ["TextLines", "decode", "find_invalid_utf8", "guess_encoding"]

#: The lines of UTF-8 bytes as documents, one per line without its line end ("\n", "\r\n" or a
#: lone "\r", as in Python's text files): ``len``, indexing, slicing
#: and iteration give them as ``str``, while :class:`treatytext.Vectorizer`, ``count`` and the
#: scikit-learn face's counting read them in place, with no ``str`` per line (the partitions of
#: :func:`treatytext.dask.read_lines`). ``TextLines(data)`` raises ``ValueError`` for bytes that
#: are not UTF-8, naming the line and the byte. Pickles as its bytes.
TextLines = _core.TextLines

_ERRORS = ("strict", "replace")


def _check_errors(errors: str) -> bool:
    """True for "replace", False for "strict"; ValueError for anything else."""
    if errors not in _ERRORS:
        raise ValueError(f"errors must be 'strict' or 'replace', not {errors!r}")
    return errors == "replace"


def _check_encodable(word: str, option: str) -> None:
    """Raises ValueError naming the option for a str that has no UTF-8 form (lone surrogates)."""
    try:
        word.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"{option} holds {word!r}, which is not valid Unicode text "
            f"(a lone surrogate at position {exc.start})"
        ) from None


def _as_bytes(data: object, name: str = "data") -> bytes:
    """``bytes`` of a bytes-like object (bytes, bytearray, memoryview); TypeError otherwise."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, bytearray | memoryview):
        return bytes(data)
    raise TypeError(f"{name} must be bytes-like, not {type(data).__name__}")


def decode(data: bytes, errors: str = "strict") -> str:
    """Decodes UTF-8 bytes with the core's validator.

    Parameters
    ----------
    data : bytes
        The encoded text (``bytearray`` and ``memoryview`` are accepted too).
    errors : {"strict", "replace"}, default "strict"
        ``"strict"`` raises ``ValueError`` naming the byte offset of the first invalid
        sequence; ``"replace"`` substitutes U+FFFD for each maximal invalid subsequence, exactly
        as ``data.decode("utf-8", "replace")`` does.

    Returns
    -------
    str
        The decoded text.
    """
    replace = _check_errors(errors)
    return _core.decode_utf8(_as_bytes(data), replace)


def find_invalid_utf8(data: bytes) -> int | None:
    """Byte offset of the first invalid UTF-8 sequence in ``data``, or ``None`` if it is valid."""
    offset = _core.find_invalid_utf8(_as_bytes(data))
    return None if offset < 0 else offset


#: File signatures of formats that are not plain text, with the reader to use instead.
_SIGNATURES = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (DOCX, ODT and EPUB files are ZIP archives)"),
    (b"{\\rtf", "an RTF file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (DOC, XLS)"),
    (b"\x1f\x8b", "a gzip file"),
)


def guess_encoding(data: bytes) -> str:
    """What non-UTF-8 bytes look like, and how to read them, for an error message.

    The guess reads byte patterns only (it never decodes): a byte-order mark or NUL bytes in
    every other position mean UTF-16, a known file signature or other NUL/control bytes mean a
    binary file, and bytes above 0x7F that are not UTF-8 sequences mean a single-byte code page
    (Latin-1 or Windows-1252, the usual encodings of older treaty texts).

    Parameters
    ----------
    data : bytes
        The bytes that failed to decode as UTF-8.

    Returns
    -------
    str
        One sentence: "looks like ...; ..." with the advice.
    """
    data = _as_bytes(data)
    head = data[:4096]
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return f"looks like {kind}, not plain text; extract its text first"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _alternating_nuls(head):
        return (
            "looks like UTF-16; read it with Path(path).read_text(encoding='utf-16') and pass "
            "the text on, or convert the file with `iconv -f UTF-16 -t UTF-8`"
        )
    controls = sum(1 for b in head if b < 0x20 and b not in b"\t\n\r\f\v")
    if b"\x00" in head or controls > len(head) // 100:
        return "looks like a binary file, not text; extract its text first"
    return (
        "looks like Latin-1 or Windows-1252; read it with "
        "Path(path).read_text(encoding='cp1252') and pass the text on, or convert the file "
        "with `iconv -f CP1252 -t UTF-8`"
    )


def _alternating_nuls(head: bytes) -> bool:
    """True when NUL bytes fill most even or most odd positions and few of the others (UTF-16
    of mostly Latin text, without a byte-order mark)."""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    share_even, share_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    return max(share_even, share_odd) > 0.4 and min(share_even, share_odd) < 0.1
