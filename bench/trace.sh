#!/usr/bin/env bash
# trace.sh [BUILD_DIR] [RUNS]: what tracing costs, side by side in one run on
# this machine, RUNS times each (default 5), medians of host wall time:
#   1. --trace-insn with a window late in a CPU-bound program (the JIT runs
#      up to it, 2000 instructions are traced) against the same run untraced;
#      and the full interpreted trace of a short program against an
#      untraced interpreted run (the price of printing every instruction)
#   2. --trace-bridge on a program that talks to a device server all the
#      time (MMIO reads, posted writes) against the same run untraced
# Ratios above 1: tracing is slower by that factor.
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
runs=${2:-5}
loom=$build/cli/loom
dev="s0:dev:loom,test-device:0x10001000:0x1000:3+4"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "nan"; exit} m=(NR+1)/2; if (m==int(m)) print v[m]; else print (v[int(m)]+v[int(m)+1])/2}'; }
# seconds CMD...: the wall time of CMD (stdout and stderr to files), in
# seconds; it must end with status 0, or 124 (its --max-instructions).
seconds() {
  local start end rc=0
  start=$(date +%s%N)
  "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  end=$(date +%s%N)
  if ((rc != 0 && rc != 124)); then
    echo "trace.sh: status $rc: $*" >&2
    tail -5 "$tmp/err" >&2
    exit 1
  fi
  echo "($end - $start) / 1000000000" | bc -l
}
# compare LABEL KEY_A KEY_B: prints both medians and their ratio.
compare() {
  local a b
  a=$(median <"$tmp/$2") b=$(median <"$tmp/$3")
  printf "%-58s %8.3f s vs %8.3f s   ratio %.2f\n" "$1" "$a" "$b" "$(echo "$a / $b" | bc -l)"
}

echo "tracing costs: $runs runs each, medians; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
compute=$build/bench/compute.elf
for _ in $(seq "$runs"); do
  seconds "$loom" run --elf "$compute" >>"$tmp/plain"
  seconds "$loom" run --elf "$compute" --trace-insn --trace-from 400000000 --trace-count 2000 >>"$tmp/window"
  seconds "$loom" run --elf "$compute" --engine interp --max-instructions 2000000 >>"$tmp/interp"
  seconds "$loom" run --elf "$compute" --trace-insn --max-instructions 2000000 >>"$tmp/full"
  seconds "$loom" run --elf "$build/bench/bridge_mmio_reads.elf" --remote "$dev" >>"$tmp/bridge"
  seconds "$loom" run --elf "$build/bench/bridge_mmio_reads.elf" --remote "$dev" --trace-bridge "$tmp/t.json" \
    >>"$tmp/bridge-traced"
done
compare "--trace-insn, 2000 instructions at 400 M vs untraced (JIT)" window plain
compare "--trace-insn, every one of 2 M instructions vs interp" full interp
compare "--trace-bridge vs untraced (20000 MMIO reads)" bridge-traced bridge
