#!/usr/bin/env bash
# snapshot_refused.sh LOOM ELF REMOTE: a board with an RTL device refuses a
# snapshot with one line naming the device, writes nothing, and runs on.
set -u
loom=$1 elf=$2 remote=$3
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; cat "$dir/err" 2>/dev/null; exit 1; }
"$loom" run --elf "$elf" --remote "$remote" --control "unix:$dir/c.sock" --control-wait > "$dir/out" 2> "$dir/err" &
pid=$!
for ((i = 0; i < 600; i++)); do [[ -S $dir/c.sock ]] && break; sleep 0.05; done
[[ -S $dir/c.sock ]] || fail "no control socket"
ctl() { "$loom" ctl --control "unix:$dir/c.sock" "$@"; }
ctl step 1000 > /dev/null || fail "step"
status=0
ctl snapshot save "$dir/board.snap" > /dev/null 2> "$dir/refusal" || status=$?
[[ $status -eq 1 ]] || fail "snapshot save exited $status"
grep -qE "^loom ctl: snapshot save: server s0: device regs0: an RTL device \(Verilator\) cannot be saved in a snapshot yet" "$dir/refusal" ||
  fail "the refusal: $(cat "$dir/refusal")"
[[ $(wc -l < "$dir/refusal") -eq 1 ]] || fail "the refusal is not one line"
[[ ! -e $dir/board.snap ]] || fail "a refused snapshot left a file"
ctl resume > /dev/null || fail "resume"
wait "$pid"
status=$?
[[ $status -eq 0 ]] || fail "the run exited $status after the refusal"
grep -q "ok bridge rtl regs" "$dir/out" || fail "the guest's result: $(cat "$dir/out")"
echo "ok: refused with one line, nothing written, the run goes on"
