"""Readers: the documents analysts have (PDF, HTML, DOCX, ToTA XML, text) as treatytext text.

:func:`read` picks the reader by the file's content (``%PDF``, a zip archive holding
``word/document.xml``, ``<html``/``<!doctype``, ``<treaty``), then by its extension, and returns
the extracted text with a :class:`SourceMap` back to the source (PDF pages, HTML elements, DOCX
paragraphs, text lines). The readers keep the structure the format gives, so that segmentation
sees "Article 4" at the start of a line: HTML headings and list items, DOCX heading styles and
list numbering ("1.", "(a)"), PDF lines with hyphenation at line ends repaired, running headers,
footers and page numbers removed, two-column pages read column by column and footnotes moved to
the end.

The PDF, DOCX and HTML readers need optional packages: ``pip install 'treatytext[readers]'``
(or ``[pdf]``, ``[docx]``, ``[html]``); a missing one raises ImportError naming the extra.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from .extracted import Extracted
from .sourcemap import SourceLocation, SourceMap

__all__ = ["FORMATS", "Extracted", "SourceLocation", "SourceMap", "detect_format", "read"]

#: The formats :func:`read` knows, by name.
FORMATS = ("text", "markdown", "html", "pdf", "docx", "tota")

_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".xml": "tota",
}
_SNIFF_BYTES = 4096


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format of a file (one of :data:`FORMATS`), by content first, then extension.

    Raises
    ------
    ValueError
        When the content contradicts the extension (a ``.pdf`` that is no PDF, a ``.docx`` that
        is no zip archive) or a zip archive is not a Word document.
    """
    path = Path(path)
    with path.open("rb") as handle:  # OSError subclasses name the path already
        head = handle.read(_SNIFF_BYTES)
    extension = path.suffix.lower()
    by_extension = _EXTENSIONS.get(extension)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as exc:
            raise ValueError(
                f"{path}: a damaged zip archive, not a readable DOCX file ({exc})"
            ) from None
        if "word/document.xml" in names:
            return "docx"
        raise ValueError(f"{path}: a zip archive without word/document.xml, not a DOCX file")
    if by_extension in ("pdf", "docx"):
        start = head[:16].decode("latin-1").encode("unicode_escape").decode("ascii")
        raise ValueError(
            f"{path}: has the extension {extension} but is not a {by_extension.upper()} file "
            f"(it starts with {start!r})"
        )
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith(b"<"):
        if b"<treaty" in probe:
            return "tota"
        if b"<html" in probe or probe.startswith(b"<!doctype html"):
            return "html"
    if by_extension is not None:
        return by_extension
    return "text"


def read(
    path: str | os.PathLike[str], *, format: str | None = None, errors: str = "strict"
) -> Extracted:
    """Reads a file with the reader of its format (``format``: one of :data:`FORMATS`, else
    detected by :func:`detect_format`).

    Raises
    ------
    ValueError
        For a file the reader cannot make text of, with the reason: an encrypted or image-only
        PDF, a damaged DOCX, an HTML page without text, invalid UTF-8 in a text file ...
    ImportError
        When the format's optional package is not installed (the message names the extra).
    OSError
        When the file cannot be read.
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path}: is a directory, not a document")
    chosen = detect_format(path) if format is None else format
    if chosen not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {chosen!r}")
    if chosen in ("text", "markdown"):
        from .text import read_text_file

        return read_text_file(path, markdown=chosen == "markdown", errors=errors)
    if chosen == "html":
        from .html import read_html

        return read_html(path)
    if chosen == "pdf":
        from .pdf import read_pdf

        return read_pdf(path)
    if chosen == "docx":
        from .docx import read_docx

        return read_docx(path)
    from .tota import read_tota

    return read_tota(path)
