#!/usr/bin/env bash
# Sanitizer runs of the C++ core (part of scripts/test.sh; also usable alone):
#  1. one clang build of the core, the GoogleTest suite and the fuzz targets with
#     AddressSanitizer + UndefinedBehaviorSanitizer (any report fails the run), then the suite;
#  2. a ThreadSanitizer build of the core and the threaded GoogleTest files, then those tests.
# Usage: scripts/sanitize.sh [asan|tsan|all]  (default all). Build trees: build/asan, build/tsan.
# -O1 with line tables: the fastest build that still gives readable reports.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jobs=$(nproc 2>/dev/null || echo 2)
what=${1:-all}
common=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1"
  -DCMAKE_CXX_COMPILER=clang++ -DTREATYTEXT_BUILD_TESTS=ON)
# The threaded suites (scheduler, top-k, counting, fitting, the statistics' workers).
threaded=(test_similarity test_count test_vectorizer test_sklearn_analyzer test_weight test_cluster test_scale)

if [ "$what" = all ] || [ "$what" = asan ]; then
  echo "== sanitizers: AddressSanitizer + UndefinedBehaviorSanitizer (C++ suite, fuzz targets)"
  cmake -S . -B build/asan "${common[@]}" -DTREATYTEXT_SANITIZE=address,undefined \
    -DTREATYTEXT_BUILD_FUZZERS=ON >/dev/null
  cmake --build build/asan -j "$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/asan --output-on-failure -j "$jobs"
fi

if [ "$what" = all ] || [ "$what" = tsan ]; then
  echo "== sanitizers: ThreadSanitizer (threaded C++ tests)"
  cmake -S . -B build/tsan "${common[@]}" -DTREATYTEXT_SANITIZE=thread >/dev/null
  cmake --build build/tsan -j "$jobs" --target "${threaded[@]}"
  # The executables run directly: ctest would also list the suites not built here.
  for test in "${threaded[@]}"; do
    echo "-- $test"
    TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 "build/tsan/tests/cpp/$test" --gtest_brief=1
  done
fi
