#!/usr/bin/env bash
# run_example.sh RUN_SH BUILD_DIR: runs an example's run.sh in a temporary
# work directory and checks that the firmware reported success.
set -euo pipefail
run=$1 build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$run" "$build" "$work" >"$work/out" 2>&1 || { cat "$work/out"; exit 1; }
grep -q ": ok$" "$work/out" || { cat "$work/out"; exit 1; }
tail -1 "$work/out"
