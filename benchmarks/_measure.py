"""Timing, peak-memory and result-comparison helpers shared by the benchmark scripts.

Peak memory is measured per step in a fresh subprocess: the child loads the inputs, imports the
library and prepares the step, then resets the kernel's peak-RSS counter (``VmHWM``, by writing
``5`` to ``/proc/self/clear_refs``, Linux >= 4.0), records its current RSS, runs the step once
and reads ``VmHWM`` again. "peak" is that high-water mark (inputs included), "growth" is peak
minus the RSS just before the step: what the step itself added. Where the reset is not allowed
the child falls back to ``getrusage(RUSAGE_SELF).ru_maxrss`` and says so (``method``).
"""

from __future__ import annotations

import gc
import os
import re
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

MB = 1024 * 1024  # memory is shown in MiB / GiB; text sizes in decimal MB (1e6 bytes)


def _status_kib(key: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            match = re.search(rf"^{key}:\s+(\d+) kB", f.read(), re.MULTILINE)
    except OSError:
        return None
    return int(match.group(1)) if match else None


def current_rss() -> int:
    """Resident set size of this process in bytes."""
    kib = _status_kib("VmRSS")
    if kib is not None:
        return kib * 1024
    import psutil  # fallback off Linux

    return int(psutil.Process().memory_info().rss)


def reset_peak_rss() -> str:
    """Resets the peak-RSS counter if the kernel allows it; returns the method in use."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        return "VmHWM reset via /proc/self/clear_refs"
    except OSError:
        return "ru_maxrss (process lifetime peak; no reset possible)"


def peak_rss() -> int:
    """Peak resident set size in bytes since the last reset (or process start)."""
    kib = _status_kib("VmHWM")
    if kib is not None:
        return kib * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@dataclass
class Timing:
    """Wall and CPU seconds of each repeat; CPU counts every thread of the process."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.wall)

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def spread(self) -> float:
        """(max - min) / min over the repeats."""
        return (max(self.wall) - min(self.wall)) / min(self.wall) if self.wall else 0.0

    @property
    def cores(self) -> float:
        """Effective cores busy during the best repeat: CPU seconds / wall seconds."""
        i = self.wall.index(self.best)
        return self.cpu[i] / self.wall[i] if self.wall[i] > 0 else 0.0


def timed(run: Callable[[], Any], repeat: int, fast_repeat: int = 5, fast: float = 2.0):
    """Runs ``run`` ``repeat`` times (at least ``fast_repeat`` times when one run takes less
    than ``fast`` seconds) and returns (last result, Timing)."""
    timing = Timing()
    result = None
    i = 0
    while True:
        result = None
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        result = run()
        t1, c1 = time.perf_counter(), time.process_time()
        timing.wall.append(t1 - t0)
        timing.cpu.append(c1 - c0)
        i += 1
        wanted = repeat if timing.best >= fast else max(repeat, fast_repeat)
        if i >= wanted:
            return result, timing


def csr_bytes(matrix: sp.spmatrix) -> int:
    """Bytes held by a scipy CSR matrix's three arrays."""
    return int(matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes)


def compact_vocabulary_bytes(terms: list[str]) -> int:
    """Bytes of a vocabulary stored as treatytext's Vocabulary lays it out (vocabulary.hpp):
    one UTF-8 arena, 8-byte offsets, a 4-byte hash tag per term and a table of 16-byte slots at
    load factor <= 1/2 (power of two). An estimate for when the object cannot say."""
    arena = sum(len(t.encode("utf-8")) for t in terms)
    table = 1
    while table < 2 * max(len(terms), 1):
        table *= 2
    return arena + 8 * (len(terms) + 1) + 4 * len(terms) + 16 * table


# --- comparing results ---------------------------------------------------------------------


def same_tfidf(a: sp.spmatrix, vocab_a: dict, b: sp.spmatrix, vocab_b: dict) -> dict:
    """Vocabulary equality, CSR structure equality and max |a - b| of two tf-idf matrices."""
    out: dict[str, Any] = {
        "same_vocabulary": dict(vocab_a) == dict(vocab_b),
        "shape_a": a.shape,
        "shape_b": b.shape,
    }
    if a.shape != b.shape:
        out.update(same_structure=False, max_abs_diff=float("nan"))
        return out
    a = sp.csr_matrix(a, dtype=np.float64)
    b = sp.csr_matrix(b, dtype=np.float64)
    a.sort_indices()
    b.sort_indices()
    out["same_structure"] = bool(
        np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    )
    diff = abs(a - b)
    out["max_abs_diff"] = float(diff.max()) if diff.nnz else 0.0
    return out


def _row_cosines(x: sp.csr_matrix, norms: np.ndarray, row: int, cols: np.ndarray) -> np.ndarray:
    cols = cols[cols >= 0]
    if cols.size == 0:
        return np.zeros(0)
    dots = (x[cols] @ x[row].T).toarray().ravel()
    denom = norms[cols] * norms[row]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denom > 0, dots / denom, 0.0)


def compare_neighbours(
    x: sp.csr_matrix,
    query_rows: np.ndarray,
    idx_a: np.ndarray,
    idx_b: np.ndarray,
    y: sp.csr_matrix | None = None,
    tol: float = 1e-9,
) -> dict:
    """Compares two n x k neighbour lists of the rows ``query_rows`` of ``x`` (among ``y``'s
    rows, default ``x``), recomputing every cosine exactly in float64.

    A row is *identical* when the index lists are equal; *ties only* when they differ but the
    sorted positive scores agree within ``tol`` (equal scores broken differently, including a
    zero-score neighbour on one side against a padding slot on the other); otherwise it
    *differs beyond ties*.
    """
    y = x if y is None else y
    x = sp.csr_matrix(x, dtype=np.float64)
    y = sp.csr_matrix(y, dtype=np.float64)
    stacked = sp.vstack([x, y]).tocsr() if y is not x else x
    offset = x.shape[0] if y is not x else 0
    norms = np.sqrt(np.asarray(stacked.multiply(stacked).sum(axis=1)).ravel())
    identical = ties = 0
    beyond: list[int] = []
    for r, q in enumerate(query_rows):
        a, b = idx_a[r], idx_b[r]
        if np.array_equal(a, b):
            identical += 1
            continue
        sa = np.sort(_row_cosines(stacked, norms, int(q), np.where(a >= 0, a + offset, -1)))[::-1]
        sb = np.sort(_row_cosines(stacked, norms, int(q), np.where(b >= 0, b + offset, -1)))[::-1]
        sa, sb = sa[sa > tol], sb[sb > tol]
        if sa.size == sb.size and np.allclose(sa, sb, rtol=0, atol=tol):
            ties += 1
        else:
            beyond.append(int(q))
    return {
        "rows": len(query_rows),
        "identical": identical,
        "ties_only": ties,
        "beyond_ties": len(beyond),
        "beyond_examples": beyond[:5],
    }


def drop_self(
    indices: np.ndarray, query_rows: np.ndarray, k: int, values: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """From (k + 1)-neighbour lists that may include the query itself, removes it (or, if it is
    absent because of duplicate rows, the last neighbour); returns n x k indices and the
    matching ``values`` (e.g. distances) if given."""
    keep = np.ones(indices.shape, dtype=bool)
    for r, q in enumerate(query_rows):
        hit = np.flatnonzero(indices[r] == q)
        keep[r, hit[0] if hit.size else k] = False
    idx = indices[keep].reshape(indices.shape[0], k)
    return idx, (None if values is None else values[keep].reshape(indices.shape[0], k))


def fmt_bytes(n: float | None) -> str:
    if n is None or (isinstance(n, float) and np.isnan(n)):
        return "-"
    if n >= 1024 * MB:
        return f"{n / (1024 * MB):.2f} GiB"
    return f"{n / MB:.0f} MiB"


def cpu_description() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        mem = f", {pages / (1024 * MB):.0f} GiB RAM"
    except (ValueError, OSError):
        pass
    return f"{os.cpu_count()} x {model}{mem}"
