"""Clause similarity: matrices, nearest clauses of a query, most similar pairs, text reuse.

Every score is computed by the engine (cosine of tf-idf vectors, exact top-k without an n x n
matrix); this module picks the rows, passes document ids as groups when same-document pairs
are to be excluded, and lays out the results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import display, plots
from .similarity import cosine_similarity, top_k

if TYPE_CHECKING:
    import pandas as pd

    from .pipeline import Pipeline


def resolve_unit(corpus: Pipeline, query: Any) -> int | None:
    """The unit row a query names, or None for free text."""
    if isinstance(query, str):
        return None
    if isinstance(query, (int, np.integer)):
        n = len(corpus.unit_texts)
        if not -n <= int(query) < n:
            raise IndexError(f"unit {int(query)} out of range for {n} units")
        return int(query) % n
    if isinstance(query, tuple) and len(query) == 2:
        return corpus.unit(*query)
    if all(hasattr(query, a) for a in ("index", "kind", "start", "end", "text")):
        for d, doc in enumerate(corpus.documents):
            for position, unit in enumerate(doc.units):
                if unit is query or (
                    unit.index == query.index
                    and unit.start == query.start
                    and unit.end == query.end
                    and unit.text == query.text
                ):
                    first = int(np.searchsorted(corpus.unit_documents, d))
                    return first + position
        raise ValueError("the clause is not a unit of this corpus")
    raise TypeError(
        "query must be free text (str), a unit row (int), (document, ref) or a Clause; "
        f"got {type(query).__name__}"
    )


def _check_k(k: int, name: str = "k") -> None:
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"{name} must be a positive integer, got {k!r}")


def similarity(
    corpus: Pipeline, document: str | int | None = None, max_units: int = 2000
) -> pd.DataFrame:
    """Unit x unit cosine similarity (of one document if given), labelled by unit."""
    import pandas as pd

    corpus.require_units()
    if document is None:
        rows = np.arange(len(corpus.unit_texts))
    else:
        rows = corpus.document_units(document)
    if len(rows) > max_units:
        raise ValueError(
            f"{len(rows)} units make too large a matrix (max_units={max_units}); "
            "use most_similar() or similar_pairs(), which never build it"
        )
    scores = cosine_similarity(corpus.vectors[rows], n_jobs=corpus.n_jobs)
    if document is not None:
        labels = [corpus.unit_refs[r] for r in rows]
    else:
        labels = [corpus.unit_label(r) for r in rows]
    return pd.DataFrame(scores, index=labels, columns=labels)


def _pair_rows(corpus: Pipeline, a: np.ndarray, b: np.ndarray, scores: np.ndarray) -> pd.DataFrame:
    import pandas as pd

    names = np.asarray(corpus.names, dtype=object)
    refs = np.asarray(corpus.unit_refs, dtype=object)
    texts = np.asarray(corpus.unit_texts, dtype=object)
    docs = corpus.unit_documents
    return pd.DataFrame(
        {
            "score": scores.astype(np.float64),
            "unit_a": a,
            "document_a": names[docs[a]] if len(a) else [],
            "ref_a": refs[a] if len(a) else [],
            "text_a": texts[a] if len(a) else [],
            "unit_b": b,
            "document_b": names[docs[b]] if len(b) else [],
            "ref_b": refs[b] if len(b) else [],
            "text_b": texts[b] if len(b) else [],
        }
    )


def most_similar(
    corpus: Pipeline,
    query: Any,
    k: int = 10,
    *,
    exclude_same_document: bool = False,
    threshold: float | None = None,
) -> Matches:
    """The k units most similar to a unit (row, ``(document, ref)``, Clause) or a free text
    (positive scores only), best first."""
    import pandas as pd

    _check_k(k)
    unit = resolve_unit(corpus, query)
    vectors = corpus.vectors
    if unit is None:
        indices, scores = top_k(
            corpus.transform([query]), k, vectors, threshold=threshold, exclude_self=False,
            n_jobs=corpus.n_jobs,
        )  # fmt: skip
        query_text = query
    else:
        if exclude_same_document:
            groups = corpus.unit_documents[[unit]]
            y_groups = corpus.unit_documents
        else:  # a unit is its own group: only itself is excluded
            groups, y_groups = np.array([unit]), np.arange(vectors.shape[0])
        indices, scores = top_k(
            vectors[[unit]], k, vectors, threshold=threshold, exclude_self=False,
            groups=groups, y_groups=y_groups, n_jobs=corpus.n_jobs,
        )  # fmt: skip
        query_text = corpus.unit_texts[unit]
    keep = (indices[0] >= 0) & (scores[0] > 0)
    hits, hit_scores = indices[0][keep], scores[0][keep]
    frame = pd.DataFrame(
        {
            "rank": np.arange(1, len(hits) + 1),
            "score": hit_scores,
            "unit": hits,
            "document": [corpus.names[corpus.unit_documents[h]] for h in hits],
            "ref": [corpus.unit_refs[h] for h in hits],
            "heading": corpus.units["heading"].to_numpy()[hits].tolist(),
            "text": [corpus.unit_texts[h] for h in hits],
        }
    )
    label = "free text" if unit is None else corpus.unit_label(unit)
    return Matches(corpus, query_text, label, frame)


def _unique_pairs(
    rows: np.ndarray, indices: np.ndarray, scores: np.ndarray, n: int | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unordered pairs (a < b) from top-k lists, best first, ties by (a, b)."""
    a = np.repeat(rows, indices.shape[1])
    b = indices.ravel()
    s = scores.ravel()
    valid = (b >= 0) & np.isfinite(s) & (s > 0)
    a, b, s = a[valid], b[valid], s[valid]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    order = np.lexsort((hi, lo, -s))
    lo, hi, s = lo[order], hi[order], s[order]
    key = lo * (int(max(hi.max(initial=0), lo.max(initial=0))) + 1) + hi
    _, first = np.unique(key, return_index=True)
    first.sort()
    lo, hi, s = lo[first], hi[first], s[first]
    if n is not None:
        lo, hi, s = lo[:n], hi[:n], s[:n]
    return lo, hi, s


def similar_pairs(
    corpus: Pipeline,
    n: int = 10,
    *,
    exclude_same_document: bool = False,
    threshold: float | None = None,
) -> ClausePairs:
    """The n most similar unordered pairs of units (positive scores), best first."""
    _check_k(n, "n")
    vectors = corpus.vectors
    total = vectors.shape[0]
    if total < 2:
        a = b = np.zeros(0, np.int64)
        return ClausePairs(corpus, _pair_rows(corpus, a, b, np.zeros(0)), "most similar pairs")
    # The global top n pairs are each among the top n neighbours of their first unit.
    k = min(n, total - 1)
    groups = corpus.unit_documents if exclude_same_document else None
    indices, scores = top_k(vectors, k, threshold=threshold, groups=groups, n_jobs=corpus.n_jobs)
    a, b, s = _unique_pairs(np.arange(total), indices, scores, n)
    return ClausePairs(corpus, _pair_rows(corpus, a, b, s), "most similar pairs")


def reuse(corpus: Pipeline, document: str | int, threshold: float = 0.8, k: int = 3) -> ClausePairs:
    """Units of ``document`` whose near copies (score >= threshold) occur in other documents."""
    _check_k(k)
    d = corpus.document_index(document)
    rows = corpus.document_units(d)
    vectors = corpus.vectors
    if len(rows) == 0:
        empty = np.zeros(0, np.int64)
        return ClausePairs(corpus, _pair_rows(corpus, empty, empty, np.zeros(0)), "text reuse")
    indices, scores = top_k(
        vectors[rows], k, vectors, threshold=threshold, exclude_self=False,
        groups=np.full(len(rows), d), y_groups=corpus.unit_documents, n_jobs=corpus.n_jobs,
    )  # fmt: skip
    a = np.repeat(rows, indices.shape[1])
    b, s = indices.ravel(), scores.ravel()
    valid = (b >= 0) & np.isfinite(s)
    a, b, s = a[valid], b[valid], s[valid]
    order = np.lexsort((b, a, -s))
    frame = _pair_rows(corpus, a[order], b[order], s[order])
    return ClausePairs(corpus, frame, f"text reuse of {corpus.names[d]} (score ≥ {threshold})")


def document_similarity(corpus: Pipeline) -> pd.DataFrame:
    """Cosine similarity of whole-document vectors, labelled by document names."""
    import pandas as pd

    scores = cosine_similarity(corpus.document_vectors, n_jobs=corpus.n_jobs)
    return pd.DataFrame(scores, index=corpus.names, columns=corpus.names)


def similar_documents(corpus: Pipeline, n: int = 10) -> pd.DataFrame:
    """The n most similar pairs of documents: document_a, document_b, score."""
    import pandas as pd

    _check_k(n, "n")
    vectors = corpus.document_vectors
    total = vectors.shape[0]
    if total < 2:
        return pd.DataFrame({"document_a": [], "document_b": [], "score": []})
    indices, scores = top_k(vectors, min(n, total - 1), n_jobs=corpus.n_jobs)
    a, b, s = _unique_pairs(np.arange(total), indices, scores, n)
    names = np.asarray(corpus.names, dtype=object)
    return pd.DataFrame({"document_a": names[a], "document_b": names[b], "score": s})


def plot_similarity(corpus: Pipeline, document: str | int | None = None, *, ax: Any = None) -> Any:
    """Heatmap of unit x unit similarity (see :func:`treatytext.plots.similarity_heatmap`)."""
    score = plots.similarity_score(corpus.weighting)
    return plots.similarity_heatmap(similarity(corpus, document), ax=ax, score=score)


class ClausePairs:
    """Pairs of units with a similarity score (most similar pairs, text reuse).

    ``frame`` has columns score, unit_a, document_a, ref_a, text_a, unit_b, document_b, ref_b,
    text_b; the notebook view highlights the terms the two texts share.
    """

    def __init__(self, corpus: Pipeline, frame: pd.DataFrame, title: str) -> None:
        self.corpus = corpus
        self.frame = frame.reset_index(drop=True)
        self.title = title

    def to_frame(self) -> pd.DataFrame:
        """The pairs as a DataFrame (a copy)."""
        return self.frame.copy()

    def __len__(self) -> int:
        return len(self.frame)

    def shared_terms(self, row: int) -> list[str]:
        """Terms (single words, analysed) that both texts of pair ``row`` contain, sorted."""
        analyzer = self.corpus.highlighter
        record = self.frame.iloc[row]
        return sorted(
            display.terms_of(record["text_a"], analyzer)
            & display.terms_of(record["text_b"], analyzer)
        )

    def _side(self, record: Any, side: str) -> str:
        if len(self.corpus.documents) == 1:
            return str(record[f"ref_{side}"])
        return f"{record[f'document_{side}']}: {record[f'ref_{side}']}"

    def __repr__(self) -> str:
        if not len(self.frame):
            return f"<{self.title}: none>"
        shown = self.frame[["score", "document_a", "ref_a", "document_b", "ref_b"]]
        return f"{self.title}\n{shown.to_string(max_rows=20)}"

    def _repr_html_(self, max_rows: int = 30, limit: int = 400) -> str:
        analyzer = self.corpus.highlighter
        rows = []
        for _, record in self.frame.head(max_rows).iterrows():
            html_a, html_b, _ = display.highlight_pair(
                record["text_a"], record["text_b"], analyzer, limit
            )
            rows.append(
                (record["score"], self._side(record, "a"), html_a, self._side(record, "b"), html_b)
            )
        columns = ["score", "clause A", "text A", "clause B", "text B"]
        table = display.table(columns, rows, raw=["text A", "text B"], numeric=["score"])
        if len(self.frame) > max_rows:
            table += f'<p class="muted">{max_rows} of {len(self.frame)} pairs shown</p>'
        body = f"<h4>{display.escape(self.title)} ({len(self.frame)})</h4>"
        if len(self.frame) > display.LONG_TABLE_ROWS:
            scores = self.frame["score"]
            best = self.frame.iloc[0]
            body += (
                f"<p>scores {display.number(scores.min())}–{display.number(scores.max())}; "
                f"the best: {display.escape(self._side(best, 'a'))} ↔ "
                f"{display.escape(self._side(best, 'b'))}</p>"
            )
        body += display.collapsible(f"all {len(self.frame)} pairs", table, len(self.frame))
        return display.wrap(body)


class Matches:
    """The units most similar to a query; ``frame``: rank, score, unit, document, ref, text."""

    def __init__(self, corpus: Pipeline, query: str, label: str, frame: pd.DataFrame) -> None:
        self.corpus = corpus
        self.query = query
        self.label = label
        self.frame = frame

    def to_frame(self) -> pd.DataFrame:
        """The matches as a DataFrame (a copy)."""
        return self.frame.copy()

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        head = f"most similar to {self.label}: {display.truncate(self.query, 80)!r}"
        if not len(self.frame):
            return head + "\n(no match)"
        return head + "\n" + self.frame[["rank", "score", "document", "ref"]].to_string()

    def _repr_html_(self, limit: int = 400) -> str:
        analyzer = self.corpus.highlighter
        query_terms = display.terms_of(self.query, analyzer)
        rows = []
        matched: set[str] = set()
        for _, record in self.frame.iterrows():
            shared = query_terms & display.terms_of(record["text"], analyzer)
            matched |= shared
            where = (
                record["ref"]
                if len(self.corpus.documents) == 1
                else f"{record['document']}: {record['ref']}"
            )
            rows.append(
                (
                    record["rank"],
                    record["score"],
                    where,
                    display.highlight(record["text"], shared, analyzer, limit),
                )
            )
        body = (
            f"<h4>Most similar to {display.escape(self.label)}</h4>"
            f"<p>{display.highlight(self.query, matched, analyzer, limit)}</p>"
            + display.table(
                ["rank", "score", "clause", "text"], rows, raw=["text"], numeric=["score"]
            )
        )
        return display.wrap(body)
