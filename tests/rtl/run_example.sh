#!/usr/bin/env bash
# run_example.sh RUN_SH BUILD_DIR OKS [STEPS]: runs an example's run.sh in a
# temporary work directory (with STEPS, when given) and checks that OKS
# programs reported success. A Linux step needs scripts/build-linux.sh's
# images in LINUX_DIR (default BUILD_DIR/linux): without them, exit 77 (skipped).
set -euo pipefail
run=$1 build=$2 oks=$3
[[ $# -ge 4 ]] && export STEPS=$4
if [[ " ${STEPS:-} " == *" linux "* ]]; then
  linux=${LINUX_DIR:-$build/linux}
  for f in Image initramfs.cpio.gz; do
    [[ -f $linux/$f ]] || { echo "SKIP: $linux/$f not found: build Linux first with scripts/build-linux.sh"; exit 77; }
  done
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$run" "$build" "$work" 2>&1 | tr -d '\r' >"$work/out" || { cat "$work/out"; exit 1; }
[[ $(grep -c ": ok$" "$work/out") == "$oks" ]] || { cat "$work/out"; exit 1; }
grep ": ok$" "$work/out"
