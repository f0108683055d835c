"""The treatytext command line, end to end: outputs, the HTML report, exit codes, messages."""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import treatytext
from treatytext.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "sample-treaty.txt"

TREATY_A = """Article 1
1. The Parties shall cooperate in trade and investment.
2. Each Party shall notify the other Party of new measures.

Article 2
1. The Parties shall cooperate in customs matters.
2. Disputes shall be settled by consultation between the Parties.
"""
TREATY_B = """Article 1
1. Disputes shall be settled by consultation between the Parties.
2. The Parties shall cooperate in trade and investment.

Article 2
1. Fisheries are excluded from this Agreement.
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    paths = [
        str(Path(treatytext.__file__).resolve().parents[1]),
        *filter(None, [os.environ.get("PYTHONPATH")]),
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, "-m", "treatytext", *args],
        capture_output=True, text=True, env=env, cwd=cwd or ROOT, timeout=120,
    )  # fmt: skip


@pytest.fixture()
def treaties(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(TREATY_A, encoding="utf-8")
    b.write_text(TREATY_B, encoding="utf-8")
    return a, b


def test_analyze_sample_table_and_html_report(tmp_path: Path, treaties) -> None:
    source = SAMPLE if SAMPLE.is_file() else treaties[0]
    report = tmp_path / "report.html"
    result = run("analyze", str(source), "--top", "5", "--pairs", "3", "--html", str(report))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith(f"== {source.stem}: ")
    assert "top terms: " in result.stdout
    assert "== most similar unit pairs" in result.stdout
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    images = page.split('src="data:image/png;base64,')[1:]
    assert len(images) == 1  # the top-term bars; the similarity heatmap is inline SVG
    assert page.count('<svg class="tt-heatmap"') == 1
    png = base64.b64decode(images[0].split('"', 1)[0])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert "<mark>" in page
    assert "http" not in page.split("<footer>")[0]  # self-contained: nothing fetched


def test_analyze_json_and_csv(treaties) -> None:
    a, b = treaties
    result = run("analyze", str(a), str(b), "--format", "json", "--top", "3", "--pairs", "2")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["name"] for d in data["documents"]] == ["a", "b"]
    first = data["documents"][0]
    assert [c["ref"] for c in first["units"]] == [
        "Article 1 1.", "Article 1 2.", "Article 2 1.", "Article 2 2.",
    ]  # fmt: skip
    assert first["units"][0]["text"] == "The Parties shall cooperate in trade and investment."
    assert (
        TREATY_A[first["units"][0]["start"] : first["units"][0]["end"]]
        == (first["units"][0]["text"])
    )
    assert [t["term"] for t in first["top_terms"]][:2] == ["shall", "parties"]
    assert len(data["pairs"]) == 2
    assert data["pairs"][0]["score"] == pytest.approx(1.0)
    assert {data["pairs"][0]["document_a"], data["pairs"][0]["document_b"]} == {"a", "b"}


def test_analyze_csv_one_row_per_clause(treaties, capsys) -> None:
    assert main(["analyze", str(treaties[0]), "--format", "csv", "--top", "2"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert table.columns.tolist() == [
        "document", "clause", "ref", "kind", "label", "heading", "start", "end", "top_terms",
        "most_similar", "similarity", "text",
    ]  # fmt: skip
    assert len(table) == 4
    assert table["most_similar"].iloc[0] == "Article 2 1."
    assert table["text"].iloc[3] == "Disputes shall be settled by consultation between the Parties."


def test_compare_table_json_csv_html(tmp_path: Path, treaties) -> None:
    a, b = treaties
    result = run("compare", str(a), str(b))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2 pairs (one-to-one, score ≥ 0.5)")
    assert "1.000  Article 1 1.  <->  Article 1 2." in result.stdout
    assert "only in b:" in result.stdout and "Fisheries are excluded" in result.stdout

    report = tmp_path / "compare.html"
    result = run("compare", str(a), str(b), "--format", "json", "--html", str(report))
    data = json.loads(result.stdout)
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [(0, 1), (3, 0)]
    assert [u["a"] for u in data["unmatched_a"]] == [1, 2]
    assert [u["b"] for u in data["unmatched_b"]] == [2]
    assert report.read_text(encoding="utf-8").count("data:image/png;base64,") == 1


def test_compare_csv(treaties, capsys) -> None:
    a, b = treaties
    assert main(["compare", str(a), str(b), "--format", "csv", "--threshold", "0.99"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert table["status"].value_counts().to_dict() == {
        "matched": 2,
        "only in A": 2,
        "only in B": 1,
    }


def test_invalid_utf8_exits_1_naming_the_byte_offset(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Valid start – ".encode() + b"\xff rest")  # the bad byte is at offset 16
    result = run("analyze", str(bad))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"treatytext: error: {bad}: invalid UTF-8")
    assert "at byte 16 " in result.stderr


def test_bad_paths_exit_1_with_one_line(tmp_path: Path, treaties, capsys) -> None:
    cases = {
        str(tmp_path / "missing.txt"): "missing.txt: no such file",
        str(tmp_path): "is a directory, not a text file",
    }
    for path, message in cases.items():
        assert main(["compare", str(treaties[0]), path]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.count("\n") == 1 and captured.err.startswith("treatytext: error: ")
        assert message in captured.err


def test_unreadable_file(tmp_path: Path, capsys) -> None:
    if os.geteuid() == 0:  # root reads any file; /proc/self/mem exists but cannot be read
        target = "/proc/self/mem"
        expected = "cannot read"
    else:
        path = tmp_path / "secret.txt"
        path.write_text("x", encoding="utf-8")
        path.chmod(0)
        target, expected = str(path), "permission denied"
    assert main(["analyze", target]) == 1
    assert expected in capsys.readouterr().err


def test_usage_errors_exit_2(treaties, capsys) -> None:
    a, _ = treaties
    assert main([]) == 2
    for argv in (
        ["analyze"],
        ["analyze", str(a), "--format", "xml"],
        ["analyze", str(a), "--top", "many"],
        ["compare", str(a)],
        ["compare", str(a), str(a), "--threshold", "1.5"],
        ["frobnicate"],
    ):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2, argv
    assert "usage: treatytext" in capsys.readouterr().err


def test_empty_file_and_in_process_main(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["analyze", str(empty)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "== empty: 0 units, 0 characters\n\n"
    assert captured.err == f"treatytext: warning: {empty} is empty: it adds no units\n"
