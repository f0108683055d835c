"""Datasets: the ToTA trade agreements and the seed factbox.

The shared corpora folder (``corpora/`` holding ``seed/`` and ``tota/xml``) is looked for where a
user working in a clone of the repository has it, in this order:

1. ``$TREATYTEXT_CORPORA`` when it is set (an explicit choice wins, and is the only place then);
2. ``shared/corpora`` in the current directory or any folder above it: a notebook opened from
   ``notebooks/`` of a clone finds the ``shared/corpora`` beside that clone (its ``../shared``);
3. ``../shared/corpora`` beside the source tree the package was imported from (a source checkout
   on ``PYTHONPATH`` or an editable install; an installed package has none).

Per dataset:

- ToTA (:func:`load_tota`): the ``path`` argument; ``$TREATYTEXT_TOTA`` (a folder of
  ``pta_*.xml`` files); ``tota/xml`` in the corpora folder found as above; the download cache
  (``$TREATYTEXT_CACHE``, else ``$XDG_CACHE_HOME/treatytext``, else ``~/.cache/treatytext``).
  ``load_tota(download=True)`` fetches the public ToTA release (CC BY-NC 4.0, Alschner,
  Seiermann and Skougarevskiy) into that cache when it is found nowhere.
- The seed factbox (:func:`load_seed`): the ``path`` argument, else
  ``seed/000_2e814a8a7f3a05ee.txt`` in the corpora folder found as above.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .corpus import Corpus
from .document import Document
from .io.tota import read_tota
from .progress import track

TOTA_ENV = "TREATYTEXT_TOTA"
CORPORA_ENV = "TREATYTEXT_CORPORA"
CACHE_ENV = "TREATYTEXT_CACHE"
SEED_NAME = "000_2e814a8a7f3a05ee.txt"
#: The public ToTA release (GitHub archive of mappingtreaties/tota).
TOTA_URL = "https://github.com/mappingtreaties/tota/archive/refs/heads/master.zip"


def checkout_corpora() -> Path | None:
    """``../shared/corpora`` beside the source tree the package was imported from, if any.

    Only a source checkout (``python/treatytext`` on ``PYTHONPATH``, or an editable install) has
    one; an installed package lives in ``site-packages`` and has no repository around it.
    """
    package = Path(__file__).resolve().parent
    root = package.parents[1]
    if package.parent.name != "python" or not (root / "pyproject.toml").is_file():
        return None
    return root.parent / "shared" / "corpora"


def corpora_search_path(start: str | os.PathLike[str] | None = None) -> list[Path]:
    """The folders that may hold the shared corpora, in the order they are tried.

    ``$TREATYTEXT_CORPORA`` alone when it is set; else ``shared/corpora`` in ``start`` (default:
    the current directory) and in each folder above it, then beside the source checkout.
    """
    configured = os.environ.get(CORPORA_ENV)
    if configured:
        return [Path(configured)]
    here = Path(start if start is not None else Path.cwd()).resolve()
    candidates = [folder / "shared" / "corpora" for folder in (here, *here.parents)]
    checkout = checkout_corpora()
    if checkout is not None and checkout not in candidates:
        candidates.append(checkout)
    return candidates


def _first_existing(relative: str, want_dir: bool) -> Path | None:
    for folder in corpora_search_path():
        candidate = folder / relative
        if candidate.is_dir() if want_dir else candidate.is_file():
            return candidate
    return None


def corpora_dir() -> Path:
    """The shared corpora folder: the first of :func:`corpora_search_path` that exists (else
    the first one, so that a message naming it says where it was expected)."""
    candidates = corpora_search_path()
    return next((folder for folder in candidates if folder.is_dir()), candidates[0])


def _searched() -> str:
    configured = os.environ.get(CORPORA_ENV)
    if configured:
        return f"{CORPORA_ENV}={configured}"
    return f"shared/corpora in {Path.cwd()} and the folders above it"


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
    found = _first_existing("tota/xml", want_dir=True)
    if found is not None:
        return found
    cached = cache_dir() / "tota" / "xml"
    if cached.is_dir():
        return cached
    if download:
        return download_tota()
    raise FileNotFoundError(
        f"ToTA XML files not found (looked for tota/xml under {_searched()}, and in {cached}); "
        f"set {TOTA_ENV} to the folder of pta_*.xml files, or call load_tota(download=True)"
    )


#: Bounds of download_tota: the archive (about 40 MB today), one extracted member, all of them.
MAX_DOWNLOAD_BYTES = 1 << 30
MAX_MEMBER_BYTES = 256 << 20
MAX_EXTRACTED_BYTES = 4 << 30
_CHUNK = 1 << 20


def _copy_bounded(source: Any, target: Any, limit: int, what: str) -> int:
    """Copies ``source`` to ``target`` in chunks; ValueError as soon as more than ``limit`` bytes
    come, so that memory stays one chunk and the disk at most ``limit``."""
    copied = 0
    while chunk := source.read(min(_CHUNK, limit + 1 - copied)):
        copied += len(chunk)
        if copied > limit:
            raise ValueError(f"{what} is larger than the limit of {limit} bytes; refused")
        target.write(chunk)
    return copied


def download_tota(
    url: str = TOTA_URL,
    timeout: float = 120.0,
    *,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    max_extracted_bytes: int = MAX_EXTRACTED_BYTES,
) -> Path:
    """Downloads the public ToTA release into the cache and returns its xml folder.

    The download and each archive member are read in chunks against a size limit: an archive
    larger than ``max_bytes``, a member that inflates past ``max_member_bytes`` or members that
    together pass ``max_extracted_bytes`` (a zip bomb) raise ``ValueError`` once the limit is
    reached, with memory bounded by one chunk; nothing is left in the cache then.
    """
    target = cache_dir() / "tota"
    xml = target / "xml"
    if xml.is_dir() and any(xml.glob("pta_*.xml")):
        return xml
    cache_dir().mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="tota-download-", dir=cache_dir()))
    try:
        payload = staging / "download.zip"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
                declared = response.headers.get("Content-Length") if response.headers else None
                if declared is not None and declared.isdigit() and int(declared) > max_bytes:
                    raise ValueError(
                        f"the download from {url} announces {declared} bytes, more than the "
                        f"limit of {max_bytes}; refused"
                    )
                with payload.open("wb") as out:
                    _copy_bounded(response, out, max_bytes, f"the download from {url}")
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ConnectionError(
                f"could not download ToTA from {url} ({reason}); check the network connection, "
                f"or set {TOTA_ENV} to a local copy of the pta_*.xml files"
            ) from None
        try:
            archive = zipfile.ZipFile(payload)
        except zipfile.BadZipFile:
            raise ValueError(f"the download from {url} is not a zip archive") from None
        (staging / "xml").mkdir(parents=True)
        extracted = 0
        with archive:
            for info in archive.infolist():
                parts = info.filename.split("/")
                if len(parts) == 3 and parts[1] == "xml" and parts[2].endswith(".xml"):
                    destination = staging / "xml" / parts[2]
                elif len(parts) == 2 and parts[1] in ("LICENSE", "README.md"):
                    destination = staging / parts[1]
                else:
                    continue
                # The declared size refuses an honest bomb at once; the bounded copy one that
                # lies about its size.
                what = f"archive member {info.filename!r}"
                limit = min(max_member_bytes, max_extracted_bytes - extracted)
                if info.file_size > limit:
                    raise ValueError(
                        f"{what} inflates to {info.file_size} bytes, more than the limit of "
                        f"{limit}; refused"
                    )
                try:
                    with archive.open(info) as source, destination.open("wb") as out:
                        extracted += _copy_bounded(source, out, limit, what)
                except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                    raise ValueError(f"{what} is corrupt ({exc}); refused") from None
        payload.unlink()
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


def read_tota_file(path: str | os.PathLike[str], units: str = "article") -> Document:
    """One ToTA agreement as a Document whose clauses are its articles (in order).

    The document text is the article texts joined by blank lines; each article is a clause of
    kind ``"article"`` labelled with its number when the source gives one ("ARTICLE 2"), with
    per-clause metadata ``chapter``, ``chapter_number``, ``chapter_id``, ``article_id``.
    Document metadata: name, type, status, dates, year, decade, parties (current signatories,
    ISO codes; empty for some inactive agreements), parties_original, region, language ...
    The document's ``source_map`` leads each article to its XML element.
    """
    path = Path(path)
    extracted = read_tota(path)
    metadata = {k: v for k, v in extracted.metadata.items() if k != "format"}
    document = Document(
        extracted.text,
        metadata["name"] or path.stem,
        metadata,
        units=units,
        clauses=extracted.clauses,
        clause_metadata=extracted.clause_metadata,
    )
    document.source_map = extracted.source_map
    return document


def tota_files(
    path: str | os.PathLike[str] | None = None,
    *,
    limit: int | None = None,
    sample: int | None = None,
    seed: int = 0,
    ids: Iterable[int] | None = None,
    download: bool = False,
) -> list[Path]:
    """The ToTA files :func:`load_tota` reads, in treaty-number order (arguments as there); also
    what ``treatytext.dask.load_tota`` hands to its partitions."""
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
    return files


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
    files = tota_files(path, limit=limit, sample=sample, seed=seed, ids=ids, download=download)
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
    return Corpus(documents, progress=progress, **corpus_options)


def load_tota_units(
    level: str = "chapter", *, chapter: str | None = None, **load_options: Any
) -> Any:
    """ToTA's documents, chapters (with their names) or articles as texts to compare with
    :func:`treatytext.reuse.find`: :func:`treatytext.reuse.units` of :func:`load_tota`
    (``load_options``: ``limit``, ``ids``, ``languages`` ...). ``chapter`` keeps the chapters
    whose name contains it, e.g. ``load_tota_units(chapter="investment")``."""
    from .reuse import units

    return units(load_tota(**load_options), level, chapter=chapter)


def seed_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The seed factbox file (see the module docstring for the search order)."""
    if path is not None:
        return Path(path)
    found = _first_existing(f"seed/{SEED_NAME}", want_dir=False)
    return found if found is not None else corpora_dir() / "seed" / SEED_NAME


def load_seed(path: str | os.PathLike[str] | None = None, **options: Any) -> Document:
    """The seed factbox (key points of the DPRK-Russia treaty of 19 June 2024) as a Document."""
    file = seed_path(path)
    if not file.is_file():
        where = "" if path is not None else f" (looked for seed/{SEED_NAME} under {_searched()})"
        raise FileNotFoundError(
            f"seed factbox not found at {file}{where}; set {CORPORA_ENV} to the corpora folder"
        )
    return Document.from_file(file, name="factbox", **options)
