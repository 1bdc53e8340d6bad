#!/usr/bin/env bash
# linux_boot.sh LOOM PLATFORM LINUX_DIR: boots the Linux that
# scripts/build-linux.sh made (kernel, initramfs with busybox, ext4 disk) to
# its shell, runs commands through the console like a user, and checks the
# answers, a reboot and the power-off. Exits 77 (skipped) when the kernel is not built.
set -u
loom=$1 platform=$2 linux=$3
for f in Image initramfs.cpio.gz rootfs.img; do
  if [[ ! -f $linux/$f ]]; then
    echo "SKIP: $linux/$f not found: build Linux first with scripts/build-linux.sh (see docs/linux.md)"
    exit 77
  fi
done
dir=$(mktemp -d)
trap 'kill -9 "${loom_pid:-}" 2>/dev/null; rm -rf "$dir"' EXIT

# A copy of the disk: the guest may write to it, and another run (a
# benchmark, a user) may have the original open.
cp --sparse=always "$linux/rootfs.img" "$dir/rootfs.img"
# LOOM_ENGINE (e.g. interp) picks the engine; default: Loom's (the JIT).
engine=()
[[ -n ${LOOM_ENGINE:-} ]] && engine=(--engine "$LOOM_ENGINE")
coproc LOOM { exec "$loom" run "$platform" --kernel "$linux/Image" --initrd "$linux/initramfs.cpio.gz" \
                --disk "$dir/rootfs.img" --stats "${engine[@]}" 2>"$dir/err"; }
out=$dir/out
: >"$out"
# The coproc's variables vanish when it exits: keep its descriptors.
exec {from_loom}<&"${LOOM[0]}" {to_loom}>&"${LOOM[1]}"
loom_pid=$LOOM_PID

# Reads the console until it contains $1 (a fixed string; $3 times, default
# once), within $2 seconds; fails at once if Loom ends first.
wait_for() {
  local want=$1 deadline=$(( $(date +%s) + $2 )) times=${3:-1} chunk status
  until (( $(grep -cF -- "$want" "$out") >= times )); do
    (( $(date +%s) < deadline )) || { echo "FAIL: no '$want' within $2 s; console so far:"; tail -30 "$out"; cat "$dir/err"; exit 1; }
    IFS= read -r -t 1 -N 256 chunk <&"$from_loom"
    status=$?
    printf '%s' "$chunk" >>"$out"
    if (( status != 0 && status <= 128 )) && [[ -z $chunk ]]; then
      (( $(grep -cF -- "$want" "$out") >= times )) && break
      echo "FAIL: Loom ended before '$want'; console so far:"; tail -30 "$out"; cat "$dir/err"; exit 1
    fi
  done
}
send() { printf '%s\n' "$1" >&"$to_loom"; }

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
# Drain the rest, then the exit status.
while IFS= read -r -t 60 -N 256 chunk <&"$from_loom" || [[ -n ${chunk:-} ]]; do printf '%s' "$chunk" >>"$out"; chunk=; done
wait "$loom_pid"
status=$?
[[ $status -eq 0 ]] || { echo "FAIL: loom exited $status"; tail -20 "$out"; cat "$dir/err"; exit 1; }
echo "ok: Linux booted to a shell, read the virtio disk, ran commands and powered off"
grep -E "instructions retired|host time|time waiting" "$dir/err"
