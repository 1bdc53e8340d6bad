#!/usr/bin/env bash
# run.sh [BUILD_DIR] [WORK_DIR]: the RTL DMA example end to end, as a user
# would do it. Installs Loom from BUILD_DIR (default ./build) into
# WORK_DIR/prefix (default BUILD_DIR/rtl-dma), builds the engine into a
# device plugin outside Loom's tree with find_package(Loom), and runs three
# programs with the engine in a device server:
#   bare   dma_copy.elf, bare-metal firmware on the `bare` board;
#   virt   dma_virt.bin, an S-mode payload under OpenSBI on the `virt` board
#          (platforms/virt.yaml plus the engine: WORK_DIR/virt-dma.yaml);
#   linux  Linux on that board, running `dmacopy` (examples/rtl-dma/linux) from
#          its initramfs; skipped when LINUX_DIR (default BUILD_DIR/linux) has
#          no images from scripts/build-linux.sh.
# The two firmware programs are built with Loom (BUILD_DIR/examples/rtl-dma).
# STEPS picks steps (default "bare virt linux"); LOOM_ARGS adds loom options,
# e.g. LOOM_ARGS="--trace-rtl waves" for a VCD of the engine; BUILD_ONLY=1 stops
# after building the plugin (WORK_DIR/build/libdma.so; bench/rtl.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
work=${2:-$build/rtl-dma}
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$here" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" "${launcher[@]}" \
  >"$work/configure.log" || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
[[ ${BUILD_ONLY:-0} == 1 ]] && exit 0
steps=" ${STEPS:-bare virt linux} "
loom=$work/prefix/bin/loom
if [[ $steps == *" bare "* ]]; then
  # shellcheck disable=SC2086
  "$loom" run --elf "$build/examples/rtl-dma/dma_copy.elf" ${LOOM_ARGS:-} \
    --remote "io:dma0:rtl/dma:0x10001000:0x1000:3:plugin=$work/build/libdma.so,clock=100MHz"
fi
sed "/name: uart0,/a\\  - { name: dma0, type: rtl/dma, plugin: $work/build/libdma.so, clock: 100MHz, base: 0x10010000, size: 0x1000, irq: 12, server: io }" \
  "$here/../../platforms/virt.yaml" >"$work/virt-dma.yaml"
if [[ $steps == *" virt "* ]]; then
  # shellcheck disable=SC2086
  "$loom" run "$work/virt-dma.yaml" --kernel "$build/examples/rtl-dma/dma_virt.bin" ${LOOM_ARGS:-}
fi
if [[ $steps == *" linux "* ]]; then
  linux=${LINUX_DIR:-$build/linux}
  if [[ ! -f $linux/Image || ! -f $linux/initramfs.cpio.gz ]]; then
    echo "linux: skipped, no $linux/Image or initramfs.cpio.gz (build them with scripts/build-linux.sh)"
  else
    # The initramfs's init runs `loomrun` instead of a shell, then powers off
    # with its exit status; at the shell, type `dmacopy` yourself.
    # shellcheck disable=SC2086
    "$loom" run "$work/virt-dma.yaml" --kernel "$linux/Image" --initrd "$linux/initramfs.cpio.gz" ${LOOM_ARGS:-} \
      --append "console=ttyS0 earlycon=sbi quiet loomrun=dmacopy"
  fi
fi
