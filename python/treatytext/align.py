"""Clause alignment of two documents: which clauses of A reappear in B, and which do not.

The engine pairs clauses by cosine similarity of their vectors (one-to-one: each clause used at
most once, best scores first; one-to-many: each clause of A with its best clause of B), above a
threshold. The pairing depends on scores only, not on the clauses' order (unlike passim).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _engine, display
from .document import Document

if TYPE_CHECKING:
    import pandas as pd

    from .corpus import Corpus


def _as_document(value: Document | str, name: str) -> Document:
    if isinstance(value, Document):
        return value
    if isinstance(value, str):
        return Document(value, name)
    raise TypeError(f"expected a Document or str, got {type(value).__name__}")


def align(
    a: Document | str,
    b: Document | str,
    threshold: float = 0.5,
    one_to_one: bool = True,
    *,
    analyzer: dict[str, Any] | None = None,
    weighting: str = "tfidf",
) -> Alignment:
    """Align the units of two documents.

    Parameters
    ----------
    a, b : Document or str
        The documents (texts are segmented with the defaults).
    threshold : float
        Minimum cosine similarity of a pair.
    one_to_one : bool
        Each clause in at most one pair (True), or each clause of A paired with its best
        clause of B, which may then serve several clauses of A (False).
    analyzer, weighting
        Analysis options of the two-document corpus the vectors are weighted in.

    Returns
    -------
    Alignment
    """
    from .corpus import Corpus

    doc_a, doc_b = _as_document(a, "A"), _as_document(b, "B")
    if doc_a.name == doc_b.name:  # a corpus needs distinct names; the documents stay untouched
        doc_a, doc_b = copy.copy(doc_a), copy.copy(doc_b)
        doc_a.name, doc_b.name = f"{doc_a.name} (A)", f"{doc_b.name} (B)"
    corpus = Corpus([doc_a, doc_b], analyzer=analyzer, weighting=weighting)
    return align_in_corpus(corpus, 0, 1, threshold, one_to_one)


def align_in_corpus(
    corpus: Corpus, a: str | int, b: str | int, threshold: float = 0.5, one_to_one: bool = True
) -> Alignment:
    """Align two documents of a corpus, with vectors weighted by the whole corpus."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must lie in [0, 1], got {threshold}")
    da = corpus.names.index(a) if isinstance(a, str) else int(a)
    db = corpus.names.index(b) if isinstance(b, str) else int(b)
    rows_a = np.flatnonzero(corpus.unit_documents == da)
    rows_b = np.flatnonzero(corpus.unit_documents == db)
    if len(rows_a) and len(rows_b):
        vectors = corpus.vectors
        pairs, only_a, only_b = _engine.align(
            vectors[rows_a], vectors[rows_b], threshold, one_to_one, corpus.n_jobs
        )
    else:
        pairs, only_a, only_b = [], list(range(len(rows_a))), list(range(len(rows_b)))
    return Alignment(corpus, da, db, rows_a, rows_b, pairs, only_a, only_b, threshold, one_to_one)


class Alignment:
    """The result of aligning document A with document B.

    Attributes
    ----------
    pairs : DataFrame
        One row per pair: a, ref_a, text_a, b, ref_b, text_b, score, where ``a`` and ``b``
        are positions among the documents' units; ordered by ``a``.
    unmatched_a, unmatched_b : DataFrame
        The units of each side left without a pair (position, ref, text).
    """

    def __init__(
        self,
        corpus: Corpus,
        document_a: int,
        document_b: int,
        rows_a: np.ndarray,
        rows_b: np.ndarray,
        pairs: list[tuple[int, int, float]],
        unmatched_a: list[int],
        unmatched_b: list[int],
        threshold: float,
        one_to_one: bool,
    ) -> None:
        import pandas as pd

        self.corpus = corpus
        self.document_a = corpus.names[document_a]
        self.document_b = corpus.names[document_b]
        self.threshold = threshold
        self.one_to_one = one_to_one
        self.n_a, self.n_b = len(rows_a), len(rows_b)
        refs, texts = corpus.unit_refs, corpus.unit_texts
        self.refs_a = [refs[r] for r in rows_a]
        self.refs_b = [refs[r] for r in rows_b]
        pairs = sorted(pairs, key=lambda p: (p[0], -p[2], p[1]))
        self.pairs = pd.DataFrame(
            {
                "a": [p[0] for p in pairs],
                "ref_a": [refs[rows_a[p[0]]] for p in pairs],
                "text_a": [texts[rows_a[p[0]]] for p in pairs],
                "b": [p[1] for p in pairs],
                "ref_b": [refs[rows_b[p[1]]] for p in pairs],
                "text_b": [texts[rows_b[p[1]]] for p in pairs],
                "score": np.array([p[2] for p in pairs], dtype=np.float64),
            }
        )

        def side(rows: np.ndarray, positions: list[int], tag: str) -> pd.DataFrame:
            positions = sorted(positions)
            return pd.DataFrame(
                {
                    tag: positions,
                    f"ref_{tag}": [refs[rows[i]] for i in positions],
                    f"text_{tag}": [texts[rows[i]] for i in positions],
                }
            )

        self.unmatched_a = side(rows_a, unmatched_a, "a")
        self.unmatched_b = side(rows_b, unmatched_b, "b")

    @property
    def coverage(self) -> tuple[float, float]:
        """Share of A's units and of B's units that have a pair."""
        matched_a = self.pairs["a"].nunique()
        matched_b = self.pairs["b"].nunique()
        return (
            matched_a / self.n_a if self.n_a else 0.0,
            matched_b / self.n_b if self.n_b else 0.0,
        )

    def to_frame(self) -> pd.DataFrame:
        """Pairs and unmatched units in one table with a ``status`` column."""
        import pandas as pd

        matched = self.pairs.assign(status="matched")
        only_a = self.unmatched_a.assign(status="only in A")
        only_b = self.unmatched_b.assign(status="only in B")
        frame = pd.concat([matched, only_a, only_b], ignore_index=True)
        for column in ("a", "b"):
            frame[column] = frame[column].astype("Int64")
        columns = ["status", "a", "ref_a", "text_a", "b", "ref_b", "text_b", "score"]
        return frame[columns]

    def plot(self, ax: Any = None, **options: Any) -> Any:
        """The alignment diagram (see :func:`treatytext.plots.alignment_diagram`)."""
        from .plots import alignment_diagram

        return alignment_diagram(self, ax=ax, **options)

    def summary(self) -> str:
        """One line: pairs, coverage of each side, threshold and mode."""
        cov_a, cov_b = self.coverage
        mode = "one-to-one" if self.one_to_one else "one-to-many"
        return (
            f"{len(self.pairs)} pairs ({mode}, score ≥ {self.threshold:g}); "
            f"{self.document_a}: {self.n_a - len(self.unmatched_a)}/{self.n_a} units matched "
            f"({cov_a:.0%}); {self.document_b}: {self.n_b - len(self.unmatched_b)}/{self.n_b} "
            f"({cov_b:.0%})"
        )

    def __repr__(self) -> str:
        head = f"Alignment of {self.document_a!r} with {self.document_b!r}: {self.summary()}"
        if not len(self.pairs):
            return head
        return (
            head + "\n" + self.pairs[["a", "ref_a", "b", "ref_b", "score"]].to_string(max_rows=30)
        )

    def _repr_html_(self, max_rows: int = 40, limit: int = 300) -> str:
        analyzer = self.corpus.highlighter
        rows = []
        for _, record in self.pairs.head(max_rows).iterrows():
            html_a, html_b = display.highlight_shared(
                record["text_a"], record["text_b"], analyzer, limit
            )
            rows.append((record["ref_a"], html_a, record["ref_b"], html_b, record["score"]))
        a, b = display.escape(self.document_a), display.escape(self.document_b)
        body = (
            f"<h4>Alignment of {a} with {b}</h4>"
            f'<p class="muted">{display.escape(self.summary())}</p>'
            + display.table(
                [
                    f"clause of {self.document_a}",
                    "text A",
                    f"clause of {self.document_b}",
                    "text B",
                    "score",
                ],
                rows,
                raw=["text A", "text B"],
                numeric=["score"],
            )  # fmt: skip
        )
        if len(self.pairs) > max_rows:
            body += f'<p class="muted">{max_rows} of {len(self.pairs)} pairs shown</p>'
        for title, frame, tag in (
            (f"Only in {self.document_a}", self.unmatched_a, "a"),
            (f"Only in {self.document_b}", self.unmatched_b, "b"),
        ):
            if len(frame):
                items = [
                    (ref, display.truncate(text, limit))
                    for ref, text in zip(
                        frame[f"ref_{tag}"][:max_rows], frame[f"text_{tag}"][:max_rows], strict=True
                    )
                ]
                body += f"<h4>{display.escape(title)} ({len(frame)})</h4>" + display.table(
                    ["clause", "text"], items
                )
        return display.wrap(body)
