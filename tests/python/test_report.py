"""The HTML report reads well (issue 15 §3): a contents list whose anchors exist, each
document's metadata and article titles, what each score means, heatmap cells and pair rows that
link to clause texts, long tables folded after a summary, distinctive terms by keyness."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
import treatytext as tt
from treatytext import display, plots, report

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "sample-treaty.txt"


class _Page(HTMLParser):
    """Ids, links (with the element they sit in) and <details> blocks of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[tuple[str, str]] = []  # (href, "svg" or "html")
        self.in_svg = 0
        self.in_nav = 0
        self.nav_links: list[str] = []
        self.details = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if "id" in values:
            self.ids.append(str(values["id"]))
        if tag == "svg":
            self.in_svg += 1
        if tag == "nav":
            self.in_nav += 1
        if tag == "details":
            self.details += 1
        href = values.get("href")
        if tag == "a" and href and href.startswith("#"):
            self.links.append((href[1:], "svg" if self.in_svg else "html"))
            if self.in_nav:
                self.nav_links.append(href[1:])

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.in_svg -= 1
        if tag == "nav":
            self.in_nav -= 1


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


@pytest.fixture(scope="module")
def corpus() -> tt.Corpus:
    sample = tt.Document.from_file(SAMPLE)
    variant = tt.Document(
        sample.text.replace("customs", "border").replace("Parties", "Contracting Parties"),
        "variant",
        {"year": 2001, "title": "A variant"},
    )
    other = tt.Document(
        "Article 1 Fisheries\n\nVessels shall respect fishing quotas.\n\n"
        "Article 2 Ports\n\nPorts shall be open to fishing vessels.",
        "fisheries",
    )
    return tt.Corpus([sample, variant, other])


@pytest.fixture(scope="module")
def page(corpus: tt.Corpus) -> str:
    return report.analysis_report(corpus, pairs=15)


def test_contents_list_links_every_section(page: str) -> None:
    parsed = parse(page)
    headings = re.findall(r'<h[23] id="([^"]+)"', page)
    assert parsed.nav_links == headings  # one entry per section, in order
    assert {"documents", "doc0", "doc0-keyness", "doc0-similarity", "doc0-clauses", "pairs"} <= set(
        headings
    )
    assert set(parsed.nav_links) <= set(parsed.ids)


def test_every_link_of_the_report_has_its_target(page: str) -> None:
    parsed = parse(page)
    assert len(parsed.ids) == len(set(parsed.ids))  # ids are unique
    assert len(parsed.links) > 2 * 43 * 43  # two heatmaps' cells, the pairs, the contents
    missing = [href for href, _ in parsed.links if href not in set(parsed.ids)]
    assert missing == []


def test_heatmap_cells_link_to_the_clause_texts(corpus: tt.Corpus, page: str) -> None:
    parsed = parse(page)
    svg_targets = [href for href, where in parsed.links if where == "svg"]
    doc = corpus.documents[0]
    n = len(doc.units)
    clause_ids = {f"d0-c{u.index}" for u in doc.units}
    # every cell of the first document's heatmap links to one of its clauses
    assert sum(1 for t in svg_targets if t in clause_ids) >= n * n
    assert set(svg_targets) <= set(parsed.ids)
    # the document heatmap (three documents) links to the document sections
    assert {"doc0", "doc1", "doc2"} <= set(svg_targets)
    # a cell's hover names both clauses and the score
    first, second = doc.refs[0], doc.refs[1]
    score = corpus.similarity(doc.name).iloc[0, 1]
    assert (
        f"<title>{display.escape(f'{first} × {second}: {display.number(float(score))}')}</title>"
        in page
    )


def test_heatmap_colours_fitted_to_the_pairs(corpus: tt.Corpus, page: str) -> None:
    matrix = corpus.similarity(corpus.names[0]).to_numpy()
    low, high = plots.colour_limits(matrix)
    off = matrix[~np.eye(len(matrix), dtype=bool)]
    assert high == pytest.approx(np.percentile(off, 99.0)) and high < 0.9
    assert f"≥ {display.number(high)}" in page
    assert f"({display.number(low)}–{display.number(high)})" in page  # said in the explanation


def test_pair_rows_link_to_their_clauses(corpus: tt.Corpus, page: str) -> None:
    section = page[page.index('id="pairs"') :]
    targets = re.findall(r'<a href="#(d\d+-c\d+)">', section)
    found = corpus.similar_pairs(15).to_frame()
    assert len(targets) == 2 * len(found)
    first = found.iloc[0]
    d = corpus.names.index(first["document_a"])
    unit = corpus.documents[d].units[int(first["unit_a"]) - int(corpus.document_units(d)[0])]
    assert targets[0] == f"d{d}-c{unit.index}"


def test_metadata_article_titles_and_explanations(corpus: tt.Corpus, page: str) -> None:
    section = page[page.index('id="doc1"') : page.index('id="doc2"')]
    assert "<td>year</td><td>2001</td>" in section and "<td>A variant</td>" in section
    articles = [c for c in corpus.documents[0].clauses if c.kind == "article" and c.title]
    assert articles
    for clause in articles:
        assert f"{display.escape(clause.label)}</a> — {display.escape(clause.title)}" in page
    for key in ("terms", "keyness", "similarity", "clauses", "pairs", "documents"):
        first_words = re.split(r"[{(]", report.EXPLAIN[key])[0][:40]
        assert first_words in page, key


def test_long_tables_fold_short_ones_do_not() -> None:
    long_rows = [(k, "text") for k in range(display.LONG_TABLE_ROWS + 1)]
    short_rows = long_rows[: display.LONG_TABLE_ROWS]
    folded = display.collapsible("all", display.table(["n", "t"], long_rows), len(long_rows))
    plain = display.collapsible("all", display.table(["n", "t"], short_rows), len(short_rows))
    assert folded.startswith("<details><summary>all</summary><table")
    assert "<details" not in plain and plain.startswith("<table")


def test_report_pairs_folded_after_a_summary_when_long(corpus: tt.Corpus) -> None:
    long_page = report.analysis_report(corpus, pairs=15)
    short_page = report.analysis_report(corpus, pairs=5)
    pairs_long = long_page[long_page.index('id="pairs"') :]
    pairs_short = short_page[short_page.index('id="pairs"') :]
    assert "<details><summary>all 15 pairs</summary>" in pairs_long
    assert pairs_long.index("15 pairs, scores") < pairs_long.index("<details>")
    assert "<details" not in pairs_short.split("</footer>")[0].split("<footer>")[0]


def test_distinctive_terms_are_keyness_against_the_rest(corpus: tt.Corpus, page: str) -> None:
    section = page[page.index('id="doc2-keyness"') : page.index('id="doc2-clauses"')]
    expected = corpus.keyness("fisheries")
    expected = expected[(expected["keyness"] > 0) & (expected["p_value"] < report.KEYNESS_P)]
    shown = re.findall(r"<tr><td>([^<]+)</td>", section)
    assert shown == expected["term"].head(10).tolist()
    assert "fishing" in shown


def test_single_document_report_has_no_keyness(corpus: tt.Corpus) -> None:
    page = report.analysis_report(tt.Corpus([corpus.documents[0]]), pairs=3)
    assert 'id="doc0-keyness"' not in page and 'id="doc0-similarity"' in page


def test_comparison_report_links_pairs_to_clause_texts(corpus: tt.Corpus) -> None:
    alignment = corpus.align(0, 1, threshold=0.3)
    page = report.comparison_report(alignment)
    parsed = parse(page)
    assert set(href for href, _ in parsed.links) <= set(parsed.ids)
    assert f'<a href="#a-{int(alignment.a_index[0])}">' in page
    assert "<details><summary>all" in page  # 43 pairs: folded after the summary
    assert page.index("best pairs") < page.index("<details>")


def test_article_list_grouped_by_the_readers_chapters_and_chapter_column() -> None:
    text = "Article 1 Scope\n\nThis applies.\n\nArticle 2 Duties\n\nDuties fall."
    clauses = tt.Document(text).clauses
    chapters = ["Goods" if c.start < text.index("Article 2") else "Services" for c in clauses]
    meta = [{"chapter": chapter} for chapter in chapters]
    doc = tt.Document(text, "tota-like", clauses=clauses, clause_metadata=meta)
    page = report.analysis_report(tt.Corpus([doc]), pairs=0)
    articles = page[page.index('id="doc0-articles"') : page.index('id="doc0-terms"')]
    assert articles.index("<h4>Goods</h4>") < articles.index("Article 1</a>")
    assert articles.index("Article 1</a>") < articles.index("<h4>Services</h4>")
    assert articles.index("<h4>Services</h4>") < articles.index("Article 2</a>")
    assert "<th>chapter</th>" in page and "<td>Services</td>" in page
