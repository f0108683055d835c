"""The installed C++ package, consumed by examples/cpp exactly as an outside project would.

scripts/test.sh installs the library into build/prefix and passes it as TREATYTEXT_CPP_PREFIX;
without it the fixture builds and installs the library itself (slower, same checks).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
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
def clause_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
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
    return build / "clause_report"


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
