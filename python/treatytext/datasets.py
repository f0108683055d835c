"""Datasets: the ToTA trade agreements and the seed factbox.

Where the data is looked for, in order:

- ToTA (:func:`load_tota`): the ``path`` argument; the environment variable
  ``TREATYTEXT_TOTA`` (a folder of ``pta_*.xml`` files); ``$TREATYTEXT_CORPORA/tota/xml``;
  ``../shared/corpora/tota/xml`` beside the source checkout; the download cache
  (``$TREATYTEXT_CACHE``, else ``$XDG_CACHE_HOME/treatytext``, else ``~/.cache/treatytext``).
  ``load_tota(download=True)`` fetches the public ToTA release (CC BY-NC 4.0, Alschner,
  Seiermann and Skougarevskiy) into that cache when it is found nowhere.
- The seed factbox (:func:`load_seed`): the ``path`` argument, else
  ``$TREATYTEXT_CORPORA/seed/000_2e814a8a7f3a05ee.txt``, else the same file under
  ``../shared/corpora`` beside the source checkout.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import tempfile
import urllib.error
import urllib.request
import warnings
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from .corpus import Corpus
from .document import Document
from .progress import track
from .segment import Clause

TOTA_ENV = "TREATYTEXT_TOTA"
CORPORA_ENV = "TREATYTEXT_CORPORA"
CACHE_ENV = "TREATYTEXT_CACHE"
SEED_NAME = "000_2e814a8a7f3a05ee.txt"
#: The public ToTA release (GitHub archive of mappingtreaties/tota).
TOTA_URL = "https://github.com/mappingtreaties/tota/archive/refs/heads/master.zip"
_META_FIELDS = (
    "name", "type", "wto_rta_id", "treaty_identifier", "status", "notification",
    "date_signed", "date_into_force", "composition", "region", "parties_wto",
    "crossregional", "language",
)  # fmt: skip


def checkout_corpora() -> Path:
    """``../shared/corpora`` seen from the root of the source checkout."""
    return Path(__file__).resolve().parents[2].parent / "shared" / "corpora"


def corpora_dir() -> Path:
    """The shared corpora folder: $TREATYTEXT_CORPORA, else beside the checkout."""
    configured = os.environ.get(CORPORA_ENV)
    return Path(configured) if configured else checkout_corpora()


def cache_dir() -> Path:
    """Where downloads go: $TREATYTEXT_CACHE, else $XDG_CACHE_HOME/treatytext, else
    ~/.cache/treatytext."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "treatytext"


def tota_dir(path: str | os.PathLike[str] | None = None, download: bool = False) -> Path:
    """The folder of ToTA XML files (see the module docstring for the search order)."""
    if path is not None:
        folder = Path(path)
        if not folder.is_dir():
            raise FileNotFoundError(f"ToTA folder not found: {folder}")
        return folder
    configured = os.environ.get(TOTA_ENV)
    if configured:
        if not Path(configured).is_dir():
            raise FileNotFoundError(f"{TOTA_ENV}={configured} is not a folder")
        return Path(configured)
    candidates = [corpora_dir() / "tota" / "xml", cache_dir() / "tota" / "xml"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    if download:
        return download_tota()
    raise FileNotFoundError(
        f"ToTA XML files not found (looked in {', '.join(map(str, candidates))}); set "
        f"{TOTA_ENV} to the folder of pta_*.xml files, or call load_tota(download=True)"
    )


def download_tota(url: str = TOTA_URL, timeout: float = 120.0) -> Path:
    """Downloads the public ToTA release into the cache and returns its xml folder."""
    target = cache_dir() / "tota"
    xml = target / "xml"
    if xml.is_dir() and any(xml.glob("pta_*.xml")):
        return xml
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            payload = response.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ConnectionError(
            f"could not download ToTA from {url} ({reason}); check the network connection, "
            f"or set {TOTA_ENV} to a local copy of the pta_*.xml files"
        ) from None
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
    except zipfile.BadZipFile:
        raise ValueError(f"the download from {url} is not a zip archive") from None
    cache_dir().mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="tota-download-", dir=cache_dir()))
    try:
        (staging / "xml").mkdir(parents=True)
        for member in archive.namelist():
            parts = member.split("/")
            if len(parts) == 3 and parts[1] == "xml" and parts[2].endswith(".xml"):
                (staging / "xml" / parts[2]).write_bytes(archive.read(member))
            elif len(parts) == 2 and parts[1] in ("LICENSE", "README.md"):
                (staging / parts[1]).write_bytes(archive.read(member))
        if not any((staging / "xml").glob("pta_*.xml")):
            raise ValueError(f"no pta_*.xml files in the archive from {url}")
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(staging), str(target))
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return xml


def _treaty_number(path: Path) -> tuple[int, str]:
    match = re.search(r"(\d+)", path.stem)
    return (int(match.group(1)) if match else 1 << 60, path.name)


def _text(element: ElementTree.Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def read_tota_file(path: str | os.PathLike[str], units: str = "article") -> Document:
    """One ToTA agreement as a Document whose clauses are its articles (in order).

    The document text is the article texts joined by blank lines; each article is a clause of
    kind ``"article"`` labelled with its number when the source gives one ("ARTICLE 2"), with
    per-clause metadata ``chapter``, ``chapter_number``, ``chapter_id``, ``article_id``.
    Document metadata: name, type, status, dates, year, decade, parties (current signatories,
    ISO codes; empty for some inactive agreements), parties_original, region, language ...
    """
    path = Path(path)
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as exc:
        raise ValueError(f"{path}: not valid ToTA XML: {exc}") from None
    meta_element = root.find("meta")
    body = root.find("body")
    if meta_element is None or body is None:
        raise ValueError(f"{path}: not ToTA XML (no <meta> or <body>)")
    metadata: dict[str, Any] = {f: _text(meta_element.find(f)) for f in _META_FIELDS}
    for field in ("parties", "parties_original"):  # current and original signatories
        codes = meta_element.findall(f"{field}/partyisocode")
        metadata[field] = [p.text.strip() for p in codes if p.text and p.text.strip()]
    signed = metadata.get("date_signed") or ""
    year = int(signed[:4]) if re.match(r"\d{4}", signed) else None
    metadata["year"] = year
    metadata["decade"] = f"{year // 10 * 10}s" if year is not None else None
    metadata["file"] = path.name

    pieces: list[str] = []
    clauses: list[Any] = []
    extra: list[dict[str, Any]] = []
    position = 0
    for chapter in body.findall("chapter"):
        for article in chapter.findall("article"):
            text = (article.text or "").strip()
            if not text:
                continue
            if pieces:
                pieces.append("\n\n")
                position += 2
            label = (article.get("number") or "").strip()
            clauses.append(
                Clause(
                    index=len(clauses),
                    kind="article",
                    label=label,
                    start=position,
                    end=position + len(text),
                    label_start=position,
                    level=0,
                    parent=None,
                    text=text,
                )  # fmt: skip
            )
            extra.append(
                {
                    "chapter": chapter.get("name"),
                    "chapter_number": chapter.get("number"),
                    "chapter_id": chapter.get("chapter_identifier"),
                    "article_id": article.get("article_identifier"),
                }
            )
            pieces.append(text)
            position += len(text)
    name = metadata["name"] or path.stem
    return Document(
        "".join(pieces), name, metadata, units=units, clauses=clauses, clause_metadata=extra
    )


def load_tota(
    path: str | os.PathLike[str] | None = None,
    *,
    limit: int | None = None,
    sample: int | None = None,
    seed: int = 0,
    ids: Iterable[int] | None = None,
    languages: Iterable[str] | None = None,
    download: bool = False,
    progress: bool | None = None,
    **corpus_options: Any,
) -> Corpus:
    """The ToTA trade agreements as a Corpus, one unit per article.

    Parameters
    ----------
    path : path, optional
        Folder of ``pta_*.xml`` files (default: see the module docstring).
    limit : int, optional
        Only the first ``limit`` agreements (in treaty-number order).
    sample : int, optional
        A random sample of ``sample`` agreements (reproducible with ``seed``), in treaty order.
    ids : iterable of int, optional
        Only these treaty numbers (``pta_<id>.xml``).
    languages : str or iterable of str, optional
        Only agreements in these languages (``"en"``, ``"es"``, ``"fr"``). Without it every
        language is loaded, and a UserWarning says so when more than one is found.
    download : bool
        Fetch the public release into the cache when no local copy is found.
    **corpus_options
        Passed to :class:`Corpus` (``analyzer``, ``weighting``, ``n_jobs`` ...).
    """
    folder = tota_dir(path, download=download)
    files = sorted(folder.glob("pta_*.xml"), key=_treaty_number)
    if not files:
        raise FileNotFoundError(f"no pta_*.xml files in {folder}")
    if ids is not None:
        wanted = {int(i) for i in ids}
        files = [f for f in files if _treaty_number(f)[0] in wanted]
    if sample is not None and sample < len(files):
        chosen = set(random.Random(seed).sample(range(len(files)), sample))
        files = [f for i, f in enumerate(files) if i in chosen]
    if limit is not None:
        files = files[:limit]
    if isinstance(languages, str):  # "en" is one language, not the letters "e" and "n"
        languages = [languages]
    allowed = set(languages) if languages is not None else None
    documents: list[Document] = []
    names: set[str] = set()
    for file in track(files, desc="reading ToTA", progress=progress):
        doc = read_tota_file(file)
        if allowed is not None and doc.metadata.get("language") not in allowed:
            continue
        if doc.name in names:  # e.g. two GCC agreements: keep both, tell them apart
            doc.name = f"{doc.name} ({file.stem})"
        names.add(doc.name)
        documents.append(doc)
    corpus = Corpus(documents, progress=progress, **corpus_options)
    mixed = corpus.languages()
    if len(mixed) > 1:
        shown = ", ".join(f"{lang}: {n}" for lang, n in mixed.items())
        warnings.warn(
            f"the ToTA corpus mixes languages ({shown}) and one analyzer (one stemmer, one "
            "stop-word list) serves them all, so top terms and similarities mix them too; pass "
            f"languages={list(mixed)[:1]!r} to keep one",
            UserWarning,
            stacklevel=2,
        )
    return corpus


def seed_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The seed factbox file (see the module docstring for the search order)."""
    if path is not None:
        return Path(path)
    return corpora_dir() / "seed" / SEED_NAME


def load_seed(path: str | os.PathLike[str] | None = None, **options: Any) -> Document:
    """The seed factbox (key points of the DPRK-Russia treaty of 19 June 2024) as a Document."""
    file = seed_path(path)
    if not file.is_file():
        raise FileNotFoundError(
            f"seed factbox not found at {file}; set {CORPORA_ENV} to the corpora folder"
        )
    return Document.from_file(file, name="factbox", **options)
