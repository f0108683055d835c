"""Themes: clauses clustered by content, each theme labelled by its top terms.

Two methods, both run by the engine: k-means on LSA vectors (the tf-idf vectors projected on a
few latent dimensions, then l2-normalized, so that k-means follows cosine similarity), or
agglomerative clustering on cosine distance with average linkage. Themes are numbered by size,
largest first; each is labelled with the terms of highest mean tf-idf weight among its clauses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import display, plots, stats

if TYPE_CHECKING:
    import pandas as pd

    from .pipeline import Pipeline

METHODS = ("kmeans", "agglomerative")


def _renumber_by_size(labels: np.ndarray) -> np.ndarray:
    """Theme 0 is the largest; ties go to the theme met first in document order."""
    values, first, sizes = np.unique(labels, return_index=True, return_counts=True)
    order = np.lexsort((first, -sizes))
    mapping = np.empty(values.max() + 1 if len(values) else 0, dtype=np.int64)
    mapping[values[order]] = np.arange(len(values))
    return mapping[labels]


def themes(
    corpus: Pipeline,
    n_themes: int = 4,
    *,
    method: str = "kmeans",
    n_components: int = 50,
    top: int = 5,
    seed: int = 0,
) -> Themes:
    """Units clustered into ``n_themes`` themes: k-means on LSA vectors, or agglomerative on
    cosine distance (see the module docstring); each theme labelled by its ``top`` terms."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}; got {method!r}")
    vectors = corpus.vectors
    n_units, n_terms = vectors.shape
    if not 1 <= n_themes <= n_units:
        raise ValueError(f"n_themes must lie between 1 and the {n_units} units, got {n_themes}")
    rank = max(1, min(n_components, n_units - 1, n_terms - 1))
    latent = np.asarray(
        stats.lsa(vectors, n_components=rank, seed=seed, n_jobs=corpus.n_jobs).embedding,
        dtype=np.float64,
    )
    if method == "kmeans":
        norms = np.linalg.norm(latent, axis=1, keepdims=True)
        unit_latent = np.divide(latent, norms, out=np.zeros_like(latent), where=norms > 0)
        clusters = stats.kmeans(unit_latent, n_themes, seed=seed, n_jobs=corpus.n_jobs)
    else:
        clusters = stats.agglomerative(vectors, n_themes, linkage="average", n_jobs=corpus.n_jobs)
    labels = clusters.labels
    labels = _renumber_by_size(np.asarray(labels, dtype=np.int64))
    coords = latent[:, :2] if latent.shape[1] >= 2 else np.c_[latent[:, :1], np.zeros(n_units)]

    centroids = stats.cluster_terms(vectors, labels, corpus.terms, n=top)
    return Themes(corpus, labels, [list(row) for row in centroids.terms], coords, method)


class Themes:
    """Clusters of units. ``labels[i]`` is the theme of unit ``i``; ``top_terms[t]`` label
    theme ``t``; ``coords`` are 2-D LSA coordinates of the units for :meth:`plot`."""

    def __init__(
        self,
        corpus: Pipeline,
        labels: np.ndarray,
        top_terms: list[list[str]],
        coords: np.ndarray,
        method: str,
    ) -> None:
        self.corpus = corpus
        self.labels = labels
        self.top_terms = top_terms
        self.coords = coords
        self.method = method

    def __len__(self) -> int:
        return len(self.top_terms)

    def label(self, theme: int) -> str:
        """The theme's top terms joined: "defence, security, peace"."""
        return ", ".join(self.top_terms[theme])

    def summary(self) -> pd.DataFrame:
        """One row per theme: theme, size, label (top terms)."""
        import pandas as pd

        sizes = np.bincount(self.labels, minlength=len(self))
        return pd.DataFrame(
            {
                "theme": np.arange(len(self)),
                "size": sizes,
                "label": [self.label(t) for t in range(len(self))],
            }
        )

    def assignments(self) -> pd.DataFrame:
        """One row per unit: document, ref, theme, text (index: unit row)."""
        import pandas as pd

        corpus = self.corpus
        frame = pd.DataFrame(
            {
                "document": [corpus.names[d] for d in corpus.unit_documents],
                "ref": corpus.unit_refs,
                "theme": self.labels,
                "text": corpus.unit_texts,
            }
        )
        frame.index.name = "unit"
        return frame

    def members(self, theme: int) -> pd.DataFrame:
        """The units of one theme."""
        frame = self.assignments()
        return frame[frame["theme"] == theme]

    def plot(self, ax: Any = None, **options: Any) -> Any:
        """The 2-D theme map (see :func:`treatytext.plots.theme_map`)."""
        return plots.theme_map(self, ax=ax, **options)

    def __repr__(self) -> str:
        return f"Themes ({self.method}, {len(self)}):\n" + self.summary().to_string(index=False)

    def _repr_html_(self, per_theme: int = 6, limit: int = 160) -> str:
        parts = [f"<h4>{len(self)} themes ({display.escape(self.method)})</h4>"]
        assignments = self.assignments()
        single = len(self.corpus.documents) == 1
        for theme in range(len(self)):
            members = assignments[assignments["theme"] == theme]
            rows = [
                (
                    r["ref"] if single else f"{r['document']}: {r['ref']}",
                    display.truncate(r["text"], limit),
                )
                for _, r in members.head(per_theme).iterrows()
            ]
            parts.append(
                f"<p><b>Theme {theme}</b> ({len(members)} clauses): "
                f"{display.escape(self.label(theme))}</p>" + display.table(["clause", "text"], rows)
            )
        return display.wrap("".join(parts))
