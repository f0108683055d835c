"""KWIC: keyword in context, on a word or a phrase, with a window counted in tokens.

The document text is tokenized by the engine with the corpus options except that stop words
and short words are kept (a window counts every word, and phrases such as "rules of origin"
match); the
contexts are cut from the source text at the tokens' own offsets, so they are exact substrings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import _engine, display
from .progress import track

if TYPE_CHECKING:
    import pandas as pd

    from .corpus import Corpus


def kwic_analyzer(options: dict[str, Any]) -> Any:
    """The corpus analyzer options with every word kept (stop words, short words), one by one."""
    options = dict(options)
    options.pop("ngram_range", None)
    options["stop_words"] = None
    options["min_length"] = 1
    return _engine.analyzer(options)


def _find(terms: np.ndarray, pattern: list[str]) -> np.ndarray:
    """Start positions of ``pattern`` (consecutive terms) in ``terms``."""
    m = len(pattern)
    if len(terms) < m:
        return np.zeros(0, dtype=np.int64)
    hits = terms[: len(terms) - m + 1] == pattern[0]
    for offset in range(1, m):
        hits &= terms[offset : len(terms) - m + 1 + offset] == pattern[offset]
    return np.flatnonzero(hits)


def kwic(corpus: Corpus, query: str, window: int = 5) -> Concordance:
    """Every occurrence of ``query`` (a word or a phrase) in the corpus documents.

    Each row gives document, unit (row in :attr:`Corpus.clauses`, -1 if the occurrence lies
    outside every unit, e.g. in a heading), ref, start and end (code points in the document
    text), and ``left``/``keyword``/``right``: exact slices of the text covering ``window``
    tokens on each side (fewer at the edges of the text).
    """
    import pandas as pd

    if not isinstance(window, (int, np.integer)) or window < 0:
        raise ValueError(f"window must be a non-negative integer, got {window!r}")
    analyzer = kwic_analyzer(corpus.analyzer_options)
    pattern = list(analyzer.analyze(query))
    if not pattern:
        raise ValueError(f"the query {query!r} has no words to search for")
    records: dict[str, list[Any]] = {
        k: [] for k in ("document", "unit", "ref", "start", "end", "left", "keyword", "right")
    }
    first_row = 0
    for doc in track(corpus.documents, desc="kwic", progress=corpus.progress):
        text = doc.text
        terms, starts, ends = _engine.token_spans(text, analyzer)
        unit_starts = np.fromiter((u.start for u in doc.units), np.int64, len(doc.units))
        unit_ends = np.fromiter((u.end for u in doc.units), np.int64, len(doc.units))
        for i in _find(np.asarray(terms, dtype=object), pattern):
            j = i + len(pattern) - 1
            begin, end = int(starts[i]), int(ends[j])
            left_start = int(starts[max(0, i - window)])
            right_end = int(ends[min(len(terms) - 1, j + window)])
            position = int(np.searchsorted(unit_starts, begin, side="right")) - 1
            inside = position >= 0 and begin < unit_ends[position]
            records["document"].append(doc.name)
            records["unit"].append(first_row + position if inside else -1)
            records["ref"].append(doc.refs[position] if inside else "")
            records["start"].append(begin)
            records["end"].append(end)
            records["left"].append(text[left_start:begin])
            records["keyword"].append(text[begin:end])
            records["right"].append(text[end:right_end])
        first_row += len(doc.units)
    frame = pd.DataFrame(records)
    frame["unit"] = frame["unit"].astype(np.int64)
    return Concordance(query, window, frame, single=len(corpus.documents) == 1)


def _flat(text: str) -> str:
    return " ".join(text.split())


class Concordance:
    """KWIC lines; ``frame``: document, unit, ref, start, end, left, keyword, right."""

    def __init__(self, query: str, window: int, frame: pd.DataFrame, single: bool) -> None:
        self.query = query
        self.window = window
        self.frame = frame
        self.single = single

    def to_frame(self) -> pd.DataFrame:
        """The lines as a DataFrame (a copy)."""
        return self.frame.copy()

    def __len__(self) -> int:
        return len(self.frame)

    def lines(self, width: int = 40) -> list[str]:
        """Plain-text concordance lines, the keyword centred."""
        out = []
        for left, keyword, right in zip(
            self.frame["left"], self.frame["keyword"], self.frame["right"], strict=True
        ):
            out.append(f"{_flat(left)[-width:]:>{width}} [{_flat(keyword)}] {_flat(right)[:width]}")
        return out

    def __repr__(self) -> str:
        head = f"KWIC {self.query!r} (window {self.window}): {len(self.frame)} occurrences"
        return "\n".join([head, *self.lines()[:30]])

    def _repr_html_(self, max_rows: int = 50) -> str:
        rows = []
        for _, r in self.frame.head(max_rows).iterrows():
            where = r["ref"] if self.single else f"{r['document']}: {r['ref']}"
            rows.append(
                (
                    where,
                    f'<div style="text-align:right">{display.escape(_flat(r["left"]))}</div>',
                    f'<span class="kw">{display.escape(_flat(r["keyword"]))}</span>',
                    display.escape(_flat(r["right"])),
                )
            )
        body = (
            f"<h4>{display.escape(self.query)}: {len(self.frame)} occurrences</h4>"
            + display.table(
                ["where", "left", "keyword", "right"], rows, raw=["left", "keyword", "right"]
            )
        )
        if len(self.frame) > max_rows:
            body += f'<p class="muted">{max_rows} of {len(self.frame)} lines shown</p>'
        return display.wrap(body)
