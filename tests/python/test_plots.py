"""Plots draw what they are given: bar heights, heatmap labels, alignment links, theme points."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
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
