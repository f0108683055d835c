"""download_tota reads the download and each archive member against a size limit (issue 16):
a zip bomb made here (3 MB inflating to 3 GiB) is refused quickly, in bounded memory, leaving
nothing in the cache. No network: urlopen is replaced by a local response."""

from __future__ import annotations

import io
import resource
import struct
import time
import zipfile
import zlib

import pytest
from treatytext import datasets

GIB = 1 << 30


def _deflated_zeros(n_mib: int) -> bytes:
    """A raw deflate stream of n_mib MiB of zero bytes, built without compressing them all:
    after a full flush the compressor's state is reset, so every further MiB of zeros
    compresses to the same bytes, which are repeated."""
    mib = bytes(1 << 20)
    first = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = first.compress(mib) + first.flush(zlib.Z_FULL_FLUSH)
    again = zlib.compressobj(9, zlib.DEFLATED, -15)
    again.compress(mib)
    again.flush(zlib.Z_FULL_FLUSH)
    block = again.compress(mib) + again.flush(zlib.Z_FULL_FLUSH)
    tail = again.flush(zlib.Z_FINISH)
    return head + block * (n_mib - 1) + tail


def _zip_bomb(name: str, n_mib: int, declared_size: int | None = None) -> bytes:
    """A one-member zip archive whose member inflates to n_mib MiB of zeros. declared_size
    (default: the true size) is what the headers claim; the CRC is not computed (the reader
    must refuse long before it could check it)."""
    data = _deflated_zeros(n_mib)
    size = n_mib << 20 if declared_size is None else declared_size
    encoded = name.encode()
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, 0, len(data), size, len(encoded), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50, 20, 20, 0, 8, 0, 0, 0, len(data), size, len(encoded), 0, 0, 0, 0, 0, 0,
    )  # fmt: skip
    directory = central + encoded
    end = struct.pack(
        "<IHHHHIIH",
        0x06054B50,
        0,
        0,
        1,
        1,
        len(directory),
        len(local) + len(encoded) + len(data),
        0,
    )
    return local + encoded + data + directory + end


class _Response(io.BytesIO):
    def __init__(self, payload: bytes, length: str | None = None) -> None:
        super().__init__(payload)
        self.headers = {} if length is None else {"Content-Length": length}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(datasets.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _serve(monkeypatch, payload: bytes, length: str | None = None) -> None:
    monkeypatch.setattr(
        datasets.urllib.request, "urlopen", lambda url, timeout: _Response(payload, length)
    )


def _cache_bytes(cache) -> int:
    return sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())


def test_the_bomb_is_what_it_claims():
    # The test's own tool: zipfile (not download_tota) sees 3 GiB of zeros in ~3 MB.
    bomb = _zip_bomb("tota-master/xml/pta_1.xml", 3072)
    assert len(bomb) < 4_000_000
    member = zipfile.ZipFile(io.BytesIO(bomb)).infolist()[0]
    assert member.file_size == 3 * GIB
    with zipfile.ZipFile(io.BytesIO(bomb)).open(member) as f:
        assert f.read(5 << 20) == bytes(5 << 20)


@pytest.mark.parametrize("declared", [None, 1000], ids=["honest-header", "lying-header"])
def test_zip_bomb_is_refused_quickly_in_bounded_memory(monkeypatch, cache, declared):
    _serve(monkeypatch, _zip_bomb("tota-master/xml/pta_1.xml", 3072, declared))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    # A header that lies about the size: zipfile stops at the declared size, then the CRC fails.
    expected = "inflates to 3221225472 bytes" if declared is None else "is corrupt"
    with pytest.raises(
        ValueError, match=rf"archive member 'tota-master/xml/pta_1.xml' .*{expected}"
    ):
        datasets.download_tota()
    elapsed = time.perf_counter() - started
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mib < 100, grown_mib  # was 4.2 GB
    assert elapsed < 30, elapsed  # a generous bound on a shared machine: it was minutes of work
    assert _cache_bytes(cache) == 0  # was 2 GB written to the cache
    assert not (cache / "tota").exists()


def test_many_members_together_are_bounded(monkeypatch, cache):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(5):
            z.writestr(f"tota-master/xml/pta_{i}.xml", bytes(3 << 20))
    _serve(monkeypatch, archive.getvalue())
    with pytest.raises(
        ValueError, match=r"pta_3.xml' inflates to 3145728 bytes, more than the limit of 1048576"
    ):
        datasets.download_tota(max_member_bytes=4 << 20, max_extracted_bytes=10 << 20)
    assert _cache_bytes(cache) == 0


def test_download_larger_than_the_limit_is_refused(monkeypatch, cache):
    _serve(monkeypatch, bytes(3 << 20))
    with pytest.raises(
        ValueError, match=r"download from .* is larger than the limit of 1048576 bytes"
    ):
        datasets.download_tota(max_bytes=1 << 20)
    _serve(monkeypatch, b"", length=str(5 << 30))
    with pytest.raises(ValueError, match=r"announces 5368709120 bytes"):
        datasets.download_tota()
    assert _cache_bytes(cache) == 0


def test_a_small_archive_still_installs(monkeypatch, cache):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("tota-master/xml/pta_7.xml", "<treaty/>")
        z.writestr("tota-master/LICENSE", "CC BY-NC 4.0")
        z.writestr("tota-master/other/big.bin", bytes(1 << 20))  # not extracted, not counted
    _serve(monkeypatch, archive.getvalue())
    xml = datasets.download_tota(max_member_bytes=1 << 10)
    assert (xml / "pta_7.xml").read_text() == "<treaty/>"
    assert (xml.parent / "LICENSE").read_text() == "CC BY-NC 4.0"
    assert not (xml.parent / "download.zip").exists()
