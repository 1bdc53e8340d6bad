#!/usr/bin/env bash
# trace_filters.sh LOOM ELF: --trace-insn's filters select exactly the
# lines of the full trace they describe, whatever runs outside them (the
# JIT before the window, the interpreter inside it).
set -euo pipefail
loom=$1 elf=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
trace() { "$loom" run --elf "$elf" --max-instructions 20000 --trace-insn "$@" 2>&1 >/dev/null | grep '^hart ' || true; }

trace > "$work/full"
(( $(wc -l < "$work/full") >= 20000 )) || fail "the full trace has $(wc -l < "$work/full") lines"
grep -q "trap cause" "$work/full" && fail "the program traps early: pick lines by retired count another way"

# A window of retired instructions: lines 12346..12355 of the full trace.
trace --trace-from 12345 --trace-count 10 > "$work/window"
sed -n '12346,12355p' "$work/full" | diff - "$work/window" || fail "--trace-from/--trace-count"

# One pc: every line at it, and only those.
pc=$(sed -n '500p' "$work/full" | awk '{print $3}')
trace --trace-pc "$pc" > "$work/pc"
grep -F " $pc " "$work/full" | diff - "$work/pc" || fail "--trace-pc $pc"
[[ -s $work/pc ]] || fail "--trace-pc $pc printed nothing"

# A range, within a window.
low=$(printf '%#x' $((pc - 16))) high=$(printf '%#x' $((pc + 16)))
trace --trace-pc "$low-$high" --trace-from 100 --trace-count 5000 > "$work/range"
sed -n '101,5100p' "$work/full" |
  python3 -c 'import sys; [print(l, end="") for l in sys.stdin if '"$low"' <= int(l.split()[2], 16) <= '"$high"']' |
  diff - "$work/range" || fail "--trace-pc $low-$high with a window"

# The program runs in M-mode only.
[[ -z $(trace --trace-priv S,U) ]] || fail "--trace-priv S,U printed M-mode instructions"
trace --trace-priv M | diff - "$work/full" || fail "--trace-priv M"
echo "ok trace filters"
