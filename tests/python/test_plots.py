"""Plots draw what they are given: bar heights, heatmap labels, alignment links, theme points."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from typing import Any  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.text  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from treatytext import plots  # noqa: E402
from treatytext.align import align_documents as align  # noqa: E402
from treatytext.document import Document  # noqa: E402

TEXT = "\n\n".join(
    [
        "Customs duties on goods shall be eliminated.",
        "Customs duties on industrial goods shall be eliminated.",
        "Disputes go to arbitration.",
        "Fishing vessels and quotas.",
    ]
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_term_frequency_bars() -> None:
    doc = Document(TEXT)
    table = doc.term_frequencies()
    ax = plots.term_frequencies(table, 5)
    heights = [patch.get_width() for patch in ax.patches]
    assert heights == table["count"].head(5).tolist()
    assert [t.get_text() for t in ax.get_yticklabels()] == table["term"].head(5).tolist()


def test_document_plot_shortcuts() -> None:
    doc = Document(TEXT)
    bars = doc.plot_terms(3)
    assert [p.get_width() for p in bars.patches] == doc.top_terms(3)["count"].tolist()
    heat = doc.plot_similarity()
    assert [t.get_text() for t in heat.get_yticklabels()] == doc.refs


def test_similarity_heatmap_labels_and_values() -> None:
    matrix = Document(TEXT).similarity()
    ax = plots.similarity_heatmap(matrix)
    assert [t.get_text() for t in ax.get_xticklabels()] == matrix.columns.tolist()
    assert [t.get_text() for t in ax.get_yticklabels()] == matrix.index.tolist()
    np.testing.assert_allclose(ax.images[0].get_array(), matrix.to_numpy())


def test_alignment_diagram_links_weighted_by_score() -> None:
    a = Document(TEXT, "A")
    b = Document("Customs duties on goods shall be eliminated.\n\nOther matter entirely.", "B")
    result = align(a, b, threshold=0.3, mode="one-to-many")
    ax = result.plot()
    links = ax.get_lines()
    assert len(links) == len(result.pairs) >= 2
    widths = [line.get_linewidth() for line in links]
    scores = result.pairs["score"].tolist()
    assert np.argmax(widths) == np.argmax(scores)
    assert widths[int(np.argmax(scores))] == pytest.approx(0.5 + 3.0 * max(scores))
    labels = {t.get_text() for t in ax.texts}
    assert {"paragraph 1", "paragraph 4"} <= labels


def test_theme_map_one_series_per_theme() -> None:
    themes = Document(TEXT).themes(2)
    ax = themes.plot()
    assert len(ax.collections) == 2
    points = sum(len(c.get_offsets()) for c in ax.collections)
    assert points == 4
    assert [t.get_text() for t in ax.get_legend().get_texts()][0].startswith("0: ")


def _square(n: int, seed: int = 0) -> pd.DataFrame:
    """An n x n symmetric similarity-like matrix: 1.0 on the diagonal, pairs in [0, 0.3]."""
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.0, 0.3, size=(n, n))
    values = (values + values.T) / 2
    np.fill_diagonal(values, 1.0)
    labels = [f"Article {i + 1} paragraph {i % 7 + 1}" for i in range(n)]
    return pd.DataFrame(values, index=labels, columns=labels)


def test_heatmap_colour_scale_fits_the_off_diagonal_values() -> None:
    matrix = _square(12)
    ax = plots.similarity_heatmap(matrix)
    norm = ax.images[0].norm
    off = matrix.to_numpy()[~np.eye(12, dtype=bool)]
    assert norm.vmin == pytest.approx(off.min())
    assert norm.vmax == pytest.approx(np.percentile(off, 99.0))
    assert norm.vmax < 0.3  # the 1.0 diagonal does not stretch the scale
    shown = ax.images[0].get_array()
    assert shown.mask[np.eye(12, dtype=bool)].all() and not shown.mask[0, 1]
    assert plots.colour_limits(np.eye(3)) == (0.0, pytest.approx(1e-3))  # all pairs equal


def test_heatmap_title_says_what_the_score_is() -> None:
    doc = Document(TEXT)
    ax = doc.plot_similarity()
    assert "cosine similarity of tf-idf vectors" in ax.get_title()
    bar = ax.figure.axes[-1]
    assert "cosine similarity of tf-idf vectors" in bar.get_ylabel()


def test_heatmap_tick_labels_sized_by_rows_and_thinned_beyond_the_limit() -> None:
    small = plots.similarity_heatmap(_square(5))
    assert len(small.get_yticklabels()) == 5
    assert {t.get_fontsize() for t in small.get_yticklabels()} == {9.0}
    large = plots.similarity_heatmap(_square(300))
    labels = large.get_yticklabels()
    assert len(labels) == 60 == plots.MAX_TICK_LABELS  # every 5th of 300
    assert labels[1].get_text() == _square(300).index[5]
    assert {t.get_fontsize() for t in labels} == {6.0}
    assert len(large.get_xticklabels()) == 60


def _texts_outside(figure: Any) -> list[str]:
    """Texts the figure draws whose extent leaves the figure (as savefig would cut them); the
    texts are recorded as they are drawn, so tick labels outside the view limits (never drawn)
    do not count."""
    drawn: list[Any] = []
    original = matplotlib.text.Text.draw

    def record(self: Any, renderer: Any) -> None:
        original(self, renderer)
        if self.get_visible() and self.get_text():
            drawn.append((self.get_text(), self.get_window_extent(renderer)))

    matplotlib.text.Text.draw = record
    try:
        figure.canvas.draw()
    finally:
        matplotlib.text.Text.draw = original
    box = figure.bbox
    return [
        text
        for text, extent in drawn
        if extent.x0 < box.x0 - 1
        or extent.y0 < box.y0 - 1
        or extent.x1 > box.x1 + 1
        or extent.y1 > box.y1 + 1
    ]


@pytest.mark.parametrize("n", [5, 40, 300])
def test_heatmap_labels_inside_the_figure(n: int) -> None:
    ax = plots.similarity_heatmap(_square(n))
    assert _texts_outside(ax.figure) == []


def test_reuse_heatmap_fits_its_scale_and_keeps_labels_inside() -> None:
    from treatytext.reuse import heatmap

    matrix = _square(8, seed=3)
    ax = heatmap(matrix)
    off = matrix.to_numpy()[~np.eye(8, dtype=bool)]
    assert ax.images[0].norm.vmax == pytest.approx(np.percentile(off, 99.0))
    assert "shingles" in ax.get_title()
    assert _texts_outside(ax.figure) == []


def test_alignment_diagram_is_labelled_and_inside_the_figure() -> None:
    a = Document(TEXT, "A")
    b = Document("Customs duties on goods shall be eliminated.\n\nOther matter entirely.", "B")
    ax = align(a, b, threshold=0.3).plot()
    assert "cosine similarity" in ax.get_title()
    assert "line joins two aligned clauses" in ax.get_xlabel()
    assert "document order" in ax.get_ylabel()
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "A: A\n(4 clauses)",
        "B: B\n(2 clauses)",
    ]
    assert _texts_outside(ax.figure) == []


def test_theme_legend_names_every_top_term_and_stays_inside() -> None:
    themes = Document(TEXT).themes(2)
    ax = themes.plot()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    for theme, text in enumerate(legend):
        assert "…" not in text
        assert text.replace("\n", " ") == f"{theme}: {themes.label(theme)}"
    assert _texts_outside(ax.figure) == []
