#!/usr/bin/env bash
# aia_opensbi.sh LOOM PLATFORM PAYLOAD HARTS [MACHINE IPI]: OpenSBI (Debian's
# fw_jump) on Loom's PLATFORM and on qemu-system-riscv64 -M MACHINE (default
# virt,aia=aplic-imsic, the board of virt-aia.yaml) must find the same
# platform: the IPI device (default aia-imsic), the APLIC, the same memory
# regions and harts. Compares OpenSBI's own report line by line (all but the
# platform's name). Exits 77 when QEMU is not installed.
set -u
loom=$1 platform=$2 payload=$3 harts=$4 machine=${5:-virt,aia=aplic-imsic} ipi=${6:-aia-imsic}
fw=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
command -v qemu-system-riscv64 >/dev/null || { echo "SKIP: qemu-system-riscv64 not installed"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# The CPU differs (QEMU's has H and Sstc: other ISA extensions and delegations); the platform must not.
report() { grep -aE "^(Platform|Domain0 Region)" | grep -v "Platform Name"; }
timeout 60 "$loom" run "$platform" --harts "$harts" --kernel "$payload" --max-instructions 400000000 2>&1 | report >"$dir/loom"
timeout 60 qemu-system-riscv64 -M "$machine" -smp "$harts" -m 512M -nographic -bios "$fw" \
  -kernel "$payload" </dev/null 2>&1 | head -c 200000 | report >"$dir/qemu"
if ! diff -u "$dir/qemu" "$dir/loom"; then
  echo "FAIL: OpenSBI sees another platform on Loom than on QEMU (diff above: - QEMU, + Loom)"
  exit 1
fi
grep -q "IPI Device *: $ipi" "$dir/loom" || { echo "FAIL: IPIs not through $ipi"; cat "$dir/loom"; exit 1; }
echo "ok: OpenSBI reports the same AIA platform on Loom and QEMU -M $machine ($harts hart(s))"
cat "$dir/loom"
