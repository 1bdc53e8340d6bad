#!/usr/bin/env bash
# linux_record_replay.sh LOOM PLATFORM LINUX_DIR: an interactive Linux
# session (commands typed at the shell, at moments no one chose, then
# poweroff) is recorded with --record; --replay runs it again with no
# terminal at all and must give the same console bytes, the same
# instruction count and the same simulated time. Exits 77 (skipped) when
# the kernel is not built.
set -u
loom=$1 platform=$2 linux=$3
# shellcheck source=linux_images.sh
source "$(dirname "$0")/linux_images.sh"
require_linux_images "$linux" Image initramfs.cpio.gz
dir=$(mktemp -d)
trap 'kill -9 "${loom_pid:-}" 2>/dev/null; rm -rf "$dir"' EXIT
boot=(run "$platform" --kernel "$linux/Image" --initrd "$linux/initramfs.cpio.gz" --stats)

# shellcheck source=console_lib.sh
source "$(dirname "$0")/console_lib.sh"
console_start "$dir" "$loom" "${boot[@]}" --record "$dir/session.rec"
wait_for "loom:/" 300
run "echo typed at \$(cat /proc/uptime)" 60
run "cat /proc/interrupts | head -4" 60
send "poweroff -f"
console_finish 120
recorded_status=$?
[[ $recorded_status == 0 ]] || console_fail "the recorded run ended with status $recorded_status"
[[ $(wc -l < "$dir/session.rec") -ge 4 ]] || console_fail "the recording holds only $(wc -l < "$dir/session.rec") lines"

status=0
timeout -k 5 600 "$loom" "${boot[@]}" --replay "$dir/session.rec" < /dev/null > "$dir/replay.out" 2> "$dir/replay.err" ||
  status=$?
[[ $status == 0 ]] || { echo "FAIL: the replay ended with status $status"; tail -5 "$dir/replay.err"; exit 1; }
if ! cmp -s "$out" "$dir/replay.out"; then
  echo "FAIL: the replay's console differs from the recorded run's"
  diff "$out" "$dir/replay.out" | head -20
  exit 1
fi
for what in "instructions retired" "simulated time"; do
  a=$(grep "loom: $what" "$dir/err") b=$(grep "loom: $what" "$dir/replay.err")
  [[ -n $a && $a == "$b" ]] || { echo "FAIL: $what: recorded '$a', replayed '$b'"; exit 1; }
done
echo "ok linux record replay: $(grep -c . "$dir/session.rec") deliveries, $(grep 'instructions retired' "$dir/err")"
