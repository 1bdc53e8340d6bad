#!/usr/bin/env bash
# out_of_tree.sh BUILD_DIR SOURCE_DIR FIRMWARE_ELF: installs Loom from
# BUILD_DIR into a temporary prefix, builds tests/rtl/out_of_tree (an RTL
# device plugin) against it with find_package(Loom), and runs the firmware
# with the installed loom and that plugin in a device server.
set -euo pipefail
build=$1 source=$2 elf=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$source/tests/rtl/out_of_tree" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DREGS_SV="$source/tests/rtl/verilog/rtl_regs.sv" "${launcher[@]}" >"$work/configure.log" ||
  { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
"$work/prefix/bin/loom" run --elf "$elf" \
  --remote "s0:regs0:rtl/my_regs:0x10001000:0x1000:3:plugin=$work/build/libmy_regs.so" >"$work/run.log"
grep -q "ok bridge rtl regs" "$work/run.log" || { cat "$work/run.log"; exit 1; }
echo "ok: the out-of-tree plugin ran"
