#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each (default 45) from its committed seed corpus
# (fuzz/corpus/<target>, read only: new inputs go to a scratch folder). A crash, a broken
# oracle, a leak, a sanitizer report, a timeout (10 s) or an input taking over 2 GB fails the
# run and leaves the input in build/fuzz-artifacts/. Builds build/asan (clang, ASan + UBSan +
# coverage; shared with scripts/sanitize.sh) when needed. Usage: fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
seconds=${1:-45}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(segment analyzer model csr)
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" \
  -DCMAKE_CXX_COMPILER=clang++ -DTREATYTEXT_BUILD_TESTS=ON -DTREATYTEXT_SANITIZE=address,undefined \
  -DTREATYTEXT_BUILD_FUZZERS=ON >/dev/null
cmake --build build/asan -j "$jobs" --target "${targets[@]/#/fuzz_}"
mkdir -p build/fuzz-artifacts
for target in "${targets[@]}"; do
  scratch=$(mktemp -d)
  dictionary=()
  [ -f "fuzz/$target.dict" ] && dictionary=("-dict=fuzz/$target.dict")
  echo "-- fuzz_$target: ${seconds} s"
  log="build/fuzz-artifacts/$target.log"
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "build/asan/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=8192 -print_final_stats=1 -artifact_prefix="build/fuzz-artifacts/$target-" \
    "${dictionary[@]}" "$scratch" "fuzz/corpus/$target" >"$log" 2>&1; then
    tail -n 60 "$log"
    rm -rf "$scratch"
    echo "fuzz_$target found a failure; the input is in build/fuzz-artifacts/" >&2
    exit 1
  fi
  rm -rf "$scratch"
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|INITED|DONE" "$log" | sed 's/^/   /' || true
done
