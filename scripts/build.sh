#!/usr/bin/env bash
# Installs what is missing, configures (once) and builds Loom into ./build.
# Extra arguments are passed to the CMake configure step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LOOM_BUILD_DIR:-$root/build}

bash "$root/scripts/install-deps.sh"
if [[ ! -f $build/CMakeCache.txt || $# -gt 0 ]]; then
  cmake -S "$root" -B "$build" -G Ninja "$@"
fi
cmake --build "$build" -j"$(nproc)"
