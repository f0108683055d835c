"""Alignment: pair the clauses of document A with those of document B."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import display, plots
from .._core import analysis as _analysis
from ._common import choice, n_threads, pandas, positive_int, sparse_parts

_MODES = ("one-to-one", "one-to-many")


@dataclass(frozen=True, eq=False)
class Alignment:
    """Matched pairs of A's and B's clauses (sorted by ``a_index``) and those left unmatched.

    :func:`align` fills the arrays; ``Corpus.align`` (:func:`treatytext.align.align`) also
    names the two documents and gives each clause its ref and text, for the tables, the
    summary, the diagram (:meth:`plot`) and the notebook view.

    Attributes
    ----------
    a_index, b_index : ndarray of int64
        Row of A and row of B of each pair (positions among each document's units).
    score : ndarray of float64
        Cosine similarity of the pair.
    unmatched_a, unmatched_b : ndarray of int64
        Rows of A (of B) in no pair, ascending.
    exact : bool
        False when one-to-one fell back to the greedy matching (large inputs).
    n_a, n_b : int
        Rows (clauses) of A and of B.
    mode : {"one-to-one", "one-to-many"}
    threshold : float
    document_a, document_b : str
        Names of the two sides ("A", "B" unless told).
    refs_a, refs_b : list of str
        Reference of each clause ("Article 4 2."); their row numbers unless told.
    texts_a, texts_b : list of str or None
        Text of each clause, when known.
    highlighter : Analyzer or None
        The analyzer whose shared terms the notebook view marks.
    """

    a_index: np.ndarray
    b_index: np.ndarray
    score: np.ndarray
    unmatched_a: np.ndarray
    unmatched_b: np.ndarray
    exact: bool
    n_a: int
    n_b: int
    mode: str = "one-to-one"
    threshold: float = 0.0
    document_a: str = "A"
    document_b: str = "B"
    refs_a: list[str] = field(default_factory=list)
    refs_b: list[str] = field(default_factory=list)
    texts_a: list[str] | None = None
    texts_b: list[str] | None = None
    highlighter: Any = None

    def __post_init__(self) -> None:
        for side, n in (("a", self.n_a), ("b", self.n_b)):
            if not getattr(self, f"refs_{side}"):
                object.__setattr__(self, f"refs_{side}", [str(i) for i in range(n)])

    def __len__(self) -> int:
        return len(self.score)

    def _side(self, side: str, rows: np.ndarray) -> dict[str, Any]:
        refs = np.asarray(getattr(self, f"refs_{side}"), dtype=object)
        columns: dict[str, Any] = {side: rows, f"ref_{side}": refs[rows] if len(rows) else []}
        texts = getattr(self, f"texts_{side}")
        if texts is not None:
            columns[f"text_{side}"] = np.asarray(texts, dtype=object)[rows] if len(rows) else []
        return columns

    @property
    def pairs(self) -> Any:
        """One row per pair, ordered by ``a``: a, ref_a, text_a, b, ref_b, text_b, score
        (text columns when the texts are known)."""
        pd = pandas()
        return pd.DataFrame(
            {
                **self._side("a", self.a_index),
                **self._side("b", self.b_index),
                "score": np.asarray(self.score, dtype=np.float64),
            }
        )

    @property
    def only_a(self) -> Any:
        """A's clauses without a pair: a, ref_a, text_a."""
        return pandas().DataFrame(self._side("a", self.unmatched_a))

    @property
    def only_b(self) -> Any:
        """B's clauses without a pair: b, ref_b, text_b."""
        return pandas().DataFrame(self._side("b", self.unmatched_b))

    @property
    def coverage(self) -> tuple[float, float]:
        """Share of A's clauses and of B's clauses that have a pair."""
        matched_a = len(np.unique(self.a_index))
        matched_b = len(np.unique(self.b_index))
        return (
            matched_a / self.n_a if self.n_a else 0.0,
            matched_b / self.n_b if self.n_b else 0.0,
        )

    def to_frame(self) -> Any:
        """Pairs and unmatched clauses in one table with a ``status`` column ("matched",
        "only in A", "only in B"); ``a``/``b`` are nullable integers."""
        pd = pandas()
        matched = self.pairs.assign(status="matched")
        only_a = self.only_a.assign(status="only in A")
        only_b = self.only_b.assign(status="only in B")
        frame = pd.concat([matched, only_a, only_b], ignore_index=True)
        for column in ("a", "b"):
            frame[column] = frame[column].astype("Int64")
        return frame[["status", *(c for c in matched.columns if c != "status")]]

    def summary(self) -> str:
        """One line: pairs, coverage of each side, threshold and mode."""
        cov_a, cov_b = self.coverage
        return (
            f"{len(self)} pairs ({self.mode}, score ≥ {self.threshold:g}); "
            f"{self.document_a}: {self.n_a - len(self.unmatched_a)}/{self.n_a} units matched "
            f"({cov_a:.0%}); {self.document_b}: {self.n_b - len(self.unmatched_b)}/{self.n_b} "
            f"({cov_b:.0%})"
        )

    def plot(self, ax: Any = None, **options: Any) -> Any:
        """The alignment diagram (see :func:`treatytext.plots.alignment_diagram`)."""
        return plots.alignment_diagram(self, ax=ax, **options)

    def __repr__(self) -> str:
        head = f"Alignment of {self.document_a!r} with {self.document_b!r}: {self.summary()}"
        if not len(self):
            return head
        shown = self.pairs[["a", "ref_a", "b", "ref_b", "score"]]
        return head + "\n" + shown.to_string(max_rows=30)

    def _repr_html_(self, max_rows: int = 200, limit: int = 300) -> str:
        return display.wrap(self.html(max_rows=max_rows, limit=limit))

    def html(self, max_rows: int = 200, limit: int = 300, anchors: Any = None) -> str:
        """The view as an HTML fragment: a summary first (pairs, coverage, scores, the best
        pairs), then the pairs and each side's unmatched clauses, each folded in a
        ``<details>`` block when longer than :data:`treatytext.display.LONG_TABLE_ROWS` rows.
        A pair that is mostly the same text shows the words that differ; another its shared
        terms. ``anchors(side, row)`` may give the id of a clause's text to link each ref to."""
        pairs = self.pairs
        a, b = display.escape(self.document_a), display.escape(self.document_b)

        def ref(side: str, row: int, text: str) -> str:
            target = anchors(side, row) if anchors is not None else None
            label = display.escape(text)
            return f'<a href="#{target}">{label}</a>' if target else label

        rows, differing = [], 0
        for _, record in pairs.head(max_rows).iterrows():
            html_a, html_b, same = self._texts_html(record, limit)
            differing += same
            rows.append(
                (
                    ref("a", int(record["a"]), record["ref_a"]),
                    html_a,
                    ref("b", int(record["b"]), record["ref_b"]),
                    html_b,
                    record["score"],
                )
            )
        columns = [f"clause of {self.document_a}", "text A", f"clause of {self.document_b}",
                   "text B", "score"]  # fmt: skip
        raw = [columns[0], "text A", columns[2], "text B"]
        body = f"<h4>Alignment of {a} with {b}</h4>" + self._summary_html(differing)
        if len(pairs):
            table = display.table(columns, rows, raw=raw, numeric=["score"])
            if len(pairs) > max_rows:
                table += f'<p class="muted">{max_rows} of {len(pairs)} pairs shown</p>'
            body += display.collapsible(f"all {len(pairs)} pairs", table, len(pairs))
        for title, frame, tag in (
            (f"Only in {self.document_a}", self.only_a, "a"),
            (f"Only in {self.document_b}", self.only_b, "b"),
        ):
            if len(frame):
                texts = frame.get(f"text_{tag}", [""] * len(frame))
                items = [
                    (ref(tag, int(row), r), display.escape(display.truncate(text, limit)))
                    for row, r, text in zip(
                        frame[tag][:max_rows],
                        frame[f"ref_{tag}"][:max_rows],
                        list(texts)[:max_rows],
                        strict=True,
                    )
                ]
                heading = f"{display.escape(title)} ({len(frame)} clauses)"
                table = display.table(["clause", "text"], items, raw=["clause", "text"])
                body += f"<h4>{heading}</h4>" + display.collapsible(heading, table, len(frame))
        return body

    def _summary_html(self, differing: int) -> str:
        """Counts, coverage, score range and the best pairs, in a few lines."""
        cov_a, cov_b = self.coverage
        lines = [
            f"<li>{len(self)} pairs ({display.escape(self.mode)}, cosine similarity ≥ "
            f"{self.threshold:g})</li>",
            f"<li>{display.escape(self.document_a)}: {self.n_a - len(self.unmatched_a)} of "
            f"{self.n_a} clauses matched ({cov_a:.0%}); {display.escape(self.document_b)}: "
            f"{self.n_b - len(self.unmatched_b)} of {self.n_b} ({cov_b:.0%})</li>",
        ]
        if len(self):
            scores = np.asarray(self.score, dtype=np.float64)
            lines.append(
                f"<li>scores: median {display.number(float(np.median(scores)))}, range "
                f"{display.number(float(scores.min()))}–{display.number(float(scores.max()))}; "
                f"{int((scores >= 0.999).sum())} pairs identical in their terms, {differing} "
                "shown as differences (mostly the same words)</li>"
            )
            best = np.argsort(-scores, kind="stable")[:3]
            names = ", ".join(
                f"{display.escape(self.refs_a[self.a_index[k]])} ↔ "
                f"{display.escape(self.refs_b[self.b_index[k]])} "
                f"({display.number(float(scores[k]))})"
                for k in best
            )
            lines.append(f"<li>best pairs: {names}</li>")
        return "<ul>" + "".join(lines) + "</ul>"

    def _texts_html(self, record: Any, limit: int) -> tuple[str, str, bool]:
        text_a, text_b = record.get("text_a", ""), record.get("text_b", "")
        if self.highlighter is None:
            return (
                display.escape(display.truncate(text_a, limit)),
                display.escape(display.truncate(text_b, limit)),
                False,
            )
        return display.highlight_pair(text_a, text_b, self.highlighter, limit)


def _result(raw: dict, n_a: int, n_b: int, mode: str, threshold: float) -> Alignment:
    return Alignment(
        raw["a_index"],
        raw["b_index"],
        raw["score"],
        raw["unmatched_a"],
        raw["unmatched_b"],
        bool(raw["exact"]),
        n_a,
        n_b,
        mode,
        float(threshold),
    )


def align(
    X_a: Any,
    X_b: Any,
    *,
    threshold: float = 0.0,
    mode: str = "one-to-one",
    candidates: int = 10,
    exact_max_cells: int = 4_000_000,
    n_jobs: int | None = 1,
) -> Alignment:
    """Pairs each clause of A with its best match in B by cosine similarity of their vectors.

    A pair needs a score > 0 and >= ``threshold``. ``"one-to-one"`` finds a maximum-weight
    matching (each clause used at most once, the sum of scores maximal): exact (Hungarian) when
    ``rows_a * rows_b <= exact_max_cells``, else greedy by descending score over each clause's
    ``candidates`` best partners in both directions. ``"one-to-many"`` gives each clause of A
    its best clause of B, which may serve several clauses of A. Permuting the clauses permutes
    the result (exactly tied scores aside).

    Parameters
    ----------
    X_a, X_b : scipy.sparse matrix or array-like
        Clause vectors (e.g. tf-idf) of A and B over the same vocabulary.
    threshold : float
    mode : {"one-to-one", "one-to-many"}
    candidates : int
        Partners per clause considered by the greedy fallback.
    exact_max_cells : int
        Largest ``rows_a * rows_b`` solved exactly.
    n_jobs : int or None
        Threads for the similarity search.

    Returns
    -------
    Alignment
    """
    choice(mode, "mode", _MODES)
    a = sparse_parts(X_a, "X_a")
    b = sparse_parts(X_b, "X_b")
    if a[4] != b[4]:
        raise ValueError(
            f"X_a has {a[4]} columns but X_b has {b[4]}; vectorize both with one vocabulary"
        )
    raw = _analysis.align(
        *a,
        *b,
        mode=mode,
        threshold=float(threshold),
        candidates=positive_int(candidates, "candidates"),
        exact_max_cells=positive_int(exact_max_cells, "exact_max_cells", minimum=0),
        n_threads=n_threads(n_jobs),
    )
    return _result(raw, a[3], b[3], mode, threshold)


def align_scores(scores: Any, *, threshold: float = 0.0, mode: str = "one-to-one") -> Alignment:
    """Aligns from a precomputed ``rows_a x rows_b`` similarity table (larger is better, NaN =
    no pair); one-to-one is always exact here. See :func:`align` for the rules."""
    choice(mode, "mode", _MODES)
    table = np.ascontiguousarray(scores, dtype=np.float64)
    if table.ndim != 2:
        raise ValueError(f"scores must be 2-dimensional, got an array of shape {table.shape}")
    raw = _analysis.align_scores(table, mode=mode, threshold=float(threshold))
    return _result(raw, table.shape[0], table.shape[1], mode, threshold)
