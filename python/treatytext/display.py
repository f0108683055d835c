"""HTML building blocks for notebook reprs and reports: escaped tables, highlighted terms.

Highlighting cuts the source text at the engine tokenizer's own offsets, so what is marked is
exactly the word that produced a shared term (after case folding, stemming, ...).
"""

from __future__ import annotations

import difflib
import functools
import html
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from .analyzer import Analyzer

#: Every cell rule is scoped ``.treatytext table.tt td``: specificity (0,2,2) beats JupyterLab's
#: ``:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td {text-align: right}`` (0,2,1), classic
#: Notebook's ``.rendered_html td`` (0,1,1) and VS Code's renderer, wherever the style element
#: sits in the page, so prose reads left-aligned and numbers right-aligned in all of them and in
#: the report.
STYLE = """
<style>
.treatytext table.tt {border-collapse: collapse; margin: 0.4em 0; font-size: 0.92em;
  table-layout: auto;}
.treatytext table.tt th {text-align: left; background: #f0f2f5; padding: 3px 8px;
  border-bottom: 1px solid #c8ccd2; vertical-align: bottom;}
.treatytext table.tt td {text-align: left; vertical-align: top; padding: 3px 8px;
  border-bottom: 1px solid #e6e8eb; max-width: 46em; white-space: normal;}
.treatytext table.tt th.num, .treatytext table.tt td.num {text-align: right;
  font-variant-numeric: tabular-nums; white-space: nowrap;}
.treatytext mark {background: #ffe58f; padding: 0 1px; border-radius: 2px;}
.treatytext mark.diff {background: #ffccc7; text-decoration: underline #cf1322;}
.treatytext details {margin: 0.4em 0;}
.treatytext details > summary {cursor: pointer; color: #0550ae;}
.treatytext .explain {color: #444c56; font-size: 0.92em; max-width: 60em;}
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


#: Share of the words of both texts in common runs at which a pair counts as "mostly the
#: same": its view then marks the words that differ instead of the (nearly all) shared ones.
MOSTLY_SAME = 0.6


@functools.cache
def words_analyzer() -> Analyzer:
    """The analyzer that cuts words for differences: every word as written (case folded), no
    stop words dropped and no stems, so "shall" against "may" or "goods" against "good" shows."""
    return Analyzer(stop_words=None, stem=None)


def differing_spans(
    tokens_a: Sequence[Any], tokens_b: Sequence[Any]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], float]:
    """Character spans of the words of A and of B outside the common runs of words, and the
    share of all words that lie in common runs."""
    words_a = [t.term for t in tokens_a]
    words_b = [t.term for t in tokens_b]
    matcher = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False)
    spans_a: list[tuple[int, int]] = []
    spans_b: list[tuple[int, int]] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if a1 > a0:
            spans_a.append((tokens_a[a0].start, tokens_a[a1 - 1].end))
        if b1 > b0:
            spans_b.append((tokens_b[b0].start, tokens_b[b1 - 1].end))
    common = sum(block.size for block in matcher.get_matching_blocks())
    total = len(words_a) + len(words_b)
    return spans_a, spans_b, (2 * common / total if total else 1.0)


def _mark_spans(text: str, spans: Sequence[tuple[int, int]], css: str) -> str:
    parts: list[str] = []
    position = 0
    for start, end in spans:
        parts.append(escape(text[position:start]))
        parts.append(f'<mark class="{css}">{escape(text[start:end])}</mark>')
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


def same_share(text_a: str, text_b: str) -> float:
    """Share of the words of two texts (as written, case folded) that lie in runs common to
    both: 1.0 for equal texts, 0.0 for texts with no word in common."""
    return differing_spans(words_analyzer().tokenize(text_a), words_analyzer().tokenize(text_b))[2]


def highlight_pair(
    text_a: str, text_b: str, analyzer: Any, limit: int | None = None
) -> tuple[str, str, bool]:
    """HTML of two texts (each cut to ``limit``) and whether they are mostly the same.

    When at least :data:`MOSTLY_SAME` of their words lie in common runs, the words that differ
    are marked (``<mark class="diff">``) and the identical bulk is left plain; otherwise the
    tokens of the terms they share are marked, as :func:`highlight_shared` does.
    """
    a, b = truncate(text_a, limit), truncate(text_b, limit)
    spans_a, spans_b, share = differing_spans(
        words_analyzer().tokenize(a), words_analyzer().tokenize(b)
    )
    if share >= MOSTLY_SAME:
        return _mark_spans(a, spans_a, "diff"), _mark_spans(b, spans_b, "diff"), True
    html_a, html_b = highlight_shared(a, b, analyzer)
    return html_a, html_b, False


#: Tables longer than this are shown after a summary, inside a collapsible <details> block.
LONG_TABLE_ROWS = 10


def collapsible(summary: str, body: str, rows: int, *, open_: bool = False) -> str:
    """``body`` as it is when it holds at most :data:`LONG_TABLE_ROWS` rows, else folded in a
    ``<details>`` block whose summary line is ``summary`` (HTML)."""
    if rows <= LONG_TABLE_ROWS:
        return body
    state = " open" if open_ else ""
    return f"<details{state}><summary>{summary}</summary>{body}</details>"


#: Smallest p-value a double tells apart from 0 here: the chi-squared tail underflows below.
P_VALUE_FLOOR = 1e-300


def number(value: Any, digits: int = 3) -> str:
    """A number for people: integers as integers, other reals to ``digits`` significant digits.

    ``12``, ``0.25`` -> ``"0.250"``, ``1234.6`` -> ``"1235"`` (no digits after the point once
    the integer part has ``digits`` of them), ``3.2e-05`` -> ``"3.20e-05"``; NaN as empty; text
    escaped as it is.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        return escape(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    x = float(value)
    if math.isnan(x):
        return ""
    if math.isinf(x) or x == 0.0:
        return "0" if x == 0.0 else ("inf" if x > 0 else "-inf")
    magnitude = math.floor(math.log10(abs(x)))
    if magnitude >= digits - 1:
        return f"{x:.0f}"
    if magnitude < -3:
        return f"{x:.{digits - 1}e}"
    return f"{x:.{digits - 1 - magnitude}f}"


def p_value(value: Any) -> str:
    """A p-value for people (plain text, to escape for HTML): ``"< 1e-300"`` where the tail
    underflowed to 0, two significant digits otherwise (``"0.012"``, ``"3.4e-09"``)."""
    if not isinstance(value, numbers.Real) or math.isnan(float(value)):
        return "" if value is None else str(value)
    x = float(value)
    if x < P_VALUE_FLOOR:
        return f"< {P_VALUE_FLOOR:.0e}"
    return number(x, 2)


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    raw: Iterable[str] = (),
    numeric: Iterable[str] = (),
    p_values: Iterable[str] = (),
) -> str:
    """An HTML table; cells of columns in ``raw`` are inserted as HTML, the others escaped.

    Columns in ``numeric`` (formatted by :func:`number`) and ``p_values`` (by :func:`p_value`)
    are right-aligned, header included; all other cells are prose, left-aligned.
    """
    raw_set, p_set = set(raw), set(p_values)
    numeric_set = set(numeric) | p_set
    head = "".join(
        f'<th class="num">{escape(c)}</th>' if c in numeric_set else f"<th>{escape(c)}</th>"
        for c in columns
    )
    body = []
    for row in rows:
        cells = []
        for column, value in zip(columns, row, strict=True):
            if column in raw_set:
                cells.append(f"<td>{value}</td>")
            elif column in p_set:
                cells.append(f'<td class="num">{escape(p_value(value))}</td>')
            elif column in numeric_set:
                cells.append(f'<td class="num">{number(value)}</td>')
            else:
                cells.append(f"<td>{escape(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="tt"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def frame_html(frame: Any, *, numeric: Iterable[str] | None = None, max_rows: int = 50) -> str:
    """An escaped HTML table of a DataFrame's first ``max_rows`` rows (columns named
    ``p_value`` or ``p`` formatted as p-values, the other numeric columns by :func:`number`)."""
    if numeric is None:
        numeric = [c for c in frame.columns if frame[c].dtype.kind in "fiu"]
    names = [str(c) for c in numeric]
    p_columns = [c for c in names if c in ("p_value", "p")]
    shown = frame.head(max_rows)
    rows = shown.itertuples(index=False, name=None)
    html_table = table([str(c) for c in frame.columns], rows, numeric=names, p_values=p_columns)
    if len(frame) > max_rows:
        html_table += f'<p class="muted">{max_rows} of {len(frame)} rows shown</p>'
    return html_table


def wrap(body: str) -> str:
    """A fragment wrapped in the styled container used by every repr."""
    return f'<div class="treatytext">{STYLE}{body}</div>'
