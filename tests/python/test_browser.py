"""Tables read well in a real browser (issue 15 §3): prose cells left-aligned, numbers
right-aligned, in a notebook exported with JupyterLab's own template and in the HTML report,
as headless Chromium computes the styles."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import treatytext as tt
from browser import chromium, computed_cell_styles, page_layout
from treatytext import display, plots, report

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "sample-treaty.txt"

pytestmark = pytest.mark.skipif(
    chromium() is None, reason="needs Debian's chromium (scripts/setup.sh installs it)"
)


@pytest.fixture(scope="module")
def corpus() -> tt.Corpus:
    sample = tt.Document.from_file(SAMPLE)
    other = tt.Document(sample.text.replace("Parties", "Contracting Parties"), "variant")
    return tt.Corpus([sample, other])


def lab_export(outputs: list[str]) -> str:
    """A notebook whose cells display ``outputs`` (HTML), exported as ``jupyter nbconvert --to
    html --template lab`` does."""
    nbformat = pytest.importorskip("nbformat")
    nbconvert = pytest.importorskip("nbconvert")
    cells = []
    for number, fragment in enumerate(outputs, start=1):
        cell = nbformat.v4.new_code_cell(f"output_{number}", execution_count=number)
        cell.outputs = [
            nbformat.v4.new_output(
                "execute_result",
                data={"text/html": fragment, "text/plain": "..."},
                execution_count=number,
            )
        ]
        cells.append(cell)
    notebook = nbformat.v4.new_notebook(cells=cells)
    body, _ = nbconvert.HTMLExporter(template_name="lab").from_notebook_node(notebook)
    return body


def check_alignment(cells: list[dict]) -> None:
    assert len(cells) > 20
    wrong = [
        c for c in cells if c["align"] != ("right" if c["numeric"] else "left")
    ]  # prose left, numbers right
    assert not wrong, wrong[:5]
    assert any(c["numeric"] for c in cells) and any(not c["numeric"] for c in cells)


def test_tables_in_a_jupyterlab_export_align_prose_left_numbers_right(corpus: tt.Corpus) -> None:
    keyness = corpus.keyness("variant").head(10)
    outputs = [
        corpus.similar_pairs(5)._repr_html_(),
        corpus.documents[0]._repr_html_(),
        display.wrap(display.frame_html(keyness)),
        corpus.kwic("cooperation")._repr_html_(),
    ]
    page = lab_export(outputs)
    assert "jp-RenderedHTMLCommon" in page  # JupyterLab's own classes and CSS are on the page
    check_alignment(computed_cell_styles(page))


def test_tables_in_the_html_report_align_prose_left_numbers_right(corpus: tt.Corpus) -> None:
    check_alignment(computed_cell_styles(report.analysis_report(corpus)))


def check_layout(layout: dict) -> None:
    assert layout["links"] > 0
    assert layout["missing"] == []  # every in-page link lands on an element
    assert layout["clipped"] == []  # no heatmap label drawn outside its SVG
    assert layout["bad_images"] == []  # charts decoded, none wider than the page
    assert not layout["sideways"]


@pytest.mark.parametrize("width", [1400, 900])
def test_the_report_links_resolve_and_nothing_is_clipped(corpus: tt.Corpus, width: int) -> None:
    fisheries = tt.Document(
        "Article 1 Fisheries\n\nVessels shall respect fishing quotas.\n\n"
        "Article 2 Ports\n\nPorts shall be open to fishing vessels.",
        "fisheries",
    )
    three = tt.Corpus([*corpus.documents, fisheries])
    layout = page_layout(report.analysis_report(three, pairs=15), width)
    check_layout(layout)
    assert layout["svg_texts"] >= 2 * 2 * 43  # row and column labels of the clause heatmaps
    assert layout["images"] == 3  # the top-term bars of each document


def test_the_comparison_report_links_resolve_and_nothing_is_clipped(corpus: tt.Corpus) -> None:
    alignment = corpus.align(0, 1, threshold=0.3)
    layout = page_layout(report.comparison_report(alignment))
    check_layout(layout)
    assert layout["links"] >= 2 * len(alignment)


@pytest.mark.parametrize("n", [3, 12, 80])
def test_svg_heatmap_labels_stay_inside(n: int) -> None:
    rng = np.random.default_rng(n)
    values = rng.uniform(0.0712345, 0.9, size=(n, n))  # bar labels of several digits
    labels = [f"Article {k + 1} paragraph {k % 9 + 1} (long label {k})" for k in range(n)]
    svg = report.svg_heatmap(
        values, labels, [f"c{k}" for k in range(n)], score="cosine", title="t" * 70
    )
    anchors = "".join(f'<p id="c{k}">clause {k}</p>' for k in range(n))
    layout = page_layout(report.page("heatmap", display.wrap(svg + anchors)))
    check_layout(layout)
    step = plots.tick_layout(n)[1]
    assert layout["svg_texts"] == 2 * len(range(0, n, step)) + 3  # labels, title, bar ends
