"""matplotlib plots: term-frequency bars, a clause similarity heatmap, an alignment diagram and
a 2-D theme map. Each takes an optional ``ax`` and returns the Axes it drew on; without one it
opens a new pyplot figure (shown inline in a notebook).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from .stats import Alignment
    from .themes import Themes


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def term_frequencies(
    table: pd.DataFrame,
    n: int = 20,
    *,
    ax: Any = None,
    column: str = "count",
    title: str | None = None,
) -> Any:
    """Horizontal bars of the ``n`` first rows of a frequency table (term and ``column``),
    the most frequent on top."""
    head = table.head(n)
    ax = _axes(ax, (6.0, 0.28 * len(head) + 1.2))
    positions = np.arange(len(head))
    ax.barh(positions, head[column].to_numpy(), color="#4c72b0")
    ax.set_yticks(positions, [str(t) for t in head["term"]])
    ax.invert_yaxis()
    ax.set_xlabel(column.replace("_", " "))
    ax.set_title(title or f"Top {len(head)} terms")
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def similarity_heatmap(
    matrix: pd.DataFrame,
    *,
    ax: Any = None,
    title: str | None = None,
    cmap: str = "viridis",
    label_width: int = 28,
) -> Any:
    """Heatmap of a labelled unit x unit similarity matrix (e.g. ``Corpus.similarity()``)."""
    n = len(matrix)
    side = min(14.0, 3.0 + 0.32 * n)
    ax = _axes(ax, (side + 1.5, side))
    image = ax.imshow(matrix.to_numpy(), cmap=cmap, vmin=0.0, vmax=1.0, interpolation="nearest")
    labels = [_short(str(label), label_width) for label in matrix.index]
    fontsize = 8 if n <= 40 else 6 if n <= 80 else 0
    if fontsize:
        ax.set_xticks(np.arange(n), labels, rotation=90, fontsize=fontsize)
        ax.set_yticks(np.arange(n), labels, fontsize=fontsize)
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="cosine similarity")
    ax.set_title(title or "Clause similarity")
    return ax


def alignment_diagram(
    alignment: Alignment,
    *,
    ax: Any = None,
    title: str | None = None,
    label_width: int = 30,
) -> Any:
    """A's clauses (left) beside B's (right), each pair linked by a line whose width and
    opacity grow with its score; unmatched clauses are grey."""
    n_a, n_b = alignment.n_a, alignment.n_b
    tallest = max(n_a, n_b, 1)
    ax = _axes(ax, (8.0, min(14.0, 1.5 + 0.25 * tallest)))

    def heights(count: int) -> np.ndarray:
        return np.linspace(0.0, 1.0, count) if count > 1 else np.full(count, 0.5)

    y_a, y_b = heights(n_a), heights(n_b)
    for _, pair in alignment.pairs.iterrows():
        score = min(1.0, max(0.0, float(pair["score"])))
        ax.plot(
            [0.0, 1.0],
            [y_a[pair["a"]], y_b[pair["b"]]],
            color="#d62728",
            linewidth=0.5 + 3.0 * score,
            alpha=0.25 + 0.75 * score,
            zorder=1,
        )
    matched_a = set(alignment.pairs["a"])
    matched_b = set(alignment.pairs["b"])
    for x, ys, matched in ((0.0, y_a, matched_a), (1.0, y_b, matched_b)):
        colours = ["#1f77b4" if i in matched else "#b0b0b0" for i in range(len(ys))]
        ax.scatter(np.full(len(ys), x), ys, c=colours, s=18, zorder=2)
    fontsize = 7 if tallest <= 45 else 0
    if fontsize:
        for y, ref in zip(y_a, alignment.refs_a, strict=True):
            ax.text(-0.03, y, _short(ref, label_width), ha="right", va="center", fontsize=fontsize)
        for y, ref in zip(y_b, alignment.refs_b, strict=True):
            ax.text(1.03, y, _short(ref, label_width), ha="left", va="center", fontsize=fontsize)
    ax.set_xlim(-0.6, 1.6)
    ax.set_ylim(1.05, -0.08)
    ax.set_xticks([0.0, 1.0], [_short(alignment.document_a, 30), _short(alignment.document_b, 30)])
    ax.xaxis.tick_top()
    ax.set_yticks([])
    ax.spines[["left", "right", "bottom", "top"]].set_visible(False)
    ax.set_title(title or f"Alignment (score ≥ {alignment.threshold:g})", pad=24)
    return ax


def theme_map(
    themes: Themes,
    *,
    ax: Any = None,
    title: str | None = None,
    annotate: bool | None = None,
    label_width: int = 40,
) -> Any:
    """Units on their first two LSA coordinates, coloured by theme, the legend naming each
    theme by its top terms; refs written beside the points when there are few."""
    ax = _axes(ax, (8.0, 6.0))
    import matplotlib as mpl

    colours = mpl.colormaps["tab10"]
    coords = themes.coords
    for theme in range(len(themes)):
        members = themes.labels == theme
        ax.scatter(
            coords[members, 0],
            coords[members, 1],
            s=36,
            color=colours(theme % 10),
            label=_short(f"{theme}: {themes.label(theme)}", label_width),
        )
    if annotate is None:
        annotate = len(themes.labels) <= 60
    if annotate:
        for (x, y), ref in zip(coords, themes.corpus.unit_refs, strict=True):
            ax.annotate(ref, (x, y), xytext=(3, 3), textcoords="offset points", fontsize=7)
    ax.set_xlabel("LSA 1")
    ax.set_ylabel("LSA 2")
    ax.legend(fontsize=8, loc="best", frameon=False)
    ax.set_title(title or f"Themes ({themes.method})")
    ax.spines[["top", "right"]].set_visible(False)
    return ax
