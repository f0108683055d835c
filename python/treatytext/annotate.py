"""Clause text as HTML with its cross-references and defined terms marked, for reports.

A reference becomes a link to the clause it resolves to (an external one is marked with the
instrument it names on hover); a defined term, where it is defined and wherever it is used, is
underlined and shows its definition on hover.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from . import display

STYLE = """
<style>
.treatytext a.xref {color: #0b57d0; text-decoration: none; border-bottom: 1px solid #0b57d0;}
.treatytext span.xref-external {border-bottom: 1px dashed #8250df; cursor: help;}
.treatytext span.xref-unresolved {border-bottom: 1px dotted #6b7280; cursor: help;}
.treatytext dfn, .treatytext abbr.term {font-style: normal; text-decoration: underline dotted;
  text-decoration-thickness: 1px; cursor: help;}
.treatytext dfn {font-weight: 600;}
</style>
"""

_DEFINITION_HOVER = 300  # characters of a definition shown on hover


def clause_anchor(document: int, clause: int) -> str:
    """The HTML id of a clause's row in a report."""
    return f"d{document}-c{clause}"


def link_targets(doc: Any, document: int) -> dict[int, str]:
    """For each clause of ``doc``, the anchor of the unit row that shows it: its own row, or
    the first unit inside it (a heading is not a unit; its first paragraph is)."""
    unit_indices = [u.index for u in doc.units]
    targets: dict[int, str] = {}
    for clause in doc.clauses:
        begin = min(clause.label_start, clause.start)
        for unit in doc.units:
            if unit.index == clause.index or (begin <= unit.start and unit.end <= clause.end):
                targets[clause.index] = clause_anchor(document, unit.index)
                break
    for index in unit_indices:
        targets[index] = clause_anchor(document, index)
    return targets


def _marks(doc: Any, targets: Mapping[int, str]) -> list[tuple[int, int, str, str]]:
    """(start, end, opening tag, closing tag) of every mark in the document, in text order,
    without overlaps (the earlier, then the longer one wins)."""
    marks: list[tuple[int, int, str, str]] = []
    for ref in doc.references:
        if ref.external:
            title = f"{ref.target} of {ref.instrument}"
            marks.append(
                (
                    ref.start,
                    ref.end,
                    f'<span class="xref-external" title="{display.escape(title)}">',
                    "</span>",
                )
            )
        elif ref.clause is not None and ref.clause in targets:
            target_text = " ".join(doc.clauses[ref.clause].text.split())
            title = f"{ref.target}: {display.truncate(target_text, 200)}"
            marks.append(
                (
                    ref.start,
                    ref.end,
                    f'<a class="xref" href="#{targets[ref.clause]}" '
                    f'title="{display.escape(title)}">',
                    "</a>",
                )
            )
        else:
            title = f"{ref.target} (not found in this text)"
            marks.append(
                (
                    ref.start,
                    ref.end,
                    f'<span class="xref-unresolved" title="{display.escape(title)}">',
                    "</span>",
                )
            )
    for definition in doc.definitions:
        hover = display.escape(
            display.truncate(" ".join(definition.text.split()), _DEFINITION_HOVER)
        )
        marks.append(
            (definition.term_start, definition.term_end, f'<dfn title="{hover}">', "</dfn>")
        )
        for start, end in definition.uses:
            marks.append((start, end, f'<abbr class="term" title="{hover}">', "</abbr>"))
    marks.sort(key=lambda m: (m[0], -m[1]))
    kept: list[tuple[int, int, str, str]] = []
    for mark in marks:
        if kept and mark[0] < kept[-1][1]:
            continue
        kept.append(mark)
    return kept


def annotated(
    doc: Any, start: int, end: int, marks: Sequence[tuple[int, int, str, str]], limit: int | None
) -> str:
    """HTML of ``doc.text[start:end]`` (cut near ``limit`` characters) with the marks inside it."""
    text = doc.text[start:end]
    shown = display.truncate(text, limit)
    cut = end if shown == text else start + len(shown.removesuffix(" …"))
    parts: list[str] = []
    position = start
    for mark_start, mark_end, opening, closing in marks:
        if mark_start < position or mark_end > cut:
            continue
        parts.append(display.escape(doc.text[position:mark_start]))
        parts.append(opening + display.escape(doc.text[mark_start:mark_end]) + closing)
        position = mark_end
    parts.append(display.escape(doc.text[position:cut]))
    if cut < end:
        parts.append(" …")
    return "".join(parts)


def document_marks(
    doc: Any, document: int
) -> tuple[dict[int, str], list[tuple[int, int, str, str]]]:
    """(link targets, marks) of a document, for :func:`annotated`."""
    targets = link_targets(doc, document)
    return targets, _marks(doc, targets)


def summary(doc: Any, refs: Sequence[str]) -> str:
    """HTML paragraphs and a table: how many references resolve, and the defined terms."""
    references = doc.references
    internal = [r for r in references if not r.external]
    resolved = [r for r in internal if r.clause is not None]
    parts = []
    if references:
        parts.append(
            f"<p>{len(references)} cross-reference{'s' if len(references) != 1 else ''}: "
            f"{len(internal)} internal ({len(resolved)} linked to their clause), "
            f"{len(references) - len(internal)} to other instruments.</p>"
        )
    if doc.definitions:
        by_index = {u.index: ref for u, ref in zip(doc.units, refs, strict=True)}
        rows = []
        for d in doc.definitions:
            where = by_index.get(
                d.clause, doc.clauses[d.clause].label if d.clause is not None else ""
            )
            rows.append(
                (d.term, where, len(d.uses), display.truncate(" ".join(d.text.split()), 300))
            )
        parts.append("<h3>Defined terms</h3>")
        parts.append(
            display.table(["term", "defined in", "uses", "definition"], rows, numeric=["uses"])
        )
    return "".join(parts)
