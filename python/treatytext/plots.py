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


#: Percentiles of the off-diagonal values that bound a heatmap's colour scale: the 1.0 of the
#: diagonal (a unit against itself) would otherwise stretch the scale so that pairs near 0.25
#: all look alike; the top 1% (a few near-copies) are drawn in the top colour.
COLOUR_PERCENTILES = (0.0, 99.0)
#: Most tick labels drawn on one axis of a heatmap; beyond it every k-th unit is labelled.
MAX_TICK_LABELS = 60
#: Grey of the masked diagonal: a unit compared with itself tells nothing.
DIAGONAL_COLOUR = "#d9d9d9"


def off_diagonal(matrix: Any) -> np.ndarray:
    """The finite values of a square matrix off its diagonal (all finite values if not square)."""
    values = np.asarray(matrix, dtype=np.float64)
    if values.ndim == 2 and values.shape[0] == values.shape[1]:
        values = values[~np.eye(values.shape[0], dtype=bool)]
    values = values.ravel()
    return values[np.isfinite(values)]


def colour_limits(matrix: Any) -> tuple[float, float]:
    """(vmin, vmax) of a heatmap: the :data:`COLOUR_PERCENTILES` of the off-diagonal values;
    (0, 1) when there are none, widened to a non-empty range when they are all equal."""
    values = off_diagonal(matrix)
    if not len(values):
        return 0.0, 1.0
    low, high = (float(v) for v in np.percentile(values, COLOUR_PERCENTILES))
    if high <= low:
        high = low + (abs(low) * 1e-3 or 1e-3)
    return low, high


def tick_layout(n: int) -> tuple[float, int]:
    """(font size in points, step between labelled units) for a heatmap of ``n`` rows:
    9 pt for a handful, shrinking to 6 pt at :data:`MAX_TICK_LABELS`; beyond it 6 pt on every
    k-th unit so that at most :data:`MAX_TICK_LABELS` labels are drawn (the others by hover in
    notebooks, by the links of the HTML report)."""
    if n <= 0:
        return 9.0, 1
    size = float(np.clip(9.0 - 3.0 * (n - 10) / (MAX_TICK_LABELS - 10), 6.0, 9.0))
    step = max(1, -(-n // MAX_TICK_LABELS))
    return size, step


def heatmap_size(n: int) -> tuple[float, float]:
    """Figure size (inches) of an ``n`` x ``n`` heatmap with its labels and colour bar."""
    side = min(13.0, 4.0 + 0.2 * min(n, MAX_TICK_LABELS))
    return side + 2.0, side + 0.8


def matrix_heatmap(
    matrix: pd.DataFrame,
    *,
    ax: Any = None,
    title: str,
    score: str,
    cmap: str = "viridis",
    label_width: int = 28,
) -> Any:
    """A labelled square matrix as a heatmap: colours fitted to the off-diagonal values
    (:func:`colour_limits`), the diagonal drawn grey, tick labels sized and thinned by
    :func:`tick_layout`, the colour bar labelled ``score``."""
    import matplotlib as mpl

    n = len(matrix)
    ax = _axes(ax, heatmap_size(n))
    values = matrix.to_numpy(dtype=np.float64)
    vmin, vmax = colour_limits(values)
    shown = np.ma.masked_invalid(values)
    if values.ndim == 2 and values.shape[0] == values.shape[1]:
        shown = np.ma.masked_where(np.eye(n, dtype=bool) | shown.mask, values)
    colours = mpl.colormaps[cmap].with_extremes(bad=DIAGONAL_COLOUR)
    image = ax.imshow(shown, cmap=colours, vmin=vmin, vmax=vmax, interpolation="nearest")
    size, step = tick_layout(n)
    rows = np.arange(0, n, step)
    columns = np.arange(0, values.shape[1] if values.ndim == 2 else 0, step)
    ax.set_xticks(
        columns,
        [_short(str(matrix.columns[i]), label_width) for i in columns],
        rotation=90,
        fontsize=size,
    )
    ax.set_yticks(rows, [_short(str(matrix.index[i]), label_width) for i in rows], fontsize=size)
    beyond = bool((off_diagonal(values) > vmax).any())
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.8, extend="max" if beyond else "neither")
    bar.set_label(f"{score} (scale fitted to the pairs; diagonal grey)", fontsize=8)
    bar.ax.tick_params(labelsize=8)
    ax.set_title(title, fontsize=10, wrap=True)
    return ax


#: What the weighting presets are called in titles.
WEIGHTING_NAMES = {"tfidf": "tf-idf", "bm25": "BM25", "tf": "relative-frequency",
                   "count": "count", "binary": "binary"}  # fmt: skip


def similarity_score(weighting: str) -> str:
    """What a corpus similarity is: "cosine similarity of tf-idf vectors"."""
    return f"cosine similarity of {WEIGHTING_NAMES.get(weighting, weighting)} vectors"


def similarity_heatmap(
    matrix: pd.DataFrame,
    *,
    ax: Any = None,
    title: str | None = None,
    cmap: str = "viridis",
    label_width: int = 28,
    score: str = "cosine similarity of tf-idf vectors",
) -> Any:
    """Heatmap of a labelled unit x unit similarity matrix (e.g. ``Corpus.similarity()``),
    drawn by :func:`matrix_heatmap`; ``score`` names what the values are."""
    return matrix_heatmap(
        matrix,
        ax=ax,
        title=title or f"Clause similarity: {score}",
        score=score,
        cmap=cmap,
        label_width=label_width,
    )


def alignment_size(tallest: int) -> tuple[float, float]:
    """Figure size (inches) of an alignment diagram whose longer side has ``tallest`` clauses."""
    return 9.0, min(14.0, 3.0 + 0.25 * tallest)


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
    ax = _axes(ax, alignment_size(tallest))

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
    ax.set_ylim(1.04, -0.04)
    ax.set_xticks(
        [0.0, 1.0],
        [
            f"A: {_short(alignment.document_a, 30)}\n({n_a} clauses)",
            f"B: {_short(alignment.document_b, 30)}\n({n_b} clauses)",
        ],
        fontsize=9,
    )
    ax.xaxis.tick_top()
    ax.set_yticks([])
    ax.set_ylabel("document order ↓", fontsize=8)
    ax.spines[["left", "right", "bottom", "top"]].set_visible(False)
    ax.set_xlabel(
        "a line joins two aligned clauses: the wider and darker, the higher the cosine "
        "similarity; grey dots: clauses without a pair",
        fontsize=8,
        wrap=True,
    )
    ax.set_title(
        title or f"Clause alignment: cosine similarity ≥ {alignment.threshold:g}, {alignment.mode}",
        fontsize=10,
    )
    return ax


def theme_map(
    themes: Themes,
    *,
    ax: Any = None,
    title: str | None = None,
    annotate: bool | None = None,
    label_width: int = 32,
) -> Any:
    """Units on their first two LSA coordinates, coloured by theme, the legend (beside the
    axes) naming each theme by its top terms, wrapped at ``label_width`` characters; refs
    written beside the points when there are few."""
    import textwrap

    import matplotlib as mpl

    ax = _axes(ax, (10.0, 6.0))
    colours = mpl.colormaps["tab10"]
    coords = themes.coords
    for theme in range(len(themes)):
        members = themes.labels == theme
        # Wrapped, not cut: the legend names the theme by all its top terms.
        label = textwrap.fill(f"{theme}: {themes.label(theme)}", label_width)
        ax.scatter(
            coords[members, 0], coords[members, 1], s=36, color=colours(theme % 10), label=label
        )
    if annotate is None:
        annotate = len(themes.labels) <= 60
    if annotate:
        for (x, y), ref in zip(coords, themes.corpus.unit_refs, strict=True):
            ax.annotate(ref, (x, y), xytext=(3, 3), textcoords="offset points", fontsize=7)
    ax.set_xlabel("LSA 1")
    ax.set_ylabel("LSA 2")
    # Outside the axes (constrained layout makes room): never over the points, never cut.
    ax.legend(
        fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, title="themes"
    )
    ax.set_title(title or f"Themes ({themes.method})")
    ax.spines[["top", "right"]].set_visible(False)
    return ax
