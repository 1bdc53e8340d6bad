#!/usr/bin/env bash
# pcie.sh [BUILD_DIR] [RUNS]: the PCIe benchmarks, side by side in one run
# on this machine, RUNS times each (default 5), medians:
#   1. configuration read latency (ECAM -> the server hosting the function)
#      and BAR MMIO read round trips, SystemC endpoint (server io) against
#      the RTL endpoint (server rtl), from the bring-up payload's --stats;
#   2. DMA throughput of `pcitest -r -s 1024000` under Linux, both endpoints:
#      host seconds per command from runs of 1 and 11 commands, as MB per
#      host second;
#   3. what QEMU can be compared on: it has no pci_endpoint_test-compatible
#      device (pci-testdev and edu speak other protocols), so pcitest cannot
#      run there. Compared instead: the same kernel and initramfs booting,
#      enumerating PCIe and powering off, Loom (virt-pcie + the RTL endpoint)
#      against qemu-system-riscv64 -M virt with pci-testdev and edu.
# Linux parts need scripts/build-linux.sh's images (else skipped).
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
runs=${2:-5}
loom=$build/cli/loom
platform=$build/tests/system/virt-pcie-rtl.yaml
probe=$build/examples/pcie/pcie_probe.bin
linux=$build/linux
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
median() { sort -g | awk '{v[NR]=$1} END {m=(NR+1)/2; if (m==int(m)) print v[m]; else print (v[int(m)]+v[int(m)+1])/2}'; }
now() { date +%s.%N; }
echo "pcie benchmarks: $runs runs each, medians; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

for _ in $(seq "$runs"); do
  "$loom" run "$platform" --kernel "$probe" --no-register-mirror --stats >/dev/null 2>"$tmp/probe.err"
  for link in io rtl; do
    sed -n "s/^loom: link $link: .*PCIe configuration accesses [0-9]* (p50 \([0-9.]*\) us.*/\1/p" "$tmp/probe.err" >>"$tmp/config.$link"
    sed -n "s/^loom: link $link: reads [0-9]* (p50 \([0-9.]*\) us.*/\1/p" "$tmp/probe.err" >>"$tmp/bar.$link"
  done
done
for link in io rtl; do
  kind=SystemC; [[ $link == rtl ]] && kind=RTL
  printf "%-52s p50 %7.1f us\n" "configuration read/write, $kind endpoint" "$(median <"$tmp/config.$link")"
done
b_io=$(median <"$tmp/bar.io") b_rtl=$(median <"$tmp/bar.rtl")
printf "%-52s p50 %7.1f us\n" "BAR MMIO read round trip, SystemC endpoint" "$b_io"
printf "%-52s p50 %7.1f us   RTL/SystemC %.2f\n" "BAR MMIO read round trip, RTL endpoint" "$b_rtl" "$(echo "$b_rtl / $b_io" | bc -l)"

if [[ ! -f $linux/Image || ! -f $linux/initramfs.cpio.gz ]]; then
  echo "Linux: skipped ($linux/Image not built: run scripts/build-linux.sh)"
  exit 0
fi
bind="echo 4c4d 0001 > /sys/bus/pci/drivers/pci-endpoint-test/new_id; echo 4c4d 0002 > /sys/bus/pci/drivers/pci-endpoint-test/new_id"
# linux_run COMMANDS: host seconds of a batch boot running COMMANDS.
linux_run() {
  local t0 t1
  t0=$(now)
  "$loom" run "$platform" --kernel "$linux/Image" --initrd "$linux/initramfs.cpio.gz" \
    --append "console=ttyS0 quiet pci_endpoint_test.no_msi=1 loomrun=\"$1\"" >"$tmp/linux.out" 2>&1 \
    || { tail -5 "$tmp/linux.out"; exit 1; }
  t1=$(now)
  echo "$t1 - $t0" | bc -l
}
for _ in $(seq "$runs"); do
  for n in 0 1; do
    one=$(linux_run "$bind; pcitest -D /dev/pci-endpoint-test.$n -r -s 1024000")
    eleven=$(linux_run "$bind; for i in 1 2 3 4 5 6 7 8 9 10 11; do pcitest -D /dev/pci-endpoint-test.$n -r -s 1024000 || exit 1; done")
    echo "1.024 / (($eleven - $one) / 10)" | bc -l >>"$tmp/dma.$n"
  done
done
d0=$(median <"$tmp/dma.0") d1=$(median <"$tmp/dma.1")
printf "%-52s %7.1f MB per host second\n" "pcitest -r -s 1024000, SystemC endpoint" "$d0"
printf "%-52s %7.1f MB per host second   RTL/SystemC %.2f\n" "pcitest -r -s 1024000, RTL endpoint" "$d1" "$(echo "$d1 / $d0" | bc -l)"

if ! command -v qemu-system-riscv64 >/dev/null; then
  echo "QEMU: skipped (qemu-system-riscv64 not installed)"
  exit 0
fi
enumerate="ls /sys/bus/pci/devices"
for _ in $(seq "$runs"); do
  linux_run "$enumerate" >>"$tmp/boot.loom"
  t0=$(now)
  timeout 120 qemu-system-riscv64 -M virt -m 512M -nographic -bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin \
    -kernel "$linux/Image" -initrd "$linux/initramfs.cpio.gz" -device pci-testdev -device edu \
    -append "console=ttyS0 quiet loomrun=\"$enumerate\"" </dev/null >"$tmp/qemu.out" 2>&1
  t1=$(now)
  echo "$t1 - $t0" | bc -l >>"$tmp/boot.qemu"
done
bl=$(median <"$tmp/boot.loom") bq=$(median <"$tmp/boot.qemu")
printf "%-52s %7.3f s\n" "Linux boot + PCIe enumeration + power-off, Loom" "$bl"
printf "%-52s %7.3f s   Loom/QEMU %.2f\n" "the same on QEMU (pci-testdev, edu)" "$bq" "$(echo "$bl / $bq" | bc -l)"
