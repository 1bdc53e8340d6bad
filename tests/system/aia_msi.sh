#!/usr/bin/env bash
# aia_msi.sh LOOM PLATFORM LINUX_DIR DEVICE_ID...: Linux 6.12 on the AIA board
# with pci_endpoint_test functions: binds the driver to each (vendor 0x4c4d,
# device DEVICE_ID, through new_id) and runs pcitest's MSI test on vector 1,
# then MSI-X on every vector the endpoint offers (32), then a copy signalled
# by MSI-X. Each message is a posted DMA write from the endpoint's server
# that lands in the IMSIC. Every step has a deadline. Linux 6.12's IMSIC
# driver allocates one MSI vector (its MSI parent does not offer
# MSI_FLAG_MULTI_PCI_MSI), so pcitest's MSI test stops at vector 1 here;
# system.aia.pcie_msi_firmware drives all 32 from firmware.
# Exits 77 (skipped) when the 6.12 kernel is not built.
set -u
loom=$1 platform=$2 linux=$3
shift 3
device_ids=("$@")
# shellcheck source=linux_images.sh
source "$(dirname "$0")/linux_images.sh"
require_linux_images "$linux" Image initramfs.cpio.gz
dir=$(mktemp -d)
trap 'kill -9 "${loom_pid:-}" 2>/dev/null; rm -rf "$dir"' EXIT
# shellcheck source=console_lib.sh
source "$(dirname "$0")/console_lib.sh"
console_start "$dir" "$loom" run "$platform" --kernel "$linux/Image" --initrd "$linux/initramfs.cpio.gz" --stats
wait_for "loom:/" 300
for id in "${device_ids[@]}"; do
  run "echo '4c4d $id' > /sys/bus/pci/drivers/pci-endpoint-test/new_id" 30
done
for ((n = 0; n < ${#device_ids[@]}; n++)); do
  d=/dev/pci-endpoint-test.$n
  run "pcitest -D $d -I | grep -q MSI" 30   # the driver chose MSI by default
  run "pcitest -D $d -m 1" 60
  run "pcitest -D $d -i 2" 30
  run "bad=0; for v in \$(seq 1 32); do pcitest -D $d -x \$v || bad=1; done; [ \$bad = 0 ]" 300
  run "pcitest -D $d -c -s 1024001" 300
done
run "grep -c PCI-MSIX /proc/interrupts" 30
send "poweroff -f"
console_finish 60
status=$?
[[ $status -eq 0 ]] || console_fail "loom exited $status"
echo "ok: MSI and MSI-X (32 vectors) from ${#device_ids[@]} endpoint(s) reached Linux through the IMSIC"
grep -acE "^MSI-X[0-9]+:.*OKAY" "$out" | sed 's/^/MSI-X OKAYs: /'
