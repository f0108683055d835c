"""List labels as the segmenter reads them, for list numbering that a format stores apart
from the text (HTML ``<ol type="a">``, DOCX numbering definitions)."""

from __future__ import annotations

_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def roman(number: int) -> str:
    """Lower-case roman numeral of a positive number (``roman(4) == "iv"``)."""
    out = []
    for value, numeral in _ROMAN:
        count, number = divmod(number, value)
        out.append(numeral * count)
    return "".join(out)


def letters(number: int) -> str:
    """a, b, ..., z, aa, ab, ... for 1, 2, ..."""
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def format_number(number: int, style: str) -> str:
    """``number`` in a numbering style: ``"decimal"``, ``"lowerLetter"``, ``"upperLetter"``,
    ``"lowerRoman"``, ``"upperRoman"`` (the DOCX names; anything else is decimal)."""
    if style == "lowerLetter":
        return letters(number)
    if style == "upperLetter":
        return letters(number).upper()
    if style == "lowerRoman":
        return roman(number)
    if style == "upperRoman":
        return roman(number).upper()
    if style == "decimalZero":
        return f"{number:02d}"
    return str(number)
