"""Shared fixtures: where the shared corpora live (override with TREATYTEXT_CORPORA).

The variable is read here, never set: the library, the CLI and the notebooks must find the
corpora the way a user's session does (treatytext.datasets: from the current directory upwards);
tests of the variable itself set it with monkeypatch.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPORA = Path(os.environ.get("TREATYTEXT_CORPORA", ROOT.parent / "shared" / "corpora"))
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


# -- treatytext as a user installs it (tests/python/installed.py) ------------------------------


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The self-contained wheel of this tree (scripts/build_wheel.sh; the compile is incremental
    in build/<wheel tag>, where `pip install .` compiles too)."""
    from installed import build_wheel

    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="session")
def plain_install(built_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with `pip install <wheel>` and nothing else; its python."""
    from installed import install_wheel

    return install_wheel(tmp_path_factory.mktemp("plain") / "venv", built_wheel)


@pytest.fixture(scope="session")
def notebooks_install(built_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with `pip install '<wheel>[notebooks]'` (Jupyter), as the README says; its
    python."""
    from installed import install_wheel

    return install_wheel(tmp_path_factory.mktemp("notebooks") / "venv", built_wheel, "notebooks")
