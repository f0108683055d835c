"""The self-contained wheel (scripts/build_wheel.sh) installs and runs without a compiler, root
or Debian's libutf8proc and libstemmer: auditwheel bundled them, and the extension loads them
from inside the installed package. Also: a plain `pip install` gives every documented entry point
(the CLI, Corpus tables), and a missing extra says which one to install."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

from installed import ROOT, run, user_environment

BUNDLED = ("libutf8proc", "libstemmer")
SAMPLE = ROOT / "samples" / "sample-treaty.txt"


def _extension(python: Path, cwd: Path) -> Path:
    venv_dir = python.parents[1]
    result = run(
        [python, "-c", "import treatytext._core as c; print(c.__file__)"],
        env=user_environment(venv_dir),
        cwd=cwd,
    )
    return Path(result.stdout.strip())


def test_wheel_is_manylinux_and_carries_the_libraries(built_wheel: Path) -> None:
    assert re.fullmatch(
        r"treatytext-0\.1\.0-cp3\d+-cp3\d+-manylinux_2_\d+_x86_64\.whl", built_wheel.name
    )
    names = zipfile.ZipFile(built_wheel).namelist()
    libraries = [n for n in names if n.startswith("treatytext.libs/")]
    for library in BUNDLED:
        assert any(Path(n).name.startswith(f"{library}-") for n in libraries), names
    shown = run(["auditwheel", "show", built_wheel]).stdout
    assert "is consistent with the following platform tag" in " ".join(shown.split())


def test_extension_resolves_the_libraries_inside_the_install(
    plain_install: Path, tmp_path: Path
) -> None:
    venv_dir = plain_install.parents[1]
    extension = _extension(plain_install, tmp_path)
    assert extension.is_relative_to(venv_dir)
    libs = extension.parents[1] / "treatytext.libs"
    resolved = {}
    for line in run(["ldd", extension], env=user_environment(venv_dir)).stdout.splitlines():
        match = re.match(r"\s*(\S+) => (\S+)", line)
        if match:
            resolved[match.group(1)] = Path(match.group(2))
    for library in BUNDLED:
        found = [path for name, path in resolved.items() if name.startswith(library)]
        assert found and all(path.resolve().parent == libs.resolve() for path in found), resolved
    assert "not found" not in str(resolved)


def test_installed_package_analyses_like_the_tree_under_test(
    plain_install: Path, tmp_path: Path
) -> None:
    import treatytext as tt

    script = f"""
import json, treatytext as tt
text = open({str(SAMPLE)!r}, encoding="utf-8").read()
clauses = tt.segment(text)
matrix = tt.Vectorizer(stop_words="english", stem="english").fit_transform(
    [c.text for c in clauses])
indices, scores = tt.top_k(matrix, k=1)
print(json.dumps({{"package": tt.__file__, "kinds": [c.kind for c in clauses],
                  "best": indices[:, 0].tolist(), "score": float(scores[:, 0].sum())}}))
"""
    venv_dir = plain_install.parents[1]
    result = run([plain_install, "-c", script], env=user_environment(venv_dir), cwd=tmp_path)
    installed = json.loads(result.stdout)
    assert Path(installed["package"]).is_relative_to(venv_dir)

    text = SAMPLE.read_text(encoding="utf-8")
    clauses = tt.segment(text)
    matrix = tt.Vectorizer(stop_words="english", stem="english").fit_transform(
        [c.text for c in clauses]
    )
    indices, scores = tt.top_k(matrix, k=1)
    assert installed["kinds"] == [c.kind for c in clauses] and len(clauses) > 20
    assert installed["best"] == indices[:, 0].tolist()
    assert abs(installed["score"] - float(scores[:, 0].sum())) < 1e-9


def test_documented_entry_points_work_after_a_plain_install(
    plain_install: Path, tmp_path: Path
) -> None:
    venv_dir = plain_install.parents[1]
    environment = user_environment(venv_dir)
    cli = venv_dir / "bin" / "treatytext"
    report = tmp_path / "report.html"
    table = run(
        [cli, "analyze", SAMPLE, "--top", "5", "--pairs", "3", "--html", report],
        env=environment,
        cwd=tmp_path,
    ).stdout
    assert "dispute" in table.lower() and "<img" in report.read_text(encoding="utf-8")
    script = f"""
import treatytext as tt
doc = tt.Document.from_file({str(SAMPLE)!r})
corpus = tt.Corpus([doc])
similar = corpus.most_similar("dispute settlement", k=5)
print(len(doc.clauses), len(corpus.top_terms(10)), len(similar))
"""
    counts = run([plain_install, "-c", script], env=environment, cwd=tmp_path).stdout.split()
    import treatytext as tt  # the tree under test gives the same tables

    doc = tt.Document.from_file(SAMPLE)
    corpus = tt.Corpus([doc])
    expected = [
        len(doc.clauses),
        len(corpus.top_terms(10)),
        len(corpus.most_similar("dispute settlement", k=5)),
    ]
    assert [int(c) for c in counts] == expected and expected[0] > 20 and expected[2] >= 1


def test_a_missing_extra_names_it(plain_install: Path) -> None:
    venv_dir = plain_install.parents[1]
    result = subprocess.run(
        [str(plain_install), "-c", "import treatytext.sklearn"],
        env=user_environment(venv_dir),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert (
        "ModuleNotFoundError: treatytext.sklearn needs sklearn, which is not installed; "
        "install it with pip install 'treatytext[sklearn]'" in result.stderr
    )
