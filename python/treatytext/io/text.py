"""Plain text and Markdown files: the text as it is (Markdown: heading marks and emphasis
around a whole line removed, so that "## Article 4" reads "Article 4"), mapped to lines."""

from __future__ import annotations

import re
from pathlib import Path

from ..text import decode, guess_encoding
from .extracted import Extracted
from .sourcemap import SourceLocation, TextBuilder

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_EMPHASIS_LINE = re.compile(r"^(\s*)(\*\*|__|\*|_)(\S(?:.*\S)?)\2\s*$")


def read_text_file(path: Path, *, markdown: bool = False, errors: str = "strict") -> Extracted:
    """A UTF-8 text (or Markdown) file with one source-map range per line."""
    data = path.read_bytes()
    try:
        text = decode(data, errors=errors)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}; the file {guess_encoding(data)}") from None
    format = "markdown" if markdown else "text"
    builder = TextBuilder(str(path), format)
    # Lines end as the segmenter ends them: \n, \r\n or \r.
    for number, match in enumerate(_LINE.finditer(text), start=1):
        body, ending = match.group(1), match.group(2)
        if not body and not ending:
            break
        if markdown:
            body = _markdown_line(body)
        builder.write(body, SourceLocation(line=number))
        builder.write(ending)
    out = builder.text()
    if markdown and not out.strip():
        raise ValueError(f"{path}: the Markdown file has no text")
    return Extracted(out if markdown else text, builder.map, {"format": format})


def _markdown_line(line: str) -> str:
    heading = _ATX_HEADING.match(line)
    if heading:
        line = heading.group(1)
    emphasis = _EMPHASIS_LINE.match(line)
    if emphasis:
        line = emphasis.group(1) + emphasis.group(3)
    return line
