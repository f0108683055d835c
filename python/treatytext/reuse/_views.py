"""Views of reuse: two texts side by side with linked passages, a heatmap of shares, the
borrowing network (matplotlib; networkx / Gephi export)."""

from __future__ import annotations

import html
import itertools
from typing import Any

import numpy as np
import pandas as pd

from ..display import STYLE

_views = itertools.count(1)  # ids of the side-by-side views of one page stay distinct

SIDE_BY_SIDE_STYLE = """
<style>
.tt-reuse {display: flex; gap: 1em; font-size: 0.9em;}
.tt-reuse > div {flex: 1; max-height: 32em; overflow-y: auto; white-space: pre-wrap;
  border: 1px solid #d0d4da; padding: 0.5em; line-height: 1.35;}
.tt-reuse h4 {margin: 0 0 0.4em 0; position: sticky; top: 0; background: #fff;}
.tt-reuse mark {background: #ffe58f; border-radius: 2px;}
.tt-reuse mark.odd {background: #bae0ff;}
.tt-reuse mark a {color: inherit; text-decoration: none;}
.tt-reuse mark:target {outline: 2px solid #d4380d;}
</style>
"""


def _marked(text: str, spans: list[tuple[int, int, int]], side: str, other: str, view: int) -> str:
    """HTML of text with spans (start, end, passage) marked; each mark links to its twin."""
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces: list[str] = []
    anchored: set[int] = set()
    for left, right in itertools.pairwise(cuts):
        if left >= right:
            continue
        piece = html.escape(text[left:right])
        inside = [p for s, e, p in spans if s <= left and right <= e]
        if not inside:
            pieces.append(piece)
            continue
        p = min(inside)
        anchor = f' id="tt{view}{side}{p}"' if p not in anchored else ""
        anchored.add(p)
        title = "passage " + ", ".join(str(k + 1) for k in sorted(inside))
        css = ' class="odd"' if p % 2 else ""
        pieces.append(
            f'<mark{anchor}{css} title="{title}"><a href="#tt{view}{other}{p}">{piece}</a></mark>'
        )
    return "".join(pieces)


class SideBySide:
    """Two texts side by side, reused passages highlighted; a click on a passage scrolls to
    its counterpart. Shown by Jupyter (``_repr_html_``); :meth:`html` for reports."""

    def __init__(
        self,
        a: str,
        b: str,
        passages: pd.DataFrame,
        name_a: str = "a",
        name_b: str = "b",
        *,
        title: str | None = None,
    ) -> None:
        self.a, self.b, self.passages = a, b, passages
        self.name_a, self.name_b, self.title = name_a, name_b, title

    def html(self) -> str:
        """The view as an HTML fragment (styles included)."""
        view = next(_views)
        rows = list(self.passages[["start_a", "end_a", "start_b", "end_b"]].itertuples(index=False))
        spans_a = [(int(r[0]), int(r[1]), k) for k, r in enumerate(rows)]
        spans_b = [(int(r[2]), int(r[3]), k) for k, r in enumerate(rows)]
        coverage = ""
        if getattr(self.passages, "coverage_a", None) is not None:
            coverage = (
                f" — {self.passages.coverage_a:.0%} of {html.escape(self.name_a)} and "
                f"{self.passages.coverage_b:.0%} of {html.escape(self.name_b)} in passages"
            )
        heading = html.escape(self.title) if self.title else f"{len(rows)} reused passages"
        return (
            f'{STYLE}{SIDE_BY_SIDE_STYLE}<div class="treatytext"><h4>{heading}{coverage}</h4>'
            f'<div class="tt-reuse"><div><h4>{html.escape(self.name_a)}</h4>'
            f"{_marked(self.a, spans_a, 'a', 'b', view)}</div>"
            f"<div><h4>{html.escape(self.name_b)}</h4>{_marked(self.b, spans_b, 'b', 'a', view)}"
            "</div></div></div>"
        )

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return f"SideBySide({self.name_a!r}, {self.name_b!r}, {len(self.passages)} passages)"


def heatmap(
    matrix: pd.DataFrame, *, ax: Any = None, labels: int = 40, cmap: str = "viridis"
) -> Any:
    """A heatmap of a texts x texts share matrix (row r, column c: share of r found in c);
    tick labels when there are at most ``labels`` texts. Returns the matplotlib Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        size = min(12.0, 3 + 0.25 * len(matrix))
        _, ax = plt.subplots(figsize=(size, size))
    image = ax.imshow(matrix.to_numpy(), cmap=cmap, vmin=0.0, vmax=1.0, interpolation="nearest")
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="share of the row text")
    if len(matrix) <= labels:
        ax.set_xticks(
            range(len(matrix)), [str(c)[:30] for c in matrix.columns], rotation=90, fontsize=7
        )
        ax.set_yticks(range(len(matrix)), [str(c)[:30] for c in matrix.index], fontsize=7)
    ax.set_title("text reuse: share of each row's shingles found in the column")
    return ax


def edges(pairs: pd.DataFrame, value: str = "containment") -> pd.DataFrame:
    """Directed edges source -> target of dated pairs; weight: the share of the target found
    in the source (``containment``) or the pair's ``jaccard``."""
    if "source" not in pairs.columns:
        raise ValueError("the borrowing network needs dates: pass dates= to find()")
    directed = pairs[pairs["source"].notna()]
    if value == "jaccard":
        weight = directed["jaccard"]
    elif value == "containment":
        weight = np.where(
            directed["target"] == directed["a"],
            directed["containment_a"],
            directed["containment_b"],
        )
    else:
        raise ValueError(f"value must be 'containment' or 'jaccard', got {value!r}")
    return pd.DataFrame(
        {
            "source": directed["source"].to_numpy(),
            "target": directed["target"].to_numpy(),
            "weight": np.asarray(weight, dtype=float),
        }
    )


def to_networkx(pairs: pd.DataFrame, value: str = "containment") -> Any:
    """The borrowing network as a networkx.DiGraph (``networkx.write_gexf`` saves it for Gephi)."""
    import networkx as nx

    graph = nx.DiGraph()
    for row in edges(pairs, value).itertuples(index=False):
        graph.add_edge(row.source, row.target, weight=float(row.weight))
    return graph


def network(
    pairs: pd.DataFrame,
    value: str = "containment",
    *,
    ax: Any = None,
    top: int = 60,
    min_weight: float = 0.0,
) -> Any:
    """The borrowing network drawn with matplotlib: texts on a circle in date order (oldest at
    the top, clockwise), an arrow source -> target per pair, width and shade by weight; the
    ``top`` heaviest edges at or above ``min_weight``. Returns the matplotlib Axes."""
    import matplotlib.pyplot as plt

    found = edges(pairs, value)
    found = found[found["weight"] >= min_weight].nlargest(top, "weight")
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 9))
    names = list(getattr(pairs, "names", None) or [])
    nodes = [n for n in names if n in set(found["source"]) | set(found["target"])] or sorted(
        set(found["source"]) | set(found["target"])
    )
    angle = {n: np.pi / 2 - 2 * np.pi * k / max(1, len(nodes)) for k, n in enumerate(nodes)}
    place = {n: (np.cos(a), np.sin(a)) for n, a in angle.items()}
    for row in found.itertuples(index=False):
        ax.annotate(
            "",
            xy=place[row.target],
            xytext=place[row.source],
            arrowprops={
                "arrowstyle": "-|>",
                "lw": 0.5 + 3 * row.weight,
                "color": plt.cm.viridis(row.weight),
                "alpha": 0.8,
                "shrinkA": 6,
                "shrinkB": 6,
            },
        )
    for n, (x, y) in place.items():
        ax.plot(x, y, "o", color="#444", markersize=4)
        ax.text(
            1.08 * x,
            1.08 * y,
            str(n)[:28],
            fontsize=7,
            ha="left" if x >= 0 else "right",
            va="center",
        )
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"borrowing network: source -> target, weight = {value}")
    return ax


def reuse_report(
    pairs: pd.DataFrame,
    passages: pd.DataFrame,
    texts: list[str],
    names: list[str],
    *,
    title: str = "treatytext reuse",
    max_views: int = 20,
) -> str:
    """A self-contained HTML page: the pairs table (with coverage when given), a heatmap of
    shares when there are more than two texts, and each pair's texts side by side (the
    ``max_views`` pairs with the most shared shingles)."""
    from .. import display, report

    columns = [
        c
        for c in (
            "a",
            "b",
            "jaccard",
            "containment_a",
            "containment_b",
            "coverage_a",
            "coverage_b",
            "passages",
        )
        if c in pairs.columns
    ]
    rows = [
        [f"{v:.3f}" if isinstance(v, float) else v for v in row]
        for row in pairs[columns].itertuples(index=False)
    ]
    body = [
        '<div class="treatytext">',
        display.STYLE,
        f"<p>{len(texts)} texts, {len(pairs)} pairs reach the threshold.</p>",
        display.table(columns, rows),
    ]
    if len(texts) > 2 and hasattr(pairs, "share_matrix"):
        matrix = pairs.share_matrix()
        body.append(report.figure_png(lambda ax: heatmap(matrix, ax=ax), (8.0, 7.0)))
    for row in pairs.sort_values("intersection", ascending=False).head(max_views).itertuples():
        mine = passages[(passages["i"] == row.i) & (passages["j"] == row.j)]
        view = SideBySide(
            texts[row.i],
            texts[row.j],
            mine,
            names[row.i],
            names[row.j],
            title=f"{names[row.i]} and {names[row.j]}: {len(mine)} passages",
        )
        body.append(view.html())
    body.append("</div>")
    return report.page(title, "".join(body))
