#!/usr/bin/env bash
# determinism.sh LOOM ELF REMOTE: runs the firmware twice with --trace-rtl
# and --stats; the console bytes, the instruction counts and the RTL
# waveforms (VCD) must be identical, and the waveform must hold the design.
set -euo pipefail
loom=$1 elf=$2 remote=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for run in 1 2; do
  "$loom" run --elf "$elf" --remote "$remote" --trace-rtl "$work/waves$run" --stats \
    >"$work/out$run" 2>"$work/err$run"
  grep "instructions retired" "$work/err$run" >"$work/count$run"
done
cmp "$work/out1" "$work/out2" || { echo "console output differs"; exit 1; }
cmp "$work/count1" "$work/count2" || { echo "instruction counts differ"; cat "$work/count1" "$work/count2"; exit 1; }
for f in "$work"/waves1/*.vcd; do
  other="$work/waves2/$(basename "$f")"
  cmp "$f" "$other" || { echo "waveform $(basename "$f") differs"; exit 1; }
  grep -q 's_axil_awvalid' "$f" || { echo "$(basename "$f") lacks the design's signals"; exit 1; }
  (($(grep -c '^#' "$f") > 100)) || { echo "$(basename "$f") has too few time steps"; exit 1; }
done
ls "$work"/waves1/*.vcd >/dev/null
echo "ok: same console, counts ($(cat "$work/count1" | tr -s ' ')) and waveforms"
