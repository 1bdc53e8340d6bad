#!/usr/bin/env bash
# linux_boot.sh LOOM PLATFORM LINUX_DIR: boots the Linux that
# scripts/build-linux.sh made (kernel, initramfs with busybox, ext4 disk) to
# its shell, runs commands through the console like a user, and checks the
# answers, a reboot and the power-off. Exits 77 (skipped) when the kernel is not built.
set -u
loom=$1 platform=$2 linux=$3
# shellcheck source=linux_images.sh
source "$(dirname "$0")/linux_images.sh"
require_linux_images "$linux" Image initramfs.cpio.gz rootfs.img
dir=$(mktemp -d)
trap 'kill -9 "${loom_pid:-}" 2>/dev/null; rm -rf "$dir"' EXIT

# A copy of the disk: the guest may write to it, and another run (a
# benchmark, a user) may have the original open.
cp --sparse=always "$linux/rootfs.img" "$dir/rootfs.img"
# LOOM_ENGINE (e.g. interp) picks the engine; default: Loom's (the JIT).
engine=()
[[ -n ${LOOM_ENGINE:-} ]] && engine=(--engine "$LOOM_ENGINE")
# LOOM_HARTS (e.g. 4) replaces the platform's number of harts.
[[ -n ${LOOM_HARTS:-} ]] && engine+=(--harts "$LOOM_HARTS")
# shellcheck source=console_lib.sh
source "$(dirname "$0")/console_lib.sh"
console_start "$dir" "$loom" run "$platform" --kernel "$linux/Image" --initrd "$linux/initramfs.cpio.gz" \
  --disk "$dir/rootfs.img" --stats "${engine[@]}"

wait_for "loom:/" 300                      # the shell prompt
send "cat /mnt/hello.txt"
wait_for "hello from the virtio disk" 60
send "uname -m; echo answer=\$((6*7))"
wait_for "answer=42" 60
grep -q "riscv64" "$out" || { echo "FAIL: uname -m did not say riscv64"; tail -20 "$out"; exit 1; }
# Typed after the shell has sat idle (the hart asleep, time jumping between
# timers): it must still be echoed and run.
sleep 2
send "echo after-idle-\$((3+4))"
wait_for "after-idle-7" 60
# A reboot resets the board and boots it again, disk and all.
send "reboot -f"
wait_for "try: cat /mnt/hello.txt" 300 2   # the init script's last line before the prompt
send "cat /mnt/hello.txt"
wait_for "hello from the virtio disk" 60 2
send "poweroff -f"
console_finish 60
status=$?
[[ $status -eq 0 ]] || { echo "FAIL: loom exited $status"; tail -20 "$out"; cat "$dir/err"; exit 1; }
echo "ok: Linux booted to a shell, read the virtio disk, ran commands and powered off"
grep -E "instructions retired|host time|time waiting" "$dir/err"
