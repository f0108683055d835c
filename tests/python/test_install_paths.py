"""Install paths that hold: a missing optional extra says which extra installs it; the build
and the package metadata agree on the Python versions; the test extra stays free of benchmark-only
packages. (The installed wheel itself is tested in test_wheel.py.)"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

# Hides the named top-level modules as if they were not installed.
BLOCKER = """
import sys
from importlib.abc import MetaPathFinder

class Hide(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {hidden!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, Hide())
"""


def _run_hidden(hidden: set[str], code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCKER.format(hidden=hidden) + code],
        capture_output=True,
        text=True,
    )


def test_sklearn_face_without_scikit_learn_names_the_extra() -> None:
    result = _run_hidden({"sklearn"}, "import treatytext.sklearn")
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        "ModuleNotFoundError: treatytext.sklearn needs sklearn, which is not installed; "
        "install it with pip install 'treatytext[sklearn]'"
    )


def test_the_rest_works_without_the_optional_packages() -> None:
    # scikit-learn, tqdm and Jupyter are optional: the core face imports and runs without them.
    result = _run_hidden(
        {"sklearn", "tqdm", "ipykernel", "IPython", "ipywidgets"},
        "import treatytext as tt\n"
        "text = 'Article 1\\nPeace and trade.\\n\\nArticle 2\\nTrade.'\n"
        "corpus = tt.Corpus([tt.Document(text)])\n"
        "print(len(corpus.top_terms(3)), len(corpus.most_similar('trade', k=1)))",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "1"]


def test_require_keeps_the_name_of_the_missing_module() -> None:
    from treatytext._optional import require

    with pytest.raises(ModuleNotFoundError, match=r"pip install 'treatytext\[demo\]'") as info:
        require("treatytext_no_such_module", extra="demo", feature="the demo")
    assert info.value.name == "treatytext_no_such_module"
    assert require("json", extra="demo", feature="the demo").dumps([]) == "[]"


def test_cmake_and_pyproject_agree_on_the_minimum_python() -> None:
    cmake = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    asked = re.search(r"find_package\(Python (\d+\.\d+) REQUIRED", cmake).group(1)
    assert PYPROJECT["project"]["requires-python"] == f">={asked}"
    assert PYPROJECT["tool"]["ruff"]["target-version"] == "py" + asked.replace(".", "")


def test_documented_face_needs_no_extra() -> None:
    needed = {re.split(r"[<>=!~ \[]", d)[0] for d in PYPROJECT["project"]["dependencies"]}
    assert {"numpy", "scipy", "pandas", "matplotlib"} <= needed


def test_test_extra_holds_no_benchmark_only_package() -> None:
    extras = PYPROJECT["project"]["optional-dependencies"]
    names = {key: {re.split(r"[<>=!~ \[]", d)[0] for d in extras[key]} for key in extras}
    benchmark_only = names["bench"] - names["test"] - names["sklearn"]
    assert {"gensim", "psutil"} <= benchmark_only
    assert not names["test"] & {"gensim", "psutil"}
