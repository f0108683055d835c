"""Shared fixtures: where the shared corpora live (override with TREATYTEXT_CORPORA)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPORA = Path(os.environ.get("TREATYTEXT_CORPORA", ROOT.parent / "shared" / "corpora"))
# Notebooks, the CLI and treatytext.datasets find the corpora through this variable too.
os.environ.setdefault("TREATYTEXT_CORPORA", str(CORPORA))
SEED_FILE = CORPORA / "seed" / "000_2e814a8a7f3a05ee.txt"
TOTA_DIR = CORPORA / "tota" / "xml"


@pytest.fixture(scope="session")
def corpora_dir() -> Path:
    if not CORPORA.is_dir():
        pytest.fail(f"shared corpora not found at {CORPORA}; set TREATYTEXT_CORPORA")
    return CORPORA


@pytest.fixture(scope="session")
def seed_text(corpora_dir: Path) -> str:
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def tota_dir(corpora_dir: Path) -> Path:
    return TOTA_DIR


@pytest.fixture(scope="session")
def dask_client():
    """A real LocalCluster (2 worker processes, 1 thread each) shared by the treatytext.dask
    tests, started once when the first of them needs it."""
    from dask_support import cluster_client

    yield from cluster_client()
