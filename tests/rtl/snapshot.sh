#!/usr/bin/env bash
# snapshot.sh LOOM ELF SAVABLE_REMOTE UNSAVABLE_REMOTE: snapshots of a board
# with an RTL device (Verilator) in a device server.
#  - The design verilated with --savable is saved once it is idle (a save
#    while it is busy is refused with one line, and the test steps on); the
#    run that took the snapshot ends as the plain run; `--restore` of it
#    ends the same (console, instruction count, simulated time); a load of
#    it later in the same run (a fresh server) ends the same too.
#  - The design verilated without --savable is refused with one line,
#    nothing is written, and the run goes on.
set -u
loom=$1 elf=$2 savable=$3 unsavable=$4
dir=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
stats() { grep -E "^loom: (instructions retired|simulated time)" "$1"; }
ctl() { "$loom" ctl --control "unix:$dir/c.sock" "$@"; }
start() {  # REMOTE: a run started paused, under run control
  rm -f "$dir/c.sock"
  "$loom" run --elf "$elf" --remote "$1" --stats --control "unix:$dir/c.sock" --control-wait > "$dir/out" 2> "$dir/err" &
  pid=$!
  for ((i = 0; i < 600; i++)); do
    [[ -S $dir/c.sock ]] && return
    kill -0 "$pid" 2>/dev/null || fail "the run ended before its control socket: $(cat "$dir/err")"
    sleep 0.05
  done
  fail "no control socket: $(cat "$dir/err")"
}
finish() {
  wait "$pid"
  local status=$?
  pid=
  [[ $status -eq 0 ]] || fail "the run exited $status: $(cat "$dir/err")"
}

"$loom" run --elf "$elf" --remote "$savable" --stats > "$dir/plain.out" 2> "$dir/plain.err" || fail "the plain run"
grep -q "ok bridge rtl regs" "$dir/plain.out" || fail "the plain run's result: $(cat "$dir/plain.out")"

# Save once idle; run on; load it back; run to the end.
start "$savable"
busy=0
for step in 200 50 50 50 50 50 50 50 50 50; do
  ctl step "$step" > /dev/null || fail "step"
  if ctl snapshot save "$dir/board.snap" > /dev/null 2> "$dir/refusal"; then break; fi
  grep -q "its RTL design is busy" "$dir/refusal" || fail "the save: $(cat "$dir/refusal")"
  busy=$((busy + 1))
done
[[ -f $dir/board.snap ]] || fail "the design was never idle"
ctl step 300 > /dev/null || fail "step"
ctl snapshot load "$dir/board.snap" > /dev/null || fail "the load"
ctl resume > /dev/null || fail "resume"
finish
grep -q "ok bridge rtl regs" "$dir/out" || fail "the run that loaded: $(cat "$dir/out")"
[[ $(stats "$dir/err") == $(stats "$dir/plain.err") ]] || fail "$(stats "$dir/err") after a load, $(stats "$dir/plain.err") plain"

"$loom" run --elf "$elf" --remote "$savable" --stats --restore "$dir/board.snap" > "$dir/r.out" 2> "$dir/r.err" ||
  fail "--restore: $(cat "$dir/r.err")"
grep -q "ok bridge rtl regs" "$dir/r.out" || fail "the run from the snapshot: $(cat "$dir/r.out")"
[[ $(stats "$dir/r.err") == $(stats "$dir/plain.err") ]] || fail "$(stats "$dir/r.err") restored, $(stats "$dir/plain.err") plain"

# Without --savable: refused, nothing written, the run goes on.
start "$unsavable"
ctl step 300 > /dev/null || fail "step"
status=0
ctl snapshot save "$dir/refused.snap" > /dev/null 2> "$dir/refusal" || status=$?
[[ $status -eq 1 ]] || fail "the save of an unsavable design exited $status"
grep -qE "^loom ctl: snapshot save: server s0: device regs0: its RTL design was verilated without --savable" \
  "$dir/refusal" || fail "the refusal: $(cat "$dir/refusal")"
[[ $(wc -l < "$dir/refusal") -eq 1 ]] || fail "the refusal is not one line"
[[ ! -e $dir/refused.snap ]] || fail "a refused snapshot left a file"
ctl resume > /dev/null || fail "resume"
finish
grep -q "ok bridge rtl regs" "$dir/out" || fail "the run after the refusal: $(cat "$dir/out")"
echo "ok: saved once idle (after $busy busy refusals), loaded and restored to the same end; unsavable refused"
