#!/usr/bin/env bash
# The main job: installs treatytext and what it needs to run, nothing more (see scripts/setup.sh
# run), and analyses the bundled sample treaty: its clauses, top terms and most similar clause
# pairs, printed and written as an HTML report to out/sample-report.html.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" run
cd "$TT_ROOT"
mkdir -p out
echo "sample: treatytext analyze samples/sample-treaty.txt"
treatytext analyze samples/sample-treaty.txt --html out/sample-report.html "$@"
echo "report: $TT_ROOT/out/sample-report.html"
