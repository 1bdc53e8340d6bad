#!/usr/bin/env bash
# run_example.sh RUN_SH BUILD_DIR OKS: runs an example's run.sh in a
# temporary work directory and checks that OKS programs reported success.
set -euo pipefail
run=$1 build=$2 oks=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$run" "$build" "$work" 2>&1 | tr -d '\r' >"$work/out" || { cat "$work/out"; exit 1; }
[[ $(grep -c ": ok$" "$work/out") == "$oks" ]] || { cat "$work/out"; exit 1; }
grep ": ok$" "$work/out"
