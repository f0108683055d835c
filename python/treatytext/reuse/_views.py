"""Views of reuse: two texts side by side with linked passages, a heatmap of shares, the
borrowing network (matplotlib; networkx / Gephi export)."""

from __future__ import annotations

import html
import itertools
from typing import Any

import numpy as np
import pandas as pd

from ..display import STYLE

#: Share of each text inside passages from which a pair counts as mostly the same text.
MOSTLY_IN_PASSAGES = 0.6

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
.tt-reuse .tt-diff {background: #ffccc7; text-decoration: underline #cf1322;}
.tt-reuse.same mark, .tt-reuse.same mark.odd {background: #f0f5ff;}
.tt-reuse.same .tt-only {background: #ffccc7;}
</style>
"""


def _marked(
    text: str,
    spans: list[tuple[int, int, int]],
    side: str,
    other: str,
    view: int,
    differing: list[tuple[int, int]] = (),  # type: ignore[assignment]
    same: bool = False,
) -> str:
    """HTML of text with spans (start, end, passage) marked; each mark links to its twin.
    Words in ``differing`` (spans of a passage whose twin words differ) are flagged; when the
    two texts are mostly the same (``same``), text outside every passage is flagged too."""
    cuts = sorted(
        {0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)}
        | {c for span in differing for c in span}
    )
    pieces: list[str] = []
    anchored: set[int] = set()
    for left, right in itertools.pairwise(cuts):
        if left >= right:
            continue
        piece = html.escape(text[left:right])
        if any(s <= left and right <= e for s, e in differing):
            piece = f'<span class="tt-diff">{piece}</span>'
        inside = [p for s, e, p in spans if s <= left and right <= e]
        if not inside:
            pieces.append(f'<span class="tt-only">{piece}</span>' if same else piece)
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


def _covered(spans: list[tuple[int, int, int]], length: int) -> float:
    """Share of a text of ``length`` characters inside the union of the spans."""
    if not length:
        return 0.0
    covered = np.zeros(length, dtype=bool)
    for start, end, _ in spans:
        covered[start:end] = True
    return float(covered.mean())


def passage_differences(
    a: str, b: str, spans_a: list[tuple[int, int, int]], spans_b: list[tuple[int, int, int]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], int]:
    """Spans of the words that differ between each passage and its twin (offsets in a and in
    b), and how many words differ in all."""
    from .. import display

    words = display.words_analyzer()
    out_a: list[tuple[int, int]] = []
    out_b: list[tuple[int, int]] = []
    count = 0
    for (sa, ea, _), (sb, eb, _) in zip(spans_a, spans_b, strict=True):
        tokens_a, tokens_b = words.tokenize(a[sa:ea]), words.tokenize(b[sb:eb])
        diff_a, diff_b, _ = display.differing_spans(tokens_a, tokens_b)
        out_a.extend((sa + s, sa + e) for s, e in diff_a)
        out_b.extend((sb + s, sb + e) for s, e in diff_b)
        count += len(diff_a) + len(diff_b)
    return out_a, out_b, count


class SideBySide:
    """Two texts side by side, reused passages highlighted; a click on a passage scrolls to
    its counterpart. Inside passages the words that differ from the twin are flagged; when
    most of both texts lies in passages, the passages are drawn pale and what differs (the
    words outside passages and inside) stands out. Shown by Jupyter (``_repr_html_``);
    :meth:`html` for reports."""

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
        share_a, share_b = _covered(spans_a, len(self.a)), _covered(spans_b, len(self.b))
        same = min(share_a, share_b) >= MOSTLY_IN_PASSAGES
        diff_a, diff_b, differing = passage_differences(self.a, self.b, spans_a, spans_b)
        coverage = (
            f" — {share_a:.0%} of {html.escape(self.name_a)} and {share_b:.0%} of "
            f"{html.escape(self.name_b)} in passages; {differing} differing stretches of words "
            "inside them"
        )
        if same:
            coverage += " (mostly the same text: what differs is marked red)"
        heading = html.escape(self.title) if self.title else f"{len(rows)} reused passages"
        css = "tt-reuse same" if same else "tt-reuse"
        return (
            f'{STYLE}{SIDE_BY_SIDE_STYLE}<div class="treatytext"><h4>{heading}{coverage}</h4>'
            f'<div class="{css}"><div><h4>{html.escape(self.name_a)}</h4>'
            f"{_marked(self.a, spans_a, 'a', 'b', view, diff_a, same)}</div>"
            f"<div><h4>{html.escape(self.name_b)}</h4>"
            f"{_marked(self.b, spans_b, 'b', 'a', view, diff_b, same)}"
            "</div></div></div>"
        )

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return f"SideBySide({self.name_a!r}, {self.name_b!r}, {len(self.passages)} passages)"


def heatmap(
    matrix: pd.DataFrame,
    *,
    ax: Any = None,
    cmap: str = "viridis",
    title: str = "Text reuse: share of each row text's shingles found in the column text",
    score: str = "share of the row text",
) -> Any:
    """A heatmap of a texts x texts share matrix (row r, column c: share of r found in c),
    drawn by :func:`treatytext.plots.matrix_heatmap`: colours fitted to the off-diagonal
    shares, the diagonal grey, tick labels sized (and thinned beyond
    :data:`treatytext.plots.MAX_TICK_LABELS` texts) by the number of texts. Returns the
    matplotlib Axes."""
    from .. import plots

    return plots.matrix_heatmap(
        matrix,
        ax=ax,
        title=title,
        score=score,
        cmap=cmap,
        label_width=30,
    )


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


def _summary(pairs: pd.DataFrame, n_texts: int, possible: int) -> str:
    """The reuse in a few lines: pairs found among the possible ones, the top pairs."""
    from .. import display

    share = f" ({len(pairs) / possible:.0%} of the {possible} pairs of texts)" if possible else ""
    lines = [f"<li>{n_texts} texts; {len(pairs)} pairs reach the threshold{share}</li>"]
    if len(pairs) and "jaccard" in pairs.columns:
        top = pairs.sort_values("jaccard", ascending=False, kind="stable").head(5)
        named = ", ".join(
            f"{html.escape(str(r.a))} ↔ {html.escape(str(r.b))} ({display.number(r.jaccard)})"
            for r in top.itertuples()
        )
        lines.append(f"<li>most alike (jaccard): {named}</li>")
    if len(pairs) and "passages" in pairs.columns:
        lines.append(f"<li>{int(pairs['passages'].sum())} aligned passages in all</li>")
    return "<ul>" + "".join(lines) + "</ul>"


def reuse_report(
    pairs: pd.DataFrame,
    passages: pd.DataFrame,
    texts: list[str],
    names: list[str],
    *,
    title: str = "treatytext reuse",
    max_views: int = 20,
) -> str:
    """A self-contained HTML page: what the scores mean, a summary (pairs found among the
    possible ones, the most alike), the pairs table (with coverage when given; folded when
    long), a heatmap of shares when there are more than two texts, and each pair's texts side
    by side, each in a ``<details>`` block, the first open (the ``max_views`` pairs with the
    most shared shingles)."""
    from .. import display, plots, report

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
    numeric = [c for c in columns if c not in ("a", "b")]
    rows = list(pairs[columns].itertuples(index=False, name=None))
    possible = len(texts) * (len(texts) - 1) // 2
    body = [
        '<div class="treatytext">',
        display.STYLE,
        '<p class="explain">Two texts form a pair when enough of their word shingles (runs of '
        "words) are shared. <b>jaccard</b>: shared shingles over all the shingles of the two; "
        "<b>containment_a</b> (<b>_b</b>): share of a's (b's) shingles found in the other; "
        "<b>coverage</b>: share of the text inside aligned passages.</p>",
        _summary(pairs, len(texts), possible),
    ]
    table = display.table(columns, rows, numeric=numeric)
    body.append(display.collapsible(f"all {len(pairs)} pairs", table, len(pairs)))
    if len(texts) > 2 and hasattr(pairs, "share_matrix"):
        matrix = pairs.share_matrix()
        body.append(
            report.figure_png(lambda ax: heatmap(matrix, ax=ax), plots.heatmap_size(len(matrix)))
        )
    ranked = pairs.sort_values("intersection", ascending=False).head(max_views)
    for number, row in enumerate(ranked.itertuples()):
        mine = passages[(passages["i"] == row.i) & (passages["j"] == row.j)]
        view = SideBySide(
            texts[row.i],
            texts[row.j],
            mine,
            names[row.i],
            names[row.j],
            title=f"{names[row.i]} and {names[row.j]}: {len(mine)} passages",
        )
        label = html.escape(f"{names[row.i]} and {names[row.j]}, side by side")
        state = " open" if number == 0 else ""
        body.append(f"<details{state}><summary>{label}</summary>{view.html()}</details>")
    body.append("</div>")
    return report.page(title, "".join(body))
