#!/usr/bin/env bash
# Loom's main job: build everything as needed, then boot the virt board:
# OpenSBI (Debian's fw_jump) and the sbi-demo payload, with the UART, the
# power device and the RTC as SystemC models in a device-server process.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LOOM_BUILD_DIR:-$root/build}

bash "$root/scripts/build.sh" >&2
exec "$build/cli/loom" run "$root/platforms/virt.yaml" --kernel "$build/examples/sbi-demo.bin" --stats "$@"
