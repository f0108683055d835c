#!/usr/bin/env bash
# Runs every test of treatytext after installing what they need (see scripts/setup.sh):
# formatting checks, the C++ GoogleTest suite, the installed C++ package consumed by
# examples/cpp, and the Python suite (pytest, notebooks included; the self-contained wheel is
# built by scripts/build_wheel.sh and installed into fresh venvs, as a user would).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" test
cd "$TT_ROOT"
jobs=$(nproc 2>/dev/null || echo 2)

echo "== formatting (ruff, clang-format)"
ruff check python tests benchmarks
ruff format --check python tests benchmarks
mapfile -t cpp_files < <(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find cpp python/src tests/cpp examples benchmarks -name '*.[ch]pp')
clang-format --dry-run --Werror "${cpp_files[@]}"

echo "== C++ core and GoogleTest"
cmake -S . -B build/cpp -G Ninja -DCMAKE_BUILD_TYPE=Release -DTREATYTEXT_BUILD_TESTS=ON \
  -DTREATYTEXT_BUILD_BENCHMARKS=ON -DCMAKE_INSTALL_PREFIX="$TT_ROOT/build/prefix" >/dev/null
cmake --build build/cpp -j "$jobs"
ctest --test-dir build/cpp --output-on-failure -j "$jobs"
cmake --install build/cpp >/dev/null

# Sanitizers and fuzzing (SECURITY.md): ASan + UBSan build of the suite and the fuzz targets,
# ThreadSanitizer on the threaded tests, then each fuzz target for TREATYTEXT_FUZZ_SECONDS.
bash scripts/sanitize.sh
bash fuzz/run.sh "${TREATYTEXT_FUZZ_SECONDS:-45}"

echo "== Python (pytest, notebooks, C++ consumer)"
export TREATYTEXT_CPP_PREFIX="$TT_ROOT/build/prefix"
python -m pytest -p no:cacheprovider "$@"
