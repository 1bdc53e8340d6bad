#!/usr/bin/env bash
# Loom's main job for now: build everything as needed, then run the demo
# program on the built-in `bare` platform and show its statistics.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LOOM_BUILD_DIR:-$root/build}

bash "$root/scripts/build.sh" >&2
exec "$build/cli/loom" run --platform bare --elf "$build/examples/demo.elf" --stats "$@"
