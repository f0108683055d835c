"""KWIC: keyword in context, on a word or a phrase, with a window counted in tokens.

The clauses are tokenized by the engine with the corpus options except that stop words and
short words are kept (a window counts every word, and phrases such as "rules of origin"
match); the contexts are cut from the clause text at the tokens' own offsets, so they are exact
substrings. Windows stay inside a clause. Only the clauses whose counts in the corpus pipeline
contain every word of the query that the pipeline keeps are tokenized.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import display
from .analyzer import Analyzer
from .progress import track

if TYPE_CHECKING:
    import pandas as pd

    from .pipeline import Pipeline


def kwic_options(options: dict[str, Any]) -> dict[str, Any]:
    """The corpus analyzer options with every word kept (stop words, short words), one by one."""
    options = dict(options, stop_words=None, min_length=1)
    options.pop("ngram_range", None)
    return options


def _find(terms: np.ndarray, pattern: list[str]) -> np.ndarray:
    """Start positions of ``pattern`` (consecutive terms) in ``terms``."""
    m = len(pattern)
    if len(terms) < m:
        return np.zeros(0, dtype=np.int64)
    hits = terms[: len(terms) - m + 1] == pattern[0]
    for offset in range(1, m):
        hits &= terms[offset : len(terms) - m + 1 + offset] == pattern[offset]
    return np.flatnonzero(hits)


def _candidates(corpus: Pipeline, pattern: list[str]) -> np.ndarray:
    """Rows of the units that may hold the pattern: those whose pipeline counts contain every
    word of it that the pipeline keeps (a stop word, a short or a pruned word narrows nothing);
    only those units are tokenized. The pipeline's analyzer differs from the KWIC analyzer only
    in the words it drops, so a kept word is in a unit's counts exactly when it is among the
    unit's KWIC tokens."""
    columns = [c for c in (corpus.term_column(t) for t in set(pattern)) if c >= 0]
    if not columns:
        return np.arange(len(corpus.unit_texts))
    matrix = corpus.counts.matrix.tocsc()
    rows = None
    for column in columns:
        found = matrix.indices[matrix.indptr[column] : matrix.indptr[column + 1]]
        rows = found if rows is None else np.intersect1d(rows, found)
    return np.unique(rows)


def kwic(corpus: Pipeline, query: str, window: int = 5) -> Concordance:
    """Every occurrence of ``query`` (a word or a phrase) in the clauses of the corpus.

    Each row gives document, unit (row in :attr:`Corpus.units`), ref, heading (the headings
    above the unit, "PART I ... / Article 1 Objectives"), start and end (code points in the
    document text), and ``left``/``keyword``/``right``: exact slices of the text covering
    ``window`` tokens on each side, within the unit (fewer at its edges).
    """
    import pandas as pd

    if not isinstance(window, (int, np.integer)) or window < 0:
        raise ValueError(f"window must be a non-negative integer, got {window!r}")
    analyzer = Analyzer(**kwic_options(corpus.analyzer_options))
    pattern = list(analyzer.analyze(query))
    if not pattern:
        raise ValueError(f"the query {query!r} has no words to search for")
    columns: dict[str, list[Any]] = {
        k: []
        for k in ("document", "unit", "ref", "heading", "start", "end", "left", "keyword", "right")
    }
    if corpus.unit_texts:
        units = _candidates(corpus, pattern)
        texts, refs = corpus.unit_texts, corpus.unit_refs
        offsets = corpus.units["start"].to_numpy()
        headings = corpus.units["heading"].tolist()
        for row in track(units.tolist(), desc="kwic", progress=corpus.progress):
            text = texts[row]
            terms, starts, ends = analyzer.token_arrays(text)
            hits = _find(np.asarray(terms, dtype=object), pattern)
            if not len(hits):
                continue
            last = hits + len(pattern) - 1
            begin, end = starts[hits].tolist(), ends[last].tolist()
            left = starts[np.maximum(0, hits - window)].tolist()
            right = ends[np.minimum(len(terms) - 1, last + window)].tolist()
            base = int(offsets[row])
            name = corpus.names[corpus.unit_documents[row]]
            for a, b, c, e in zip(left, begin, end, right, strict=True):
                columns["document"].append(name)
                columns["unit"].append(row)
                columns["ref"].append(refs[row])
                columns["heading"].append(headings[row])
                columns["start"].append(base + b)
                columns["end"].append(base + c)
                columns["left"].append(text[a:b])
                columns["keyword"].append(text[b:c])
                columns["right"].append(text[c:e])
    frame = pd.DataFrame(columns)
    frame["unit"] = frame["unit"].astype(np.int64)
    frame["start"] = frame["start"].astype(np.int64)
    frame["end"] = frame["end"].astype(np.int64)
    return Concordance(query, window, frame, single=len(corpus.documents) == 1)


def _flat(text: str) -> str:
    return " ".join(text.split())


class Concordance:
    """KWIC lines; ``frame``: document, unit, ref, heading, start, end, left, keyword, right."""

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
