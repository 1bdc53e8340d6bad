#!/usr/bin/env bash
# gdb_linux.sh LOOM PLATFORM LINUX_DIR: gdb-multiarch against Linux on the
# virt board: a breakpoint at a kernel function (set before the kernel's
# page tables exist: Loom's breakpoints are virtual pcs, nothing is written
# into memory), its backtrace, registers (priv, satp) and memory through
# the kernel's translation, stepping, a watchpoint on jiffies (the timer
# tick writes it), then kill. Skipped (77) without the images and vmlinux.
set -u
loom=$1 platform=$2 linux=$3
# shellcheck source=../system/linux_images.sh
source "$(dirname "$0")/../system/linux_images.sh"
require_linux_images "$linux" Image initramfs.cpio.gz rootfs.img vmlinux
# shellcheck source=gdb_lib.sh
source "$(dirname "$0")/gdb_lib.sh"
dir=$(mktemp -d)
cp --sparse=always "$linux/rootfs.img" "$dir/rootfs.img"
gdb_start "$dir" "$loom" "$platform" --kernel "$linux/Image" --initrd "$linux/initramfs.cpio.gz" \
  --disk "$dir/rootfs.img" --gdb-wait < /dev/null
gdb_batch "$linux/vmlinux" "break start_kernel" "continue" "backtrace" "info registers pc sp priv satp" \
  "x/2i \$pc" "stepi" "stepi" "print/x \$pc - (long)&start_kernel" "delete" \
  "watch *(unsigned long *)&jiffies" "continue" "delete" "kill"
gdb_finish
out=$dir/gdb.out
expect "$out" "Breakpoint 1, 0x[0-9a-f]+ in start_kernel \(\)" "the breakpoint at start_kernel"
expect "$out" "^#0 +0x[0-9a-f]+ in start_kernel \(\)" "backtrace"
expect "$out" "^#1 +0x[0-9a-f]+ in " "backtrace: the caller"
expect "$out" "^priv\s+0x1\s+prv:1 \[Supervisor\]" "S-mode"
expect "$out" "^satp\s+0x[89][0-9a-f]{15}" "satp: Sv39 or Sv48 on"
expect "$out" "=> 0xffffffff[0-9a-f]+ <start_kernel(\+[0-9]+)?>:" "instructions read through the kernel's mapping"
expect "$out" "^\\\$1 = 0x[1-9a-f]" "stepi moved the pc"
expect "$out" "Hardware watchpoint 2: \*\(unsigned long \*\)&jiffies" "the watchpoint"
expect "$out" "Old value = [0-9]+" "jiffies: old value"
expect "$out" "New value = [0-9]+" "jiffies: new value"
expect "$out" "\[Inferior 1 \(Remote target\) killed\]" "kill"
[[ $loom_status -eq 137 ]] || fail "loom exited $loom_status, expected 137"
echo "ok: GDB against Linux: break at start_kernel, backtrace, registers, memory, stepi, watch jiffies, kill"
