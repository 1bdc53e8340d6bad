#!/usr/bin/env bash
# run.sh [BUILD_DIR] [WORK_DIR]: the RTL PCIe function end to end, as a user
# would do it. Installs Loom from BUILD_DIR (default ./build) into
# WORK_DIR/prefix (default BUILD_DIR/pcie-rtl), builds rtl/pci_test_ep.sv into
# a PCIe function plugin outside Loom's tree (find_package(Loom),
# loom_add_rtl_device(... INTERFACES pcie)), places it in slot 2 of
# platforms/virt-pcie.yaml in its own server (WORK_DIR/virt-pcie-rtl.yaml),
# and runs the PCIe bring-up payload (examples/pcie) against both functions.
# Then, if LINUX_DIR (default BUILD_DIR/linux) has scripts/build-linux.sh's
# images, Linux runs pcitest against the RTL function. LOOM_ARGS adds loom
# options (e.g. "--trace-rtl waves --trace-pcie").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
work=${2:-$build/pcie-rtl}
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$here" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" "${launcher[@]}" \
  >"$work/configure.log" || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
sed -e "s|^  - { name: io }.*|&\n  - { name: rtl }|" \
    -e "/name: ep0,/a\\  - { name: ep1,   type: rtl/pci_test_ep, plugin: $work/build/libpci_test_ep.so, server: rtl, pcie: { slot: 2 } }" \
    "$here/../../platforms/virt-pcie.yaml" >"$work/virt-pcie-rtl.yaml"
loom=$work/prefix/bin/loom
# shellcheck disable=SC2086
"$loom" run "$work/virt-pcie-rtl.yaml" --kernel "$build/examples/pcie/pcie_probe.bin" ${LOOM_ARGS:-}
linux=${LINUX_DIR:-$build/linux}
if [[ -f $linux/Image && -f $linux/initramfs.cpio.gz ]]; then
  d=/dev/pci-endpoint-test.0
  # shellcheck disable=SC2086
  "$loom" run "$work/virt-pcie-rtl.yaml" --kernel "$linux/Image" --initrd "$linux/initramfs.cpio.gz" ${LOOM_ARGS:-} \
    --append "console=ttyS0 quiet pci_endpoint_test.no_msi=1 loomrun=\"echo 4c4d 0002 > /sys/bus/pci/drivers/pci-endpoint-test/new_id; pcitest -D $d -b 0 && pcitest -D $d -l && pcitest -D $d -c -s 100000 && echo pcitest on the RTL function: ok\""
else
  echo "linux: skipped, no $linux/Image or initramfs.cpio.gz (build them with scripts/build-linux.sh)"
fi
