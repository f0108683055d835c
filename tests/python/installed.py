"""Helpers for tests that meet treatytext as a user does: a wheel built by scripts/build_wheel.sh,
installed with pip into a fresh virtual environment, run with the variables a user has (none of
the test harness's: no PYTHONPATH, LD_LIBRARY_PATH or TREATYTEXT_CORPORA)."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What the test harness sets and a user's session does not have.
HARNESS_VARIABLES = (
    "PYTHONPATH", "PYTHONHOME", "LD_LIBRARY_PATH", "VIRTUAL_ENV", "TREATYTEXT_CORPORA",
    "TREATYTEXT_TOTA", "TREATYTEXT_CPP_PREFIX", "PYTEST_CURRENT_TEST", "JUPYTER_PATH",
)  # fmt: skip


def run(command: list[str | os.PathLike[str]], **options) -> subprocess.CompletedProcess[str]:
    """Runs a command; on failure the error carries its output (what pytest shows)."""
    result = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, **options
    )
    if result.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, command))} exited {result.returncode}\n"
            f"--- stdout\n{result.stdout[-6000:]}\n--- stderr\n{result.stderr[-6000:]}"
        )
    return result


def build_wheel(out: Path) -> Path:
    """The self-contained wheel, built by scripts/build_wheel.sh with this interpreter."""
    environment = {**os.environ, "PYTHON": sys.executable}
    result = run(["bash", ROOT / "scripts" / "build_wheel.sh", out], env=environment)
    return Path(result.stdout.strip().splitlines()[-1])


def user_environment(venv_dir: Path, home: Path | None = None) -> dict[str, str]:
    """The environment of a user whose shell has activated ``venv_dir``."""
    environment = {k: v for k, v in os.environ.items() if k not in HARNESS_VARIABLES}
    environment["PATH"] = os.pathsep.join([str(venv_dir / "bin"), environment.get("PATH", "")])
    environment["VIRTUAL_ENV"] = str(venv_dir)
    environment["TREATYTEXT_PROGRESS"] = "0"  # no bars in captured output
    if home is not None:  # keeps kernelspecs and settings of this machine's user out
        environment["JUPYTER_CONFIG_DIR"] = str(home / "jupyter-config")
        environment["JUPYTER_DATA_DIR"] = str(home / "jupyter-data")
        environment["IPYTHONDIR"] = str(home / "ipython")
    return environment


def install_wheel(venv_dir: Path, wheel: Path, extras: str = "") -> Path:
    """A fresh virtual environment holding ``wheel`` (with ``extras``) and its dependencies, as
    ``python -m venv`` and ``pip install`` make it; returns its python."""
    venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
    python = venv_dir / "bin" / "python"
    requirement = f"treatytext[{extras}] @ {wheel.as_uri()}" if extras else str(wheel)
    run(
        [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", requirement],
        env=user_environment(venv_dir),
        cwd=venv_dir,
    )
    return python
