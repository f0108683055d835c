#!/usr/bin/env bash
# Installs what treatytext needs, idempotently, for one use:
#
#   run        the main job (scripts/sample.sh): a C++ compiler, the libraries the extension links,
#              a virtual environment and `pip install .`
#   test       the test command (scripts/test.sh): run + GoogleTest, Google Benchmark (built as a
#              check), clang-format and `pip install .[test]`
#   notebooks  run + `pip install .[notebooks]` (Jupyter), to open notebooks/ in JupyterLab
#
# Sourced by scripts/sample.sh (`source scripts/setup.sh run`) and scripts/test.sh, or run on its
# own (`bash scripts/setup.sh notebooks`). The virtual environment is .venv ($TREATYTEXT_VENV
# overrides). Exports TT_ROOT, TT_VENV and PATH (with the venv first).
set -euo pipefail
TT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TT_VENV=${TREATYTEXT_VENV:-$TT_ROOT/.venv}
export TT_ROOT TT_VENV
tt_use=${1:-test}
case "$tt_use" in
  run | test | notebooks) ;;
  *) echo "setup: unknown use '$tt_use' (run, test or notebooks)" >&2; exit 2 ;;
esac

# Debian packages (README "System requirements"): what `pip install .` compiles against ...
apt_packages=(build-essential python3-dev python3-venv libeigen3-dev nlohmann-json3-dev
  libutf8proc-dev libstemmer-dev)
# ... and what only the test command needs.
if [ "$tt_use" = test ]; then
  apt_packages+=(libgtest-dev libbenchmark-dev clang-format)
  # clang + compiler-rt: the sanitizer and libFuzzer builds (scripts/sanitize.sh, fuzz/)
  apt_packages+=(clang libclang-rt-dev)
  # Headless Chromium: the tests read computed styles of the report and the exported notebooks.
  apt_packages+=(chromium)
fi
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages (apt-get): ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x "$TT_VENV/bin/python" ]; then
  echo "setup: creating the virtual environment $TT_VENV"
  python3 -m venv "$TT_VENV"
fi
export PATH="$TT_VENV/bin:$PATH"
export PIP_DISABLE_PIP_VERSION_CHECK=1

# Build tools first so that the package builds without isolation and reuses build/ between runs.
echo "setup: Python build tools (scikit-build-core, pybind11, cmake, ninja)"
python -m pip install -q "scikit-build-core>=0.10" "pybind11>=2.12" cmake ninja
case "$tt_use" in
  run) target="$TT_ROOT" ;;
  test) target="$TT_ROOT[test]" ;;
  notebooks) target="$TT_ROOT[notebooks]" ;;
esac
echo "setup: pip install ${target#"$TT_ROOT"} (compiles the C++ core: a few minutes the first time on 2 cores, seconds after)"
python -m pip install -q --no-build-isolation "$target"
if [ "$tt_use" = notebooks ]; then
  echo "setup: done; open the notebooks with: source $TT_VENV/bin/activate && cd $TT_ROOT/notebooks && jupyter lab"
fi
