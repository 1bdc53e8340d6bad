#!/usr/bin/env bash
# The whole test suite: set-up and build as needed, then every CTest test.
# Extra arguments go to ctest (e.g. -L unit, -R isa.diff).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LOOM_BUILD_DIR:-$root/build}

bash "$root/scripts/build.sh"
cd "$build"
ctest --output-on-failure -j"$(nproc)" "$@"
