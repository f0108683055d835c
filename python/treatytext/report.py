"""Self-contained HTML reports: one file, styles inline, charts embedded as base64 PNG.

Used by the command line (``--html``) and callable from Python:
``open("report.html", "w").write(analysis_report(corpus))``.
"""

from __future__ import annotations

import base64
import datetime as _dt
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import __version__, annotate, display, plots

if TYPE_CHECKING:
    from .corpus import Corpus
    from .stats import Alignment

PAGE_STYLE = """
body {font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto;
  max-width: 75em; color: #1f2328; line-height: 1.4;}
h1 {font-size: 1.6em;} h2 {font-size: 1.3em; border-bottom: 1px solid #d0d7de;
  padding-bottom: 0.2em; margin-top: 1.6em;}
img {max-width: 100%; height: auto;}
footer {margin-top: 3em; color: #6b7280; font-size: 0.85em;}
"""


def figure_png(draw: Callable[[Any], Any], size: tuple[float, float]) -> str:
    """An <img> tag holding the PNG of what ``draw(ax)`` plots (no pyplot state involved)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, layout="constrained")
    draw(figure.add_subplot())
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="chart" src="data:image/png;base64,{encoded}">'


def page(title: str, body: str) -> str:
    """A complete HTML document."""
    stamp = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{display.escape(title)}</title><style>{PAGE_STYLE}</style></head><body>"
        f"<h1>{display.escape(title)}</h1>{body}"
        f"<footer>treatytext {__version__}, {stamp}</footer></body></html>\n"
    )


def _document_section(corpus: Corpus, name: str, top: int, max_heatmap: int) -> str:
    doc = corpus[name]
    parts = [f"<h2>{display.escape(name)}</h2>"]
    meta = {k: v for k, v in doc.metadata.items() if v not in (None, "", [])}
    if meta:
        parts.append(
            '<p class="muted">'
            + "; ".join(f"{display.escape(k)}: {display.escape(v)}" for k, v in meta.items())
            + "</p>"
        )
    parts.append(f"<p>{len(doc.text)} characters, {len(doc.units)} units.</p>")
    if not doc.units:
        return "".join(parts)
    table = corpus.term_frequencies("document")
    terms = table[table["document"] == name].head(top)
    if len(terms):
        parts.append("<h3>Top terms</h3>")
        parts.append(
            figure_png(
                lambda ax: plots.term_frequencies(
                    terms, len(terms), ax=ax, title=f"Top terms: {name}"
                ),
                (6.5, 0.28 * len(terms) + 1.3),
            )
        )
    if 2 <= len(doc.units) <= max_heatmap:
        matrix = corpus.similarity(name)
        side = min(12.0, 3.0 + 0.3 * len(matrix))
        parts.append("<h3>Clause similarity</h3>")
        parts.append(
            figure_png(lambda ax: plots.similarity_heatmap(matrix, ax=ax), (side + 1.5, side))
        )
    # Cross-references link to the clauses they name; defined terms show their definition.
    number = corpus.names.index(name)
    targets, marks = annotate.document_marks(doc, number)
    parts.append(annotate.summary(doc, doc.refs))
    rows = [
        (
            f'<span id="{annotate.clause_anchor(number, u.index)}">{display.escape(ref)}</span>',
            u.kind,
            u.label,
            annotate.annotated(doc, u.start, u.end, marks, 500),
        )
        for ref, u in zip(doc.refs, doc.units, strict=True)
    ]
    parts.append(
        "<h3>Clauses</h3>"
        + display.table(["ref", "kind", "label", "text"], rows, raw=["ref", "text"])
    )
    return "".join(parts)


def _stop_words_label(stop_words: Any) -> str:
    """ "treaty", "none" or "12 words of your own"."""
    if not stop_words:
        return "none"
    if isinstance(stop_words, str):
        return stop_words
    return f"{len(tuple(stop_words))} words of your own"


def analysis_report(
    corpus: Corpus,
    *,
    top: int = 10,
    pairs: int = 10,
    title: str = "treatytext analysis",
    max_heatmap: int = 80,
) -> str:
    """HTML report of a corpus: per document its top terms (chart), clause similarity heatmap
    and clauses; then the most similar clause pairs with shared terms highlighted."""
    body = [
        '<div class="treatytext">',
        display.STYLE,
        annotate.STYLE,
        f"<p>{len(corpus)} document{'s' if len(corpus) != 1 else ''}, "
        f"{len(corpus.unit_texts)} units; stop words: "
        f"{display.escape(_stop_words_label(corpus.analyzer_options.get('stop_words')))}.</p>",
    ]
    for name in corpus.names:
        body.append(_document_section(corpus, name, top, max_heatmap))
    if len(corpus.unit_texts) >= 2 and pairs > 0:
        body.append("<h2>Most similar clause pairs</h2>")
        found = corpus.similar_pairs(pairs)
        body.append(found._repr_html_(max_rows=pairs) if len(found) else "<p>None.</p>")
    body.append("</div>")
    return page(title, "".join(body))


def comparison_report(alignment: Alignment, *, title: str | None = None) -> str:
    """HTML report of an alignment: summary, diagram, pairs, unmatched clauses."""
    tallest = max(alignment.n_a, alignment.n_b, 1)
    diagram = figure_png(
        lambda ax: plots.alignment_diagram(alignment, ax=ax), (8.0, min(14.0, 1.5 + 0.25 * tallest))
    )
    title = title or f"Alignment of {alignment.document_a} with {alignment.document_b}"
    return page(title, diagram + alignment._repr_html_(max_rows=500))
