"""Reuse across many texts: units of a corpus, the exact pair search, passages and clusters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import _core
from ._measures import _unit, check_encodable, passage_options, passage_table, slices

LEVELS = ("document", "chapter", "article")
MEASURES = ("jaccard", "containment")
METHODS = ("exact", "minhash")


@dataclass
class Units:
    """Texts to compare, with their names, dates and where they come from.

    ``metadata`` has one row per unit: ``document`` (the document's name), ``chapter`` and
    ``article`` (when the unit is one), ``start`` and ``end`` (character offsets of the unit in
    its document's text; a chapter spans its articles and the blank lines between them).
    """

    texts: list[str]
    names: list[str]
    dates: list[Any] | None = None
    metadata: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __len__(self) -> int:
        return len(self.texts)


def units(corpus: Any, level: str = "document", *, chapter: str | None = None) -> Units:
    """The documents, chapters or articles of a :class:`~treatytext.Corpus` as :class:`Units`.

    Chapters and articles come from the per-clause metadata that
    :func:`treatytext.load_tota` records (``chapter``, ``article_id``); a chapter's text is its
    articles' texts as they stand in the document. ``chapter`` keeps only the chapters whose
    name contains it (case-insensitive, e.g. ``"investment"``). Dates are the documents'
    ``date_signed`` (else ``year``) metadata.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be 'document', 'chapter' or 'article', got {level!r}")
    wanted = chapter.casefold() if chapter is not None else None
    texts: list[str] = []
    names: list[str] = []
    dates: list[Any] = []
    rows: list[dict[str, Any]] = []
    for doc in corpus.documents:
        date = doc.metadata.get("date_signed") or doc.metadata.get("year")
        if level == "document" and wanted is None:
            texts.append(doc.text)
            names.append(doc.name)
            dates.append(date)
            rows.append(
                {
                    "document": doc.name,
                    "chapter": None,
                    "article": None,
                    "start": 0,
                    "end": len(doc.text),
                }
            )
            continue
        extra = doc.clause_metadata or [{} for _ in doc.clauses]
        groups: dict[Any, list[tuple[Any, Any]]] = {}
        for clause, meta in zip(doc.clauses, extra, strict=True):
            name = meta.get("chapter") or ""
            if wanted is not None and wanted not in name.casefold():
                continue
            key = (name, clause.index) if level == "article" else (name,)
            groups.setdefault(key, []).append((clause, meta))
        for key, members in groups.items():
            start = min(c.start for c, _ in members)
            end = max(c.end for c, _ in members)
            article = (
                members[0][1].get("article_id") or members[0][0].label
                if level == "article"
                else None
            )
            label = " — ".join(str(p) for p in (doc.name, key[0] or None, article) if p)
            if level == "document":
                label = doc.name
            texts.append(doc.text[start:end])
            names.append(label)
            dates.append(date)
            rows.append(
                {
                    "document": doc.name,
                    "chapter": key[0] or None,
                    "article": article,
                    "start": start,
                    "end": end,
                }
            )
    if len(set(names)) != len(names):  # e.g. two chapters of one name in a document
        seen: dict[str, int] = {}
        for i, name in enumerate(names):
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                names[i] = f"{name} ({seen[name]})"
    return Units(texts, names, dates, pd.DataFrame(rows))


def date_values(dates: Sequence[Any] | None, n: int) -> np.ndarray:
    """Dates as sortable floats (days since 1970, or the numbers given); NaN where unknown."""
    if dates is None:
        return np.empty(0)
    dates = list(dates)
    if len(dates) != n:
        raise ValueError(f"{len(dates)} dates for {n} texts")
    if all(isinstance(d, (int, float, np.integer, np.floating)) or d is None for d in dates):
        return np.array([np.nan if d is None else float(d) for d in dates], dtype=float)
    stamps = pd.to_datetime(pd.Series(dates, dtype=object), errors="coerce", format="mixed")
    days = (stamps - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)
    return days.to_numpy(dtype=float, na_value=np.nan)


def _inputs(texts: Any, names: Sequence[str] | None, dates: Sequence[Any] | None):
    if isinstance(texts, Units):
        return texts.texts, names or texts.names, dates if dates is not None else texts.dates
    if hasattr(texts, "documents"):  # a Corpus: its documents, dated when they say so
        found = units(texts)
        return found.texts, names or found.names, dates if dates is not None else found.dates
    texts = list(texts)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"text {i} must be str, got {type(text).__name__}")
    return texts, names or [f"text{i + 1}" for i in range(len(texts))], dates


def find(
    texts: Any,
    *,
    q: int = 5,
    threshold: float = 0.3,
    measure: str = "jaccard",
    unit: str = "char",
    names: Sequence[str] | None = None,
    dates: Sequence[Any] | None = None,
    max_df: int | float | None = None,
    keep_digits: bool = False,
    keep_punctuation: bool = False,
    n_jobs: int = 1,
    method: str = "exact",
    num_perm: int = 128,
    bands: int | None = None,
    rows: int | None = None,
    seed: int = 1,
    false_negative_weight: float = 0.5,
) -> ReusePairs:
    """Every pair of texts whose shingle sets reach the threshold, found exactly (or, with
    ``method="minhash"``, the pairs that MinHash/LSH proposes, measured exactly).

    Parameters
    ----------
    texts : list of str, Corpus or Units
        The texts (a Corpus gives its documents; :func:`units` its chapters or articles).
    q : int
        Shingle size: characters (``unit="char"``) or words (``unit="word"``).
    threshold : float
        In (0, 1]: pairs with ``measure >= threshold`` are returned.
    measure : str
        ``"jaccard"``, or ``"containment"``: max(containment_a, containment_b) = |A∩B| /
        min(|A|, |B|), which also reaches the threshold whenever Jaccard does.
    names, dates : sequence, optional
        One per text. With dates the older text of a pair is its ``source``, the other its
        ``target`` (equal or unknown dates: no direction).
    max_df : int or float, optional
        Boilerplate cut: shingles in more than ``max_df`` texts (a float: that share of them)
        are removed from every set before anything is measured.
    n_jobs : int
        Threads (-1: all cores); the result is the same for every value.
    method : str
        ``"exact"`` (the default) or ``"minhash"`` (Jaccard only, see below).
    num_perm, bands, rows, seed : int
        ``method="minhash"``: slots per signature (1 to 4096), the LSH's bands and rows per
        band (``bands * rows <= num_perm``; ``rows`` defaults to ``num_perm // bands``), and
        the seed of the hashes. Without ``bands`` both are chosen from the threshold as
        datasketch's ``MinHashLSH`` does: the least ``(1 - w) * (false positive area) + w *
        (false negative area)`` of the S-curve, ``w = false_negative_weight``.
    false_negative_weight : float
        In [0, 1]; 0.5 (datasketch's choice: 25 x 5 for 0.5 at 128). False positives cost
        only their exact check here, so a weight near 1 trades time for recall (0.95: 26 x 3,
        a pair of Jaccard 0.5 found with probability 0.97).

    The search is exact — the same pairs and values as intersecting every pair of sets (see
    :func:`shingle_similarity` for the measures): an inverted index over the shingles, taken
    rarest first, skips every pair that cannot reach the threshold by the prefix bound — for
    Jaccard, a pair whose smaller set x shares none of its |x| - ceil(2t/(1+t) |x|) + 1 rarest
    shingles with the |y| - ceil(t |y|) + 1 rarest of y (PPJoin), or with |x| < t |y|; for
    containment, one that shares none of the |x| - ceil(t |x|) + 1 rarest shingles of x — and
    stops intersecting a pair once it cannot reach its least overlap.

    ``method="minhash"`` takes its candidates from MinHash/LSH instead: each set's MinHash
    signature (one-permutation hashing with optimal densification: a slot of two signatures
    agrees with probability equal to their Jaccard) is cut into ``bands`` bands of ``rows``
    slots, and the pairs that agree on a whole band (and pass the size filter) are
    candidates. Every candidate is then measured exactly, so each pair returned is a true
    pair with its exact values (precision 1); but a pair of Jaccard s is a candidate only
    with probability about 1 - (1 - s^rows)^bands (the S-curve: at 25 x 5, 0.55 for s = 0.5,
    0.95 for 0.65, 0.99995 for 0.8), so pairs near the threshold can be missed. On the 300
    ToTA agreements at threshold 0.5 it found 84 % of the exact pairs on average over seeds
    1 to 10 (78 % to 93 %), and 99.5 % with ``false_negative_weight=0.95`` (26 x 3; see
    ``benchmarks/reuse.py``). Use it for corpora so large that the exact search's candidates
    are too many — many mutually similar texts at a low threshold: on ToTA's 21,960 article
    units at 0.3 it took 16.5 s of CPU where the exact search took 595 s (160 million
    candidates), at recall 0.92 — and when missing a share of the pairs near the threshold
    is acceptable. ``measure="containment"`` is not supported (a containment bounds Jaccard
    only by a share that falls with the size ratio).
    ``frame.stats`` records the method and, for minhash, ``bands`` and ``rows``.

    Returns
    -------
    ReusePairs
        A DataFrame with columns ``a, b`` (names), ``i, j`` (indices, i < j), ``jaccard``,
        ``containment_a``, ``containment_b``, ``intersection`` and, with dates, ``source``,
        ``target``; :meth:`ReusePairs.passages` aligns a pair, :meth:`ReusePairs.clusters`
        clusters the reused passages of all pairs.
    """
    texts, names, dates = _inputs(texts, names, dates)
    names = [str(n) for n in names]
    if len(names) != len(texts):
        raise ValueError(f"{len(names)} names for {len(texts)} texts")
    if len(set(names)) != len(names):
        raise ValueError("names must be unique")
    if measure not in MEASURES:
        raise ValueError(f"measure must be 'jaccard' or 'containment', got {measure!r}")
    if method not in METHODS:
        raise ValueError(f"method must be 'exact' or 'minhash', got {method!r}")
    if method == "minhash" and measure != "jaccard":
        raise ValueError(
            "method='minhash' estimates Jaccard and cannot bound containment (a containment t "
            "of sets of sizes x <= y only implies Jaccard >= t x / (x + y - t x)); "
            "use method='exact' with measure='containment'"
        )
    if method == "exact" and (bands is not None or rows is not None):
        raise ValueError("bands and rows apply to method='minhash' only")
    for name, value in (("num_perm", num_perm), ("bands", bands), ("rows", rows)):
        if value is not None and (not isinstance(value, (int, np.integer)) or value < 1):
            raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    if not 0.0 <= false_negative_weight <= 1.0:
        raise ValueError(f"false_negative_weight must be in [0, 1], got {false_negative_weight}")
    if not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**64:
        raise ValueError(f"seed must be an integer in [0, 2**64), got {seed!r}")
    cut = 0
    if max_df is not None:
        if isinstance(max_df, float):
            if not 0.0 < max_df <= 1.0:
                raise ValueError(f"a float max_df must be in (0, 1], got {max_df}")
            cut = max(1, int(max_df * len(texts)))
        else:
            cut = int(max_df)
            if cut < 1:
                raise ValueError(f"max_df must be >= 1, got {max_df}")
    day = date_values(dates, len(texts))  # checked before the work
    try:
        found = _core.reuse_find(
            texts,
            _unit(unit),
            q,
            keep_digits,
            keep_punctuation,
            measure,
            threshold,
            cut,
            n_jobs,
            method,
            int(num_perm),
            int(bands or 0),
            int(rows or 0),
            int(seed),
            float(false_negative_weight),
        )
    except TypeError:
        # Strings the core cannot take: say which text and where (encoding every text first
        # would cost as much as a tenth of the search).
        check_encodable(texts)
        raise
    i, j = found["a"], found["b"]
    frame = ReusePairs(
        {
            "a": [names[k] for k in i],
            "b": [names[k] for k in j],
            "i": i,
            "j": j,
            "jaccard": found["jaccard"],
            "containment_a": found["containment_a"],
            "containment_b": found["containment_b"],
            "intersection": found["intersection"],
        }
    )
    if len(day):
        older_a = day[i] < day[j]
        older_b = day[j] < day[i]
        frame["source"] = np.where(older_a, frame["a"], np.where(older_b, frame["b"], None))
        frame["target"] = np.where(older_a, frame["b"], np.where(older_b, frame["a"], None))
    frame.texts, frame.names, frame.dates = (
        texts,
        names,
        (list(dates) if dates is not None else None),
    )
    frame.stats = {
        "set_sizes": found["set_sizes"],
        "candidates": int(found["candidates"]),
        "distinct_shingles": int(found["distinct_shingles"]),
        "n_jobs": n_jobs,
        "method": method,
    }
    if method == "minhash":
        frame.stats.update(
            num_perm=int(num_perm),
            bands=int(found["bands"]),
            rows=int(found["rows"]),
            seed=int(seed),
        )
    return frame


class ReusePairs(pd.DataFrame):
    """The pairs :func:`find` returns, with the texts they refer to."""

    _metadata = ["texts", "names", "dates", "stats"]

    @property
    def _constructor(self):
        return ReusePairs

    def _index_of(self, key: int | str) -> int:
        if isinstance(key, str):
            try:
                return self.names.index(key)
            except ValueError:
                raise KeyError(f"no text named {key!r}") from None
        index = int(key)
        if not 0 <= index < len(self.texts):
            raise IndexError(f"text {index} out of range [0, {len(self.texts)})")
        return index

    def passages(self, i: int | str, j: int | str, min_words: int = 6, **options: Any):
        """The passages of texts i and j (indices or names); see :func:`passages`."""
        from ._measures import passages

        a, b = self._index_of(i), self._index_of(j)
        return passages(
            self.texts[a],
            self.texts[b],
            min_words,
            name_a=self.names[a],
            name_b=self.names[b],
            **options,
        )

    def all_passages(self, min_words: int = 6, *, n_jobs: int | None = None, **options: Any):
        """The passages of every pair of this frame, one row each.

        Columns: ``a, b, i, j`` (the pair), then those of :func:`passages`. Adds the columns
        ``coverage_a``, ``coverage_b`` (share of each text's words inside some passage) and
        ``passages`` (their number) to a copy of the pairs, returned second.
        """
        jobs = self.stats.get("n_jobs", 1) if n_jobs is None else n_jobs
        i = self["i"].to_numpy(dtype=np.int64)
        j = self["j"].to_numpy(dtype=np.int64)
        result = _core.reuse_corpus_passages(
            self.texts, i, j, passage_options(min_words, **options), jobs
        )
        columns, pair = result["passages"], result["pair"]
        ia, jb = i[pair], j[pair]
        frame = pd.DataFrame(
            {
                "a": [self.names[k] for k in ia],
                "b": [self.names[k] for k in jb],
                "i": ia,
                "j": jb,
                **passage_table(columns, self.texts, ia, jb),
            }
        )
        pairs = self.copy()  # still ReusePairs: the texts stay with it (share_matrix, heatmap)
        with np.errstate(invalid="ignore", divide="ignore"):
            pairs["coverage_a"] = np.where(
                result["words_a"] > 0,
                result["covered_a"] / np.maximum(result["words_a"], 1),
                0.0,
            )
            pairs["coverage_b"] = np.where(
                result["words_b"] > 0,
                result["covered_b"] / np.maximum(result["words_b"], 1),
                0.0,
            )
        pairs["passages"] = np.bincount(pair, minlength=len(self)) if len(self) else []
        return frame, pairs

    def clusters(self, min_words: int = 6, **options: Any) -> pd.DataFrame:
        """Clusters of reused passages across all pairs (single link), with inferred sources.

        The two sides of a passage belong to one cluster, and so do overlapping passage
        sides in one text; overlapping members of a cluster in one text are merged. The
        member in the text with the earliest date (NaN last; ties: earlier text) is the
        cluster's ``source``. Columns: ``cluster, document, i, start, end, text, date,
        source`` (bool), ``documents`` (how many texts the cluster spans).
        """
        found, _ = self.all_passages(min_words, **options)
        day = date_values(self.dates, len(self.texts))
        as_int = {
            k: found[k].to_numpy(dtype=np.int64)
            for k in ("i", "start_a", "end_a", "j", "start_b", "end_b")
        }
        c = _core.reuse_clusters(
            len(self.texts),
            as_int["i"],
            as_int["start_a"],
            as_int["end_a"],
            as_int["j"],
            as_int["start_b"],
            as_int["end_b"],
            day,
        )
        source = np.zeros(len(c["cluster"]), dtype=bool)
        source[c["source"]] = True
        doc = c["document"]
        return pd.DataFrame(
            {
                "cluster": c["cluster"],
                "document": [self.names[d] for d in doc],
                "i": doc,
                "start": c["start"],
                "end": c["end"],
                "text": slices(self.texts, doc, c["start"], c["end"]),
                "date": [self.dates[d] if self.dates is not None else None for d in doc],
                "source": source,
                "documents": c["size"][c["cluster"]] if len(doc) else [],
            }
        )

    def share_matrix(self, value: str = "containment_a") -> pd.DataFrame:
        """Texts x texts: row r, column c holds how much of r is found in c (``containment_*``)
        or their Jaccard; pairs below the threshold are 0, the diagonal 1."""
        n = len(self.texts)
        matrix = np.zeros((n, n))
        np.fill_diagonal(matrix, 1.0)
        i, j = self["i"].to_numpy(), self["j"].to_numpy()
        if value == "jaccard":
            matrix[i, j] = matrix[j, i] = self["jaccard"].to_numpy()
        elif value in ("containment_a", "containment"):
            matrix[i, j] = self["containment_a"].to_numpy()
            matrix[j, i] = self["containment_b"].to_numpy()
        else:
            raise ValueError(f"value must be 'jaccard' or 'containment_a', got {value!r}")
        return pd.DataFrame(matrix, index=self.names, columns=self.names)

    def heatmap(self, value: str = "containment_a", *, ax: Any = None, **options: Any):
        """A heatmap of :meth:`share_matrix` (matplotlib Axes); see :mod:`._views`."""
        from ._views import heatmap

        if value == "jaccard":
            options.setdefault("title", "Text reuse: Jaccard similarity of the texts' shingle sets")
            options.setdefault("score", "Jaccard similarity of shingle sets")
        return heatmap(self.share_matrix(value), ax=ax, **options)

    def network(self, value: str = "containment", *, ax: Any = None, **options: Any):
        """The borrowing network, source -> target (needs dates), drawn with matplotlib."""
        from ._views import network

        return network(self, value=value, ax=ax, **options)

    def to_networkx(self, value: str = "containment"):
        """The borrowing network as a networkx.DiGraph (edge attribute ``weight``)."""
        from ._views import to_networkx

        return to_networkx(self, value=value)


__all__ = ["ReusePairs", "Units", "find", "units"]
