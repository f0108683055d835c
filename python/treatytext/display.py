"""HTML building blocks for notebook reprs and reports: escaped tables, highlighted terms.

Highlighting cuts the source text at the engine tokenizer's own offsets, so what is marked is
exactly the word that produced a shared term (after case folding, stemming, ...).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .analyzer import Analyzer

STYLE = """
<style>
.treatytext table {border-collapse: collapse; margin: 0.4em 0; font-size: 0.92em;}
.treatytext th {text-align: left; background: #f0f2f5; padding: 3px 8px;
  border-bottom: 1px solid #c8ccd2;}
.treatytext td {text-align: left; vertical-align: top; padding: 3px 8px;
  border-bottom: 1px solid #e6e8eb; max-width: 46em;}
.treatytext td.num {text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap;}
.treatytext mark {background: #ffe58f; padding: 0 1px; border-radius: 2px;}
.treatytext .kw {font-weight: bold; color: #a8071a;}
.treatytext .muted {color: #6b7280;}
.treatytext h3, .treatytext h4 {margin: 0.6em 0 0.2em 0;}
</style>
"""


def escape(value: Any) -> str:
    """HTML-escaped text of any value (None as empty)."""
    return "" if value is None else html.escape(str(value))


def truncate(text: str, limit: int | None) -> str:
    """``text`` cut at a word boundary near ``limit`` characters, with an ellipsis."""
    if limit is None or len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip() + " …"


def highlight_analyzer(options: Mapping[str, Any] | None) -> Any:
    """An analyzer for highlighting: the analysis options with single words only."""
    options = dict(options or {})
    options.pop("ngram_range", None)
    return Analyzer(**options)


def terms_of(text: str, analyzer: Any) -> set[str]:
    """The set of terms the analyzer makes of ``text``."""
    return set(analyzer.analyze(text))


def highlight(text: str, terms: Iterable[str], analyzer: Any, limit: int | None = None) -> str:
    """HTML of ``text`` (cut to ``limit``) with the tokens whose term is in ``terms`` marked."""
    text = truncate(text, limit)
    wanted = set(terms)
    if not wanted:
        return escape(text)
    parts: list[str] = []
    position = 0
    for token in analyzer.tokenize(text):
        if token.term in wanted and token.start >= position:
            parts.append(escape(text[position : token.start]))
            parts.append(f"<mark>{escape(text[token.start : token.end])}</mark>")
            position = token.end
    parts.append(escape(text[position:]))
    return "".join(parts)


def highlight_shared(
    text_a: str, text_b: str, analyzer: Any, limit: int | None = None
) -> tuple[str, str]:
    """HTML of two texts (each cut to ``limit``) with the tokens of the terms they share marked."""
    shared = terms_of(text_a, analyzer) & terms_of(text_b, analyzer)
    return highlight(text_a, shared, analyzer, limit), highlight(text_b, shared, analyzer, limit)


def number(value: Any, digits: int = 3) -> str:
    """A number for a table cell: floats rounded, integers as they are."""
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return escape(value)


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    raw: Iterable[str] = (),
    numeric: Iterable[str] = (),
) -> str:
    """An HTML table; cells of columns in ``raw`` are inserted as HTML, the others escaped."""
    raw_set, numeric_set = set(raw), set(numeric)
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = []
    for row in rows:
        cells = []
        for column, value in zip(columns, row, strict=True):
            if column in raw_set:
                cells.append(f"<td>{value}</td>")
            elif column in numeric_set:
                cells.append(f'<td class="num">{number(value)}</td>')
            else:
                cells.append(f"<td>{escape(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def frame_html(frame: Any, *, numeric: Iterable[str] | None = None, max_rows: int = 50) -> str:
    """An escaped HTML table of a DataFrame's first ``max_rows`` rows."""
    if numeric is None:
        numeric = [c for c in frame.columns if frame[c].dtype.kind in "fiu"]
    shown = frame.head(max_rows)
    rows = shown.itertuples(index=False, name=None)
    html_table = table([str(c) for c in frame.columns], rows, numeric=[str(c) for c in numeric])
    if len(frame) > max_rows:
        html_table += f'<p class="muted">{max_rows} of {len(frame)} rows shown</p>'
    return html_table


def wrap(body: str) -> str:
    """A fragment wrapped in the styled container used by every repr."""
    return f'<div class="treatytext">{STYLE}{body}</div>'
