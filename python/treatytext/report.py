"""Self-contained HTML reports: one file, styles inline, charts embedded as base64 PNG or as
inline SVG (heatmaps, whose cells link to the clause texts).

Used by the command line (``--html``) and callable from Python:
``open("report.html", "w").write(analysis_report(corpus))``.

Layout of the corpus report: a contents list; the documents with their metadata; per document
its article titles, top terms, distinctive terms (keyness against the rest of the corpus),
clause similarity heatmap and clauses (each with an ``id``, the target of every link); then the
most similar clause pairs. Every table and figure has a line saying what its score means.
"""

from __future__ import annotations

import base64
import datetime as _dt
import io
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import __version__, annotate, display, plots

if TYPE_CHECKING:
    from .corpus import Corpus
    from .stats import Alignment

PAGE_STYLE = """
body {font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto;
  max-width: 75em; padding: 0 1em; color: #1f2328; line-height: 1.4;}
h1 {font-size: 1.6em;} h2 {font-size: 1.3em; border-bottom: 1px solid #d0d7de;
  padding-bottom: 0.2em; margin-top: 1.6em;}
img {max-width: 100%; height: auto;}
nav.contents {background: #f6f8fa; border: 1px solid #d0d7de; padding: 0.4em 1em;
  display: inline-block;}
nav.contents ol {margin: 0.2em 0; padding-left: 1.4em;}
svg.tt-heatmap {max-width: 100%; height: auto;}
svg.tt-heatmap a:hover rect {stroke: #d4380d; stroke-width: 1.5;}
:target {scroll-margin-top: 1em;}
tr:target td, span:target {background: #fff1b8;}
footer {margin-top: 3em; color: #6b7280; font-size: 0.85em;}
"""

#: Largest p-value of a term listed as distinctive.
KEYNESS_P = 0.05

#: What each score means, shown beside its table or figure.
EXPLAIN = {
    "terms": "Counts of each term in the document's units after analysis (case folding, "
    "stop words{stop}); a term is a word as the analyzer keeps it.",
    "keyness": "Terms this document uses more than the rest of the corpus (the reference): "
    "keyness is the log-likelihood statistic G², signed + for over-use; log_ratio is the "
    "binary log of the ratio of relative frequencies (1 = twice as frequent); p_value is the "
    "chance of a difference at least this large if both used the term alike; terms with "
    f"p_value &lt; {KEYNESS_P} only.",
    "similarity": "Each cell is the {score} of two units: 1 = the same terms in the same "
    "proportions, 0 = no term in common. The colour scale spans the pairs' values "
    "({low}–{high}), not the diagonal of each unit with itself (grey). Click a cell to read "
    "its row's unit; hover names both units and the score.",
    "documents": "Each cell is the {score} of two whole documents (their units' counts "
    "summed). Click a cell to go to its row's document.",
    "pairs": "The unit pairs with the highest {score} in the corpus. When most words of a "
    "pair are the same, the words that differ are marked red; otherwise the shared terms are "
    "marked yellow. Click a unit to read it in its document.",
    "clauses": "The analysis units: each row is one unit, a leaf of the clause tree (an article, "
    "paragraph, item, lead-in or treaty block); cross-references link to the clause they name.",
}


def figure_png(draw: Callable[[Any], Any], size: tuple[float, float], alt: str = "chart") -> str:
    """An <img> tag holding the PNG of what ``draw(ax)`` plots (no pyplot state involved);
    saved with a tight bounding box so that no label is cut at the edge."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, layout="constrained")
    draw(figure.add_subplot())
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96, bbox_inches="tight", pad_inches=0.08)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{display.escape(alt)}" src="data:image/png;base64,{encoded}">'


def page(title: str, body: str) -> str:
    """A complete HTML document."""
    stamp = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{display.escape(title)}</title><style>{PAGE_STYLE}</style></head><body>"
        f"<h1>{display.escape(title)}</h1>{body}"
        f"<footer>treatytext {__version__}, {stamp}</footer></body></html>\n"
    )


def explain(text: str) -> str:
    """A short paragraph saying what a table or figure shows."""
    return f'<p class="explain">{text}</p>'


# -- SVG heatmaps ---------------------------------------------------------------------------------

_CHAR_WIDTH = 0.6  # average glyph width of a sans-serif face, in ems: enough room for labels


def svg_heatmap(
    values: np.ndarray,
    labels: Sequence[str],
    links: Sequence[str],
    *,
    score: str,
    title: str,
    cmap: str = "viridis",
    label_width: int = 28,
) -> str:
    """A square matrix as an inline SVG heatmap whose cells are links.

    Colours as :func:`treatytext.plots.matrix_heatmap` draws them (scale fitted to the
    off-diagonal values, diagonal grey); cell (i, j) links to ``#links[i]`` and names both
    labels and its score on hover; the row and column labels (thinned as
    :func:`treatytext.plots.tick_layout` says) link to their own targets. The margins are
    sized from the longest label so that none is cut.
    """
    import matplotlib as mpl

    n = len(labels)
    values = np.asarray(values, dtype=np.float64)
    vmin, vmax = plots.colour_limits(values)
    colours = mpl.colormaps[cmap]
    points, step = plots.tick_layout(n)
    font = round(points * 4 / 3, 1)  # CSS pixels
    cell = float(np.clip(640.0 / max(n, 1), 5.0, 36.0))
    shown = [plots._short(str(label), label_width) for label in labels]
    labelled = range(0, n, step)
    longest = max((len(shown[i]) for i in labelled), default=1)
    margin = 8 + _CHAR_WIDTH * font * longest
    grid = cell * n
    bar = 14
    top = 28 + margin  # the title line, then the rotated column labels
    bar_labels = (f"≥ {display.number(vmax)}", f"≤ {display.number(vmin)}")
    width = margin + grid + 24 + bar + 8 + _CHAR_WIDTH * 11 * max(map(len, bar_labels)) + 4
    width = max(width, 4 + _CHAR_WIDTH * 13 * len(title))  # the title line is never cut
    height = top + grid + 12
    out = [
        f'<svg class="tt-heatmap" role="img" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'font-family="system-ui, sans-serif">',
        f"<title>{display.escape(title)}</title>",
        f'<text x="0" y="16" font-size="13" font-weight="600">{display.escape(title)}</text>',
    ]
    for i in range(n):
        for j in range(n):
            value = values[i, j]
            if i == j or not np.isfinite(value):
                fill = plots.DIAGONAL_COLOUR
            else:
                fraction = (min(max(value, vmin), vmax) - vmin) / (vmax - vmin)
                fill = mpl.colors.to_hex(colours(fraction))
            hover = f"{labels[i]} × {labels[j]}: {display.number(float(value))}"
            out.append(
                f'<a href="#{links[i]}"><rect x="{margin + j * cell:.1f}" '
                f'y="{top + i * cell:.1f}" width="{cell:.1f}" height="{cell:.1f}" '
                f'fill="{fill}"><title>{display.escape(hover)}</title></rect></a>'
            )
    for i in labelled:
        centre = top + (i + 0.5) * cell
        out.append(
            f'<a href="#{links[i]}"><text class="tick" x="{margin - 4:.1f}" y="{centre:.1f}" '
            f'font-size="{font}" text-anchor="end" dominant-baseline="central">'
            f"{display.escape(shown[i])}</text></a>"
        )
        x = margin + (i + 0.5) * cell
        out.append(
            f'<a href="#{links[i]}"><text class="tick" x="{x:.1f}" y="{top - 4:.1f}" '
            f'font-size="{font}" text-anchor="start" dominant-baseline="central" '
            f'transform="rotate(-90 {x:.1f} {top - 4:.1f})">{display.escape(shown[i])}</text></a>'
        )
    # The colour bar: a vertical gradient from vmin (bottom) to vmax (top), both labelled.
    bar_x = margin + grid + 24
    stops = "".join(
        f'<stop offset="{k / 10:.1f}" stop-color="{mpl.colors.to_hex(colours(1 - k / 10))}"/>'
        for k in range(11)
    )
    gradient = f"tt-bar-{abs(hash((title, n))) % 10**8}"
    out.append(
        f'<defs><linearGradient id="{gradient}" x1="0" y1="0" x2="0" y2="1">{stops}'
        "</linearGradient></defs>"
        f'<rect x="{bar_x:.1f}" y="{top:.1f}" width="{bar}" height="{grid:.1f}" '
        f'fill="url(#{gradient})"/>'
        f'<text x="{bar_x + bar + 4:.1f}" y="{top + 6:.1f}" font-size="11" '
        f'dominant-baseline="central">{bar_labels[0]}</text>'
        f'<text x="{bar_x + bar + 4:.1f}" y="{top + grid - 6:.1f}" font-size="11" '
        f'dominant-baseline="central">{bar_labels[1]}</text>'
    )
    out.append("</svg>")
    return "".join(out)


# -- the corpus report ----------------------------------------------------------------------------


def _heading_of(clause: Any) -> str:
    """A clause's heading: its ``heading`` when segmentation gives one, else its title."""
    return str(getattr(clause, "heading", "") or getattr(clause, "title", "") or "")


def _article_titles(doc: Any, targets: dict[int, str]) -> list[tuple[str, str, str, str]]:
    """(group, label, heading, anchor) of the document's articles and headed clauses, in order;
    the group is the clause's chapter where the reader gives one (ToTA), else empty."""
    extra = doc.clause_metadata
    found = []
    for clause in doc.clauses:
        heading = _heading_of(clause)
        if clause.kind in ("article", "heading", "part", "chapter", "section") or heading:
            meta = extra[clause.index] if extra is not None else {}
            group = " ".join(str(meta[k]) for k in ("chapter_number", "chapter") if meta.get(k))
            label = clause.label or clause.kind
            found.append((group, label, heading, targets.get(clause.index, "")))
    return found


def _titles_html(titles: list[tuple[str, str, str, str]]) -> str:
    """The article list, under its chapters when there are any, in columns when long."""
    style = ' style="columns: 18em auto;"' if len(titles) > 20 else ""
    parts, group = [], None
    for chapter, label, heading, anchor in titles:
        if chapter != group:
            if group is not None:
                parts.append("</ul>")
            if chapter:
                parts.append(f"<h4>{display.escape(chapter)}</h4>")
            parts.append(f"<ul{style}>")
            group = chapter
        link = (
            f'<a href="#{anchor}">{display.escape(label)}</a>' if anchor else display.escape(label)
        )
        parts.append(f"<li>{link}" + (f" — {display.escape(heading)}" if heading else "") + "</li>")
    parts.append("</ul>")
    return "".join(parts)


def _metadata_table(doc: Any) -> str:
    meta = {k: v for k, v in doc.metadata.items() if v not in (None, "", [])}
    rows = [("name", doc.name), ("characters", len(doc.text)), ("units", len(doc.units))]
    rows += [
        (k, ", ".join(map(str, v)) if isinstance(v, list | tuple) else v)
        for k, v in meta.items()
        if k not in ("name", "characters", "units")
    ]
    return display.table(["field", "value"], rows)


class _Sections:
    """The report's sections, in order, for the contents list: (id, title, level)."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, str, int]] = []

    def heading(self, anchor: str, title: str, level: int = 2) -> str:
        self.entries.append((anchor, title, level))
        tag = f"h{level}"
        return f'<{tag} id="{anchor}">{display.escape(title)}</{tag}>'

    def contents(self) -> str:
        items, depth = [], 2
        for anchor, title, level in self.entries:
            while depth < level:
                items.append("<ol>")
                depth += 1
            while depth > level:
                items.append("</ol></li>")
                depth -= 1
            if items and not items[-1].endswith(("<ol>", "</li>")):
                items.append("</li>")
            items.append(f'<li><a href="#{anchor}">{display.escape(title)}</a>')
        while depth > 2:
            items.append("</ol></li>")
            depth -= 1
        if items and not items[-1].endswith("</li>"):
            items.append("</li>")
        return (
            '<nav class="contents" id="contents"><strong>Contents</strong><ol>'
            + "".join(items)
            + "</ol></nav>"
        )


def _document_section(
    corpus: Corpus,
    number: int,
    sections: _Sections,
    top: int,
    max_heatmap: int,
    keyness_table: Any,
    score: str,
) -> str:
    doc = corpus.documents[number]
    name = doc.name
    base = f"doc{number}"
    parts = [sections.heading(base, name), _metadata_table(doc)]
    if not doc.units:
        return "".join(parts)
    targets, marks = annotate.document_marks(doc, number)
    titles = _article_titles(doc, targets)
    if titles:
        parts.append(sections.heading(f"{base}-articles", "Articles", 3))
        parts.append(
            display.collapsible(f"{len(titles)} articles", _titles_html(titles), len(titles))
        )
    table = corpus.term_frequencies("document")
    terms = table[table["document"] == name].head(top)
    if len(terms):
        stop = corpus.analyzer_options.get("stop_words")
        parts.append(sections.heading(f"{base}-terms", "Top terms", 3))
        parts.append(explain(EXPLAIN["terms"].format(stop=f": {_stop_words_label(stop)}")))
        parts.append(
            figure_png(
                lambda ax: plots.term_frequencies(
                    terms, len(terms), ax=ax, title=f"Top terms: {name}"
                ),
                (6.5, 0.28 * len(terms) + 1.3),
                alt=f"top terms of {name}",
            )
        )
    if keyness_table is not None:
        mine = keyness_table[
            (keyness_table["document"] == name)
            & (keyness_table["keyness"] > 0)
            & (keyness_table["p_value"] < KEYNESS_P)
        ].head(top)
        parts.append(sections.heading(f"{base}-keyness", "Distinctive terms", 3))
        parts.append(explain(EXPLAIN["keyness"]))
        if len(mine):
            columns = ["term", "keyness", "target_count", "reference_count", "log_ratio",
                       "p_value"]  # fmt: skip
            names = {"target_count": "here", "reference_count": "in the rest"}
            shown = mine[columns].rename(columns=names)
            for column in ("here", "in the rest"):  # summed counts: integers
                shown[column] = shown[column].round().astype("int64")
            parts.append(display.frame_html(shown, max_rows=top))
        else:
            parts.append(
                f"<p>No term is used significantly more here (p &lt; {KEYNESS_P}) than in the "
                "rest of the corpus.</p>"
            )
    refs = doc.refs
    anchors = [annotate.clause_anchor(number, u.index) for u in doc.units]
    if 2 <= len(doc.units) <= max_heatmap:
        matrix = corpus.similarity(name)
        low, high = plots.colour_limits(matrix.to_numpy())
        parts.append(sections.heading(f"{base}-similarity", "Unit similarity", 3))
        parts.append(
            explain(
                EXPLAIN["similarity"].format(
                    score=score, low=display.number(low), high=display.number(high)
                )
            )
        )
        parts.append(
            svg_heatmap(matrix.to_numpy(), refs, anchors, score=score, title=f"{name}: {score}")
        )
    elif len(doc.units) > max_heatmap:
        parts.append(
            f'<p class="muted">{len(doc.units)} units: too many for a heatmap '
            f"(max_heatmap={max_heatmap}); see the most similar pairs.</p>"
        )
    parts.append(annotate.summary(doc, refs))
    frame = doc.frame()
    # A heading (when segmentation gives one) and the reader's chapter are context for a clause.
    extra = [c for c in ("heading", "chapter") if c in frame.columns]
    rows = [
        (
            f'<span id="{anchor}">{display.escape(ref)}</span>',
            u.kind,
            u.label,
            *(frame[c].iloc[k] for c in extra),
            annotate.annotated(doc, u.start, u.end, marks, 500),
        )
        for k, (ref, u, anchor) in enumerate(zip(refs, doc.units, anchors, strict=True))
    ]
    parts.append(sections.heading(f"{base}-clauses", "Units", 3))
    parts.append(explain(EXPLAIN["clauses"]))
    clause_table = display.table(
        ["ref", "kind", "label", *extra, "text"], rows, raw=["ref", "text"]
    )
    parts.append(display.collapsible(f"all {len(rows)} units", clause_table, len(rows), open_=True))
    return "".join(parts)


def _stop_words_label(stop_words: Any) -> str:
    """ "treaty", "none" or "12 words of your own"."""
    if not stop_words:
        return "none"
    if isinstance(stop_words, str):
        return stop_words
    return f"{len(tuple(stop_words))} words of your own"


def _pairs_section(corpus: Corpus, pairs: int, score: str, sections: _Sections) -> str:
    found = corpus.similar_pairs(pairs).to_frame()
    parts = [
        sections.heading("pairs", "Most similar unit pairs"),
        explain(EXPLAIN["pairs"].format(score=score)),
    ]
    if not len(found):
        return "".join(parts) + "<p>None.</p>"
    names = corpus.names
    docs = corpus.unit_documents
    analyzer = corpus.highlighter

    def link(unit: int, label: str) -> str:
        d = int(docs[unit])
        clause = corpus.documents[d].units[unit - int(corpus.document_units(d)[0])].index
        text = label if len(names) == 1 else f"{names[d]}: {label}"
        return f'<a href="#{annotate.clause_anchor(d, clause)}">{display.escape(text)}</a>'

    rows = []
    for record in found.itertuples():
        html_a, html_b, _ = display.highlight_pair(record.text_a, record.text_b, analyzer, 400)
        rows.append(
            (
                record.score,
                link(int(record.unit_a), record.ref_a),
                html_a,
                link(int(record.unit_b), record.ref_b),
                html_b,
            )
        )
    columns = ["score", "clause A", "text A", "clause B", "text B"]
    table = display.table(columns, rows, raw=columns[1:], numeric=["score"])
    best = found.iloc[0]
    summary = (
        f"<p>{len(found)} pairs, scores {display.number(found['score'].min())}–"
        f"{display.number(found['score'].max())}; the best: {display.escape(best['ref_a'])} ↔ "
        f"{display.escape(best['ref_b'])}.</p>"
    )
    parts += [summary, display.collapsible(f"all {len(found)} pairs", table, len(found))]
    return "".join(parts)


def analysis_report(
    corpus: Corpus,
    *,
    top: int = 10,
    pairs: int = 10,
    title: str = "treatytext analysis",
    max_heatmap: int = 80,
) -> str:
    """HTML report of a corpus: a contents list; the documents' metadata; per document its
    article titles, top terms (chart), distinctive terms (keyness against the rest of the
    corpus, when there are two documents or more), clause similarity heatmap (SVG, cells
    linking to the clauses) and clauses; then the most similar clause pairs, linked to their
    clauses. Each table and figure says what its score means."""
    sections = _Sections()
    score = plots.similarity_score(corpus.weighting)
    stop = display.escape(_stop_words_label(corpus.analyzer_options.get("stop_words")))
    intro = (
        f"<p>{len(corpus)} document{'s' if len(corpus) != 1 else ''}, "
        f"{len(corpus.unit_texts)} units analysed; weighting: "
        f"{display.escape(corpus.weighting)}; stop words: {stop}.</p>"
    )
    keyness_table = corpus.keyness() if len(corpus) >= 2 and corpus.unit_texts else None
    body = [sections.heading("documents", "Documents")]
    rows = [
        (
            f'<a href="#doc{d}">{display.escape(doc.name)}</a>',
            len(doc.units),
            len(doc.text),
            *(display.escape(doc.metadata.get(k, "")) for k in ("title", "year", "language")),
        )
        for d, doc in enumerate(corpus.documents)
    ]
    columns = ["document", "units", "characters", "title", "year", "language"]
    shown = [c for k, c in enumerate(columns) if k < 3 or any(r[k] for r in rows)]
    body.append(
        display.table(
            shown,
            [[r[k] for k, c in enumerate(columns) if c in shown] for r in rows],
            raw=shown,
            numeric=["units", "characters"],
        )
    )
    if len(corpus) >= 3 and corpus.unit_texts:
        matrix = corpus.document_similarity()
        body.append(sections.heading("document-similarity", "Document similarity", 3))
        body.append(explain(EXPLAIN["documents"].format(score=score)))
        body.append(
            svg_heatmap(
                matrix.to_numpy(),
                corpus.names,
                [f"doc{d}" for d in range(len(corpus))],
                score=score,
                title=f"documents: {score}",
            )
        )
    for number in range(len(corpus)):
        body.append(
            _document_section(corpus, number, sections, top, max_heatmap, keyness_table, score)
        )
    if len(corpus.unit_texts) >= 2 and pairs > 0:
        body.append(_pairs_section(corpus, pairs, score, sections))
    content = (
        '<div class="treatytext">'
        + display.STYLE
        + annotate.STYLE
        + intro
        + sections.contents()
        + "".join(body)
        + "</div>"
    )
    return page(title, content)


def comparison_report(alignment: Alignment, *, title: str | None = None) -> str:
    """HTML report of an alignment: the diagram, a summary, the pairs and unmatched clauses
    (folded when long), each clause ref linking to the clause's text below."""
    tallest = max(alignment.n_a, alignment.n_b, 1)
    diagram = figure_png(
        lambda ax: plots.alignment_diagram(alignment, ax=ax),
        plots.alignment_size(tallest),
        alt="alignment diagram",
    )
    title = title or f"Alignment of {alignment.document_a} with {alignment.document_b}"

    def anchor(side: str, row: int) -> str:
        return f"{side}-{row}"

    texts = []
    for side, name, refs, clause_texts in (
        ("a", alignment.document_a, alignment.refs_a, alignment.texts_a),
        ("b", alignment.document_b, alignment.refs_b, alignment.texts_b),
    ):
        if clause_texts is None:
            continue
        rows = [
            (f'<span id="{anchor(side, k)}">{display.escape(ref)}</span>', text)
            for k, (ref, text) in enumerate(zip(refs, clause_texts, strict=True))
        ]
        table = display.table(["clause", "text"], rows, raw=["clause"])
        texts.append(
            f"<h2>Clauses of {display.escape(name)}</h2>"
            + display.collapsible(f"all {len(rows)} clauses", table, len(rows), open_=True)
        )
    explanation = explain(
        "Clauses are paired by the cosine similarity of their tf-idf vectors (weighted over "
        "the two documents): 1 = the same terms in the same proportions. When most words of a "
        "pair are the same, the words that differ are marked red; otherwise the shared terms "
        "are marked yellow."
    )
    body = (
        '<div class="treatytext">'
        + display.STYLE
        + diagram
        + explanation
        + alignment.html(max_rows=500, anchors=anchor if texts else None)
        + "".join(texts)
        + "</div>"
    )
    return page(title, body)
