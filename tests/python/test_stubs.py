"""The committed stubs of treatytext._core are what scripts/generate_stubs.py makes of it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate_stubs", ROOT / "scripts" / "generate_stubs.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_stubs"] = module
    spec.loader.exec_module(module)
    return module


def test_committed_stubs_match_the_module() -> None:
    if importlib.util.find_spec("pybind11_stubgen") is None:
        pytest.fail("pybind11-stubgen is needed (pip install -e '.[test]' pins it)")
    generator = _generator()
    generated = generator.generate()
    # Every submodule is covered: the analysis submodule has its own stub.
    assert {"__init__.pyi", "analysis.pyi"} <= set(generated)
    difference = generator.drift(generated, generator.committed())
    assert difference == "", (
        "python/treatytext/_core/*.pyi drift from the module; run "
        "`PYTHONPATH=python python scripts/generate_stubs.py`:\n" + difference
    )


def test_the_stub_package_does_not_shadow_the_extension() -> None:
    import treatytext._core as core

    assert Path(core.__file__).suffix in {".so", ".pyd"}
    assert hasattr(core, "top_k") and hasattr(core.analysis, "keyness")
