#!/usr/bin/env bash
# Installs what treatytext needs, idempotently: Debian packages (when missing), a virtual
# environment (.venv, or $TREATYTEXT_VENV) and the package itself with its test extras.
# Sourced by scripts/sample.sh and scripts/test.sh; exports TT_ROOT, TT_VENV and PATH.
set -euo pipefail
TT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TT_VENV=${TREATYTEXT_VENV:-$TT_ROOT/.venv}
export TT_ROOT TT_VENV

apt_packages=(build-essential python3-venv libeigen3-dev nlohmann-json3-dev libgtest-dev
  libbenchmark-dev libutf8proc-dev libstemmer-dev clang-format)
# Headless Chromium: the tests read computed styles of the report and the exported notebooks.
apt_packages+=(chromium)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x "$TT_VENV/bin/python" ]; then
  echo "setup: creating virtual environment $TT_VENV"
  python3 -m venv "$TT_VENV"
fi
export PATH="$TT_VENV/bin:$PATH"
export PIP_DISABLE_PIP_VERSION_CHECK=1

# Build tools first so that the package builds without isolation and reuses build/ between runs.
python -m pip install -q "scikit-build-core>=0.10" "pybind11>=2.12" cmake ninja
python -m pip install -q --no-build-isolation "$TT_ROOT[test,bench]"
