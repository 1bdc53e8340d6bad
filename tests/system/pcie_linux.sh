#!/usr/bin/env bash
# pcie_linux.sh LOOM PLATFORM LINUX_DIR DEVICE_ID...: boots the Linux of
# scripts/build-linux.sh on a platform with pci_endpoint_test functions,
# checks that the kernel enumerated them, binds the pci_endpoint_test driver
# to each (Loom's vendor id 0x4c4d with each DEVICE_ID, at run time through
# new_id), and runs pcitest against every one: every BAR, the legacy
# interrupt, and read/write/copy at sizes 1, 1024, 1025, 1024000 and
# 1024001. Every step has a deadline: pci_endpoint_test waits for its
# interrupt without one, so a lost interrupt fails here, clearly.
# Exits 77 (skipped) when the kernel is not built.
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
# No MSI controller on virt: the driver takes INTx (pci_endpoint_test.no_msi).
console_start "$dir" "$loom" run "$platform" --kernel "$linux/Image" --initrd "$linux/initramfs.cpio.gz" \
  --append "console=ttyS0 earlycon=sbi pci_endpoint_test.no_msi=1" --stats --trace-pcie

wait_for "loom:/" 300
run "ls /sys/bus/pci/devices" 30
for id in "${device_ids[@]}"; do
  run "grep -l 0x$id /sys/bus/pci/devices/*/device" 30
done
run "echo '4c4d ${device_ids[0]}' > /sys/bus/pci/drivers/pci-endpoint-test/new_id" 30
for id in "${device_ids[@]:1}"; do
  run "echo '4c4d $id' > /sys/bus/pci/drivers/pci-endpoint-test/new_id" 30
done
for ((n = 0; n < ${#device_ids[@]}; n++)); do
  d=/dev/pci-endpoint-test.$n
  run "test -c $d" 30
  run "pcitest -D $d -i 0" 30
  # Every BAR the function has (a non-zero line of its sysfs resource
  # file; the upper half of a 64-bit BAR reads zero and is no BAR).
  run "bad=0; for bar in 0 1 2 3 4 5; do case \$(sed -n \$((bar + 1))p /sys/class/misc/pci-endpoint-test.$n/device/resource) in 0x0000000000000000*) ;; *) pcitest -D $d -b \$bar || bad=1;; esac; done; [ \$bad = 0 ]" 300
  run "pcitest -D $d -l" 60
  for size in 1 1024 1025 1024000 1024001; do
    run "pcitest -D $d -r -s $size" 300
    run "pcitest -D $d -w -s $size" 300
    run "pcitest -D $d -c -s $size" 300
  done
done
send "poweroff -f"
console_finish 60
status=$?
[[ $status -eq 0 ]] || console_fail "loom exited $status"
echo "ok: Linux enumerated ${#device_ids[@]} PCIe function(s), pci_endpoint_test bound, every pcitest passed"
grep -aE "^(BAR[0-9]|LEGACY IRQ|READ|WRITE|COPY|SET IRQ)" "$out" | tr -d "\r"
grep -E "loom: pcie|instructions retired|host time" "$dir/err"
