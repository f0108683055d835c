"""Text stage: UTF-8 decoding with errors that name the byte offset.

The core validates UTF-8 itself (overlongs, surrogates and code points above U+10FFFF are
invalid), so that every stage sees the same text and the same offsets whether it started as
``bytes`` or ``str``.
"""

from __future__ import annotations

from . import _core

__all__ = ["decode", "find_invalid_utf8"]

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
