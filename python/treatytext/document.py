"""Document: one text (a treaty, an agreement, a factbox) seen as clauses.

The clauses come from the engine's segmenter (or, for corpora whose structure is known, such as
ToTA, from the source's own articles). *Clauses* are the nodes of the segmentation tree;
analysis works on *units*, clauses chosen from it: by default the leaves (a bullet, a numbered
paragraph, an item, a lead-in, a recital; sentences only when asked). With the leaves as units,
every character of text that carries words lies in one unit or in the title of a heading above
units (see :meth:`Document.text_outside_units` and docs/segmentation.md).
"""

from __future__ import annotations

import functools
import os
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import display
from .segment import CLAUSE_KINDS, segment

if TYPE_CHECKING:
    import pandas as pd

    from .io import SourceMap
    from .references import Definition, Reference

#: The clause kinds (the core's, in code order): article, paragraph, item, bullet, sentence,
#: lead-in, preamble, recital, enacting, testimonium.
KINDS = CLAUSE_KINDS
#: What ``units=`` accepts besides a clause kind.
UNIT_MODES = ("leaves", "sentences", "top")


def check_units(units: str) -> str:
    """``units`` if it names a unit mode or a clause kind; ValueError otherwise."""
    if units not in UNIT_MODES and units not in KINDS:
        choices = ", ".join(repr(u) for u in UNIT_MODES + KINDS)
        raise ValueError(f"units must be one of {choices}; got {units!r}")
    return units


class Document:
    """A text with a name, metadata and clauses.

    Parameters
    ----------
    text : str
        The full text.
    name : str, optional
        A short name used in tables and plots (default ``"document"``).
    metadata : mapping, optional
        Anything known about the text (date, parties, language ...).
    units : str
        Which clauses are the units of analysis: ``"leaves"`` (default: clauses without
        children, sentences not split off), ``"sentences"`` (leaves split into sentences),
        ``"top"`` (top-level clauses) or a clause kind (``"article"``, ``"paragraph"``,
        ``"item"``, ``"bullet"``, ``"sentence"``, ``"lead-in"``, ``"preamble"``, ``"recital"``,
        ``"enacting"``, ``"testimonium"``).
    segment_options : mapping, optional
        Options for :func:`treatytext.segment.segment` (``headings``, ``numbered``, ``items``,
        ``bullets``, ``abbreviations``).
    clauses : sequence of Clause, optional
        Clauses known from the source; the text is then not segmented.
    clause_metadata : sequence of mapping, optional
        Per-clause extra fields (e.g. ToTA chapter), aligned with ``clauses``.

    Notes
    -----
    The analysis verbs of a corpus are also methods of a document, run on :attr:`corpus`, the
    document alone as a :class:`treatytext.Corpus` with the default options:
    ``term_frequencies``, ``top_terms``, ``similarity``, ``most_similar``, ``similar_pairs``,
    ``kwic``, ``collocations``, ``themes``, ``plot_terms`` and ``plot_similarity``
    (:mod:`treatytext.corpus` adds them, with the verbs' own signatures and docstrings).
    """

    def __init__(
        self,
        text: str,
        name: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        *,
        units: str = "leaves",
        segment_options: Mapping[str, Any] | None = None,
        clauses: Sequence[Any] | None = None,
        clause_metadata: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        if not isinstance(text, str):
            raise TypeError(f"text must be str, got {type(text).__name__}")
        self.text = text
        self.name = "document" if name is None else str(name)
        self.metadata: dict[str, Any] = dict(metadata or {})
        self.units_mode = check_units(units)
        self.segment_options: dict[str, Any] = dict(segment_options or {})
        if clauses is not None:
            self.__dict__["clauses"] = list(clauses)
        if clause_metadata is not None:
            if clauses is None or len(clause_metadata) != len(clauses):
                raise ValueError("clause_metadata needs clauses of the same length")
        self.clause_metadata = [dict(m) for m in clause_metadata] if clause_metadata else None
        #: Where each stretch of ``text`` came from in its file (set by :meth:`from_file`).
        self.source_map: SourceMap | None = None

    @classmethod
    def from_file(
        cls,
        path: str | os.PathLike[str],
        name: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        *,
        errors: str = "strict",
        format: str | None = None,
        **options: Any,
    ) -> Document:
        """A document read from a file: text, Markdown, HTML, PDF, DOCX or ToTA XML.

        The reader is chosen by the file's content, then its extension (``format=`` forces
        one; see :mod:`treatytext.io`); the name is the file stem unless given. The document's
        :attr:`source_map` leads from every clause back to its place in the file (PDF page,
        HTML element, DOCX paragraph, text line). PDF, DOCX and HTML need the ``[readers]``
        extra. ValueError says what is wrong with a file that gives no text (for a text file
        that is not UTF-8: the byte offset and what the bytes look like, with how to read
        them); a file without text (empty, white space only) is read with a warning, since it
        adds no clause to any analysis.
        """
        from .io import read

        extracted = read(path, format=format, errors=errors)
        if not extracted.text.strip():
            what = "is empty" if not extracted.text else "holds only white space"
            warnings.warn(f"{path} {what}: it adds no units", UserWarning, stacklevel=2)
        meta = {"path": str(path), **extracted.metadata, **dict(metadata or {})}
        if extracted.clauses is not None:  # the format gave its clauses (ToTA)
            doc = cls(
                extracted.text,
                name or extracted.metadata.get("name") or Path(path).stem,
                meta,
                units=check_units(options.get("units") or "article"),
                clauses=extracted.clauses,
                clause_metadata=extracted.clause_metadata,
            )
        else:
            doc = cls(extracted.text, name or Path(path).stem, meta, **options)
        doc.source_map = extracted.source_map
        return doc

    # -- structure -------------------------------------------------------------------------

    @functools.cached_property
    def clauses(self) -> list[Any]:
        """Every clause of the hierarchy in document order."""
        sentences = self.units_mode in ("sentences", "sentence")
        return list(segment(self.text, sentences=sentences, **self.segment_options))

    @functools.cached_property
    def units(self) -> list[Any]:
        """The clauses analysed as units, in document order."""
        clauses = self.clauses
        mode = self.units_mode
        if mode in ("leaves", "sentences"):
            parents = {c.parent for c in clauses if c.parent is not None}
            return [c for c in clauses if c.index not in parents]
        if mode == "top":
            return [c for c in clauses if c.parent is None]
        return [c for c in clauses if c.kind == mode]

    @functools.cached_property
    def headings(self) -> list[str]:
        """For each unit, the headings above it from the top down, each its marker and title,
        joined by " / " ("PART I GENERAL PROVISIONS / Article 1 Objectives"); "" when none. A
        source that knows its own headings (ToTA: chapter and article names) gives them in the
        clause metadata field ``heading`` instead."""
        if self.clause_metadata is not None and any("heading" in m for m in self.clause_metadata):
            return [str(self.clause_metadata[u.index].get("heading") or "") for u in self.units]
        by_index = {c.index: c for c in self.clauses}
        result = []
        for unit in self.units:
            names = []
            node = by_index.get(unit.parent) if unit.parent is not None else None
            while node is not None:
                if node.kind == "article":
                    names.append(" ".join(part for part in (node.label, node.title) if part))
                node = by_index.get(node.parent) if node.parent is not None else None
            result.append(" / ".join(reversed(names)))
        return result

    def text_outside_units(self) -> list[tuple[int, int]]:
        """The stretches of text with words (letters or digits) that no unit holds, as
        ``(start, end)`` code-point spans, trimmed.

        A character counts as held when it lies in a unit's text, in a clause's marker
        ("Article 4", "2.", "(a)") or in the title of a heading ("Objectives"). With the leaves
        as units (``units="leaves"`` or ``"sentences"``) the segmenter leaves nothing out and
        this is empty: the rule of docs/segmentation.md. Other unit modes leave out what they
        do not choose (``units="top"`` holds only the top-level clauses' texts ...).
        """
        held = bytearray(len(self.text))
        for unit in self.units:
            held[unit.start : unit.end] = b"\1" * (unit.end - unit.start)
        for clause in self.clauses:
            marker_end = clause.label_start + len(clause.label)
            held[clause.label_start : marker_end] = b"\1" * (marker_end - clause.label_start)
            if clause.title:
                title_end = clause.start + len(clause.title)
                held[clause.start : title_end] = b"\1" * (title_end - clause.start)
        spans = []
        text = self.text
        position, end = 0, len(text)
        while position < end:
            start = held.find(0, position)
            if start < 0:
                break
            stop = held.find(1, start)
            stop = end if stop < 0 else stop
            piece = text[start:stop]
            if any(ch.isalnum() for ch in piece):
                lead = len(piece) - len(piece.lstrip())
                spans.append((start + lead, start + len(piece.rstrip())))
            position = stop
        return spans

    @functools.cached_property
    def refs(self) -> list[str]:
        """A short, unique, readable reference for each unit ("Article 4 2.", "bullet 3")."""
        return unit_refs(self.clauses, self.units)

    @functools.cached_property
    def _references_and_definitions(self) -> tuple[list[Reference], list[Definition]]:
        from .references import find_references

        return find_references(self.text, self.clauses)

    @property
    def references(self) -> list[Reference]:
        """Cross-references ("paragraph 2 of Article 4", "Article 51 of the U.N. Charter"),
        each with the clause it resolves to when internal (see :mod:`treatytext.references`)."""
        return self._references_and_definitions[0]

    @property
    def definitions(self) -> list[Definition]:
        """Defined terms (``"investment" means ...``) with their defining clause and later uses."""
        return self._references_and_definitions[1]

    def frame(self) -> pd.DataFrame:
        """The units as a DataFrame: clause (index in :attr:`clauses`), ref, kind, label,
        heading (see :attr:`headings`), start, end, level, parent, text (and ``source``, where
        in the file each unit was read, for a document read by :meth:`from_file`)."""
        import pandas as pd

        extra = self.clause_metadata
        rows = []
        for unit, ref, heading in zip(self.units, self.refs, self.headings, strict=True):
            row = {
                "clause": unit.index,
                "ref": ref,
                "kind": unit.kind,
                "label": unit.label,
                "heading": heading,
                "start": unit.start,
                "end": unit.end,
                "level": unit.level,
                "parent": -1 if unit.parent is None else unit.parent,
                "text": unit.text,
            }
            if extra is not None:
                row.update(extra[unit.index])
            if self.source_map is not None:
                row["source"] = self.source_map.describe(unit.start, unit.end)
            rows.append(row)
        columns = ["clause", "ref", "kind", "label", "heading", "start", "end", "level", "parent",
                   "text"]  # fmt: skip
        return pd.DataFrame(rows, columns=None if rows else columns)

    def __len__(self) -> int:
        return len(self.units)

    def __repr__(self) -> str:
        return f"<Document {self.name!r}: {len(self.text)} characters, {len(self.units)} units>"

    def _repr_html_(self) -> str:
        kinds: dict[str, int] = {}
        for unit in self.units:
            kinds[unit.kind] = kinds.get(unit.kind, 0) + 1
        summary = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in kinds.items())
        meta = "; ".join(
            f"{display.escape(k)}: {display.escape(v)}"
            for k, v in self.metadata.items()
            if v not in (None, "", [])
        )
        limit = 60
        rows = [
            (ref, u.kind, display.truncate(u.text, 300))
            for ref, u in zip(self.refs[:limit], self.units[:limit], strict=True)
        ]
        body = (
            f"<h3>{display.escape(self.name)}</h3>"
            f'<p class="muted">{len(self.text)} characters; {len(self.units)} units'
            f"{' (' + display.escape(summary) + ')' if summary else ''}</p>"
            + (f'<p class="muted">{meta}</p>' if meta else "")
            + display.table(["ref", "kind", "text"], rows)
        )
        if len(self.units) > limit:
            body += f'<p class="muted">{limit} of {len(self.units)} units shown</p>'
        return display.wrap(body)


def _names_something(label: str) -> bool:
    """A bullet marker names nothing; "Article 4", "2." or "(a)" do."""
    return any(ch.isalnum() for ch in label)


def unit_refs(clauses: Sequence[Any], units: Sequence[Any]) -> list[str]:
    """Readable, unique references for units.

    A unit is named by the labels on its path, from its deepest heading down ("Article 7 3.
    (a)"); the full path ("PART II Article 7 3.") only where the short one is ambiguous. A unit
    whose own marker names nothing (a bullet dash, no marker) is counted among its siblings of
    its kind ("Article 10 2. bullet 3"), or in the whole document when nothing above it has a
    name ("bullet 3"). Any reference still repeated gets "#1", "#2" ...
    """
    by_index = {c.index: c for c in clauses}
    sibling_ordinal: dict[int, int] = {}
    seen_siblings: dict[tuple[Any, str], int] = {}
    for clause in clauses:
        key = (clause.parent, clause.kind)
        seen_siblings[key] = seen_siblings.get(key, 0) + 1
        sibling_ordinal[clause.index] = seen_siblings[key]
    document_ordinal: dict[str, int] = {}
    full: list[str] = []
    short: list[str] = []
    for unit in units:
        chain = []  # (label, kind) from the top down, naming labels only
        node = by_index.get(unit.parent) if unit.parent is not None else None
        while node is not None:
            if _names_something(node.label):
                chain.append((node.label.strip(), node.kind))
            node = by_index.get(node.parent) if node.parent is not None else None
        chain.reverse()
        if _names_something(unit.label):
            own = unit.label.strip()
        elif unit.kind == "lead-in":  # one per parent: "Article 3 2. lead-in"
            own = unit.kind
        elif chain:
            own = f"{unit.kind} {sibling_ordinal[unit.index]}"
        else:
            document_ordinal[unit.kind] = document_ordinal.get(unit.kind, 0) + 1
            own = f"{unit.kind} {document_ordinal[unit.kind]}"
        headings = [i for i, (_, kind) in enumerate(chain) if kind == "article"]
        tail = chain[headings[-1] :] if headings else chain
        full.append(" ".join([label for label, _ in chain] + [own]))
        short.append(" ".join([label for label, _ in tail] + [own]))
    short_count: dict[str, int] = {}
    for ref in short:
        short_count[ref] = short_count.get(ref, 0) + 1
    refs = [s if short_count[s] == 1 else f for s, f in zip(short, full, strict=True)]
    count: dict[str, int] = {}
    for ref in refs:
        count[ref] = count.get(ref, 0) + 1
    repeat: dict[str, int] = {}
    unique = []
    for ref in refs:
        if count[ref] > 1:
            repeat[ref] = repeat.get(ref, 0) + 1
            unique.append(f"{ref} #{repeat[ref]}")
        else:
            unique.append(ref)
    return unique
