#!/usr/bin/env bash
# record_replay.sh LOOM ELF: console input typed into a run (bytes that come
# at host-dependent moments, while the guest sleeps) is recorded with
# --record; --replay gives the recorded run's output exactly, twice, with no
# input at all; bad recordings and option clashes are refused with one line.
set -euo pipefail
loom=$1 elf=$2
uart=(--remote s0:uart0:ns16550a:0x10000000:0x100:10)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The typist: a few keys, apart in host time (the run paces idle time to the
# host while input can come, so they land at moments no one chose).
type_keys() { printf 'a'; sleep 0.2; printf 'bc'; sleep 0.3; printf 'q'; }
type_keys | "$loom" run --elf "$elf" "${uart[@]}" --record "$work/session.rec" > "$work/recorded.out" 2> "$work/recorded.err" ||
  fail "the recorded run failed: $(cat "$work/recorded.err")"
grep -q "got 0x71" "$work/recorded.out" || fail "the recorded run did not see 'q': $(cat "$work/recorded.out")"
[[ $(grep -c . "$work/session.rec") -ge 3 ]] || fail "the recording holds $(grep -c . "$work/session.rec") lines"

for i in 1 2; do
  "$loom" run --elf "$elf" "${uart[@]}" --replay "$work/session.rec" < /dev/null > "$work/replay$i.out" 2> "$work/replay$i.err" ||
    fail "replay $i failed: $(cat "$work/replay$i.err")"
  diff "$work/recorded.out" "$work/replay$i.out" > /dev/null || {
    diff "$work/recorded.out" "$work/replay$i.out" >&2 || true
    fail "replay $i differs from the recorded run"
  }
done

# Refusals, one line each.
expect() {  # STATUS PATTERN ARGS...
  local want=$1 pattern=$2 status=0
  shift 2
  "$loom" run --elf "$elf" "$@" < /dev/null > /dev/null 2> "$work/err" || status=$?
  [[ $status == "$want" ]] || fail "$*: status $status, expected $want: $(cat "$work/err")"
  [[ $(wc -l < "$work/err") == 1 ]] && grep -Eq -- "$pattern" "$work/err" || fail "$*: stderr: $(cat "$work/err")"
}
printf 'not a recording\n' > "$work/bad.rec"
expect 1 "bad.rec:1: not a console recording" "${uart[@]}" --replay "$work/bad.rec"
sed '2s/.*/12 uart0 zz/' "$work/session.rec" > "$work/bad-line.rec"
expect 1 "bad-line.rec:2: expected TIME_PS DEVICE HEX_BYTES" "${uart[@]}" --replay "$work/bad-line.rec"
expect 1 "recorded with a quantum of 10000000 ps, this run's is 1000000 ps" "${uart[@]}" --quantum 1us \
  --replay "$work/session.rec"
expect 2 "--record and --replay: a run records its input or replays it" "${uart[@]}" --replay "$work/session.rec" \
  --record "$work/other.rec"
expect 2 "--replay: the platform has no console device" --replay "$work/session.rec"
expect 2 "--record .*: is the run's input" "${uart[@]}" --record "$elf"
echo "ok record replay"
