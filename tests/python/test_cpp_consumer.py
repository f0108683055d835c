"""The installed C++ package, consumed by examples/cpp exactly as an outside project would.

scripts/test.sh installs the library into build/prefix and passes it as TREATYTEXT_CPP_PREFIX;
without it the fixture builds and installs the library itself (slower, same checks).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import numpy as np
import pytest
from treatytext.document import Document
from treatytext.segment import segment
from treatytext.similarity import top_k
from treatytext.vectorizer import Vectorizer

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "sample-treaty.txt"


def _run(*command: str | os.PathLike[str]) -> None:
    subprocess.run([str(part) for part in command], check=True, capture_output=True, text=True)


def _installed_prefix(work: Path) -> Path:
    given = os.environ.get("TREATYTEXT_CPP_PREFIX")
    if given and list(Path(given).glob("lib*/cmake/treatytext/treatytextConfig.cmake")):
        return Path(given)
    prefix = work / "prefix"
    build = work / "library"
    _run(
        "cmake",
        "-S",
        ROOT,
        "-B",
        build,
        "-G",
        "Ninja",
        "-DCMAKE_BUILD_TYPE=Release",
        "-DTREATYTEXT_BUILD_TESTS=OFF",
        f"-DCMAKE_INSTALL_PREFIX={prefix}",
    )
    _run("cmake", "--build", build, "-j", str(os.cpu_count() or 2))
    _run("cmake", "--install", build)
    return prefix


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build folder of examples/cpp (clause_report, guide) against the installed package."""
    if shutil.which("cmake") is None or shutil.which("ninja") is None:
        pytest.fail(
            "cmake and ninja are needed to build the C++ consumer (pip install cmake ninja)"
        )
    work = tmp_path_factory.mktemp("cpp-consumer")
    prefix = _installed_prefix(work)
    build = work / "example"
    _run(
        "cmake",
        "-S",
        ROOT / "examples" / "cpp",
        "-B",
        build,
        "-G",
        "Ninja",
        f"-DCMAKE_PREFIX_PATH={prefix}",
    )
    _run("cmake", "--build", build)
    return build


@pytest.fixture(scope="module")
def clause_report(examples: Path) -> Path:
    return examples / "clause_report"


def _report(binary: Path, *arguments: Path) -> list[list[str]]:
    result = subprocess.run(
        [str(binary), *map(str, arguments)], check=True, capture_output=True, text=True
    )
    return [line.split(" ") for line in result.stdout.splitlines()]


def _byte_offset(text: str, code_point_offset: int) -> int:
    return len(text[:code_point_offset].encode("utf-8"))


def test_consumer_segments_like_python(clause_report: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    lines = _report(clause_report, SAMPLE)
    expected = segment(text)
    assert lines[0] == ["clauses", str(len(expected))]
    rows = [line for line in lines if line[0] == "clause"]
    assert len(rows) == len(expected) > 20
    for row, clause in zip(rows, expected, strict=True):
        assert row[2] == clause.kind
        assert int(row[3]) == _byte_offset(text, clause.start)
        assert int(row[4]) == _byte_offset(text, clause.end)
        assert " ".join(row[5:]) == (clause.label or "-")


def test_consumer_pairs_match_python_top_k(clause_report: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    clause_texts = [clause.text for clause in segment(text)]
    matrix = Vectorizer(stop_words="english").fit_transform(clause_texts)
    indices, scores = top_k(matrix, k=1)
    pairs = [line for line in _report(clause_report, SAMPLE) if line[0] == "pair"]
    expected = [
        (i, int(indices[i, 0]), scores[i, 0])
        for i in range(len(clause_texts))
        if indices[i, 0] >= 0
    ]
    assert len(pairs) == len(expected)
    for line, (row, best, score) in zip(pairs, expected, strict=True):
        assert (int(line[1]), int(line[2])) == (row, best)
        assert float(line[3]) == pytest.approx(score, abs=1e-6)


def test_consumer_loads_a_model_saved_by_python(
    clause_report: Path, seed_text: str, tmp_path: Path
) -> None:
    clause_texts = [clause.text for clause in segment(seed_text)]
    vectorizer = Vectorizer(weighting="bm25", stem="english").fit(clause_texts)
    model_path = tmp_path / "model.json"
    vectorizer.save(model_path)
    seed_path = tmp_path / "seed.txt"
    seed_path.write_text(seed_text, encoding="utf-8")

    lines = _report(clause_report, seed_path, model_path)
    header = next(line for line in lines if line[0] == "model_terms")
    assert int(header[1]) == len(vectorizer.get_feature_names_out())
    weights = {(int(line[1]), line[2]): float(line[3]) for line in lines if line[0] == "weight"}

    matrix = vectorizer.transform(clause_texts).tocoo()
    names = vectorizer.get_feature_names_out()
    expected = {
        (int(i), str(names[j])): v
        for i, j, v in zip(matrix.row, matrix.col, matrix.data, strict=True)
    }
    assert weights.keys() == expected.keys() and len(weights) > 100
    np.testing.assert_allclose(
        [weights[key] for key in expected], list(expected.values()), atol=1e-9
    )


# -- docs/cpp.md and its program, examples/cpp/guide.cpp ---------------------------------------

GUIDE_SOURCE = ROOT / "examples" / "cpp" / "guide.cpp"
GUIDE_DOC = ROOT / "docs" / "cpp.md"


def test_guide_quotes_its_program() -> None:
    source = GUIDE_SOURCE.read_text(encoding="utf-8")
    sections = re.findall(r"// \[([a-z-]+)\]\n(.*?)\n\s*// \[/\1\]", source, re.S)
    assert [name for name, _ in sections] == ["segment", "vectorize", "top-k", "save-load"]
    blocks = re.findall(r"```cpp\n(.*?)```", GUIDE_DOC.read_text(encoding="utf-8"), re.S)
    assert blocks == [textwrap.dedent(body) + "\n" for _, body in sections]


def test_guide_gives_what_python_gives(examples: Path, tmp_path: Path) -> None:
    model_path = tmp_path / "model.json"
    lines = _report(examples / "guide", SAMPLE, model_path)
    text = SAMPLE.read_text(encoding="utf-8")

    # Segment: the units of a Document with its defaults, same kinds, same places.
    units = Document(text).units
    assert lines[0] == ["units", str(len(units))] and len(units) == 48  # 43 before the lead-ins
    rows = [line for line in lines if line[0] == "unit"]
    for row, unit in zip(rows, units, strict=True):
        assert row[2] == unit.kind
        assert (int(row[3]), int(row[4])) == (
            _byte_offset(text, unit.start),
            _byte_offset(text, unit.end),
        )
        assert row[5:] == unit.text.split("\n")[0].split()

    # Vectorize and top-k: the same vocabulary size, neighbours and scores.
    vectorizer = Vectorizer(stop_words="english", stem="english")
    matrix = vectorizer.fit_transform([u.text for u in units])
    terms = next(line for line in lines if line[0] == "terms")
    assert int(terms[1]) == len(vectorizer.get_feature_names_out())
    indices, scores = top_k(matrix, k=3)
    expected = [
        (i, int(indices[i, s]), float(scores[i, s]))
        for i in range(indices.shape[0])
        for s in range(3)
        if indices[i, s] >= 0
    ]
    near = [(int(a), int(b), float(c)) for _, a, b, c in (x for x in lines if x[0] == "near")]
    assert [(i, j) for i, j, _ in near] == [(i, j) for i, j, _ in expected]
    np.testing.assert_allclose([c for *_, c in near], [c for *_, c in expected], atol=1e-9)

    # Save and load: C++ reproduced its matrix, and Python reads the model C++ saved.
    assert lines[-1] == ["reloaded", str(matrix.nnz), "same"]
    loaded = Vectorizer.load(model_path).transform([u.text for u in units])
    np.testing.assert_allclose(loaded.toarray(), matrix.toarray(), atol=1e-12)
