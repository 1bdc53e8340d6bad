#!/usr/bin/env bash
# bridge.sh [BUILD_DIR] [RUNS]: the bridge benchmarks, side by side in one
# run on this machine, RUNS times each (default 5), medians reported:
#   1. raw gRPC bidi ping-pong on the bridge's transport (the floor)
#   2. Loom MMIO read round trip through the bridge (20000 reads)
#   3. posted-write throughput (200000 writes)
#   4. a compute-bound program at quantum 1/10/100 us: no remote device, an
#      idle remote device, and a remote device interrupting at 1 kHz.
# Times of (4) are Loom's own `host time` (the run, without process start-up
# and server spawning), so that the ratios compare simulation work only.
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
runs=${2:-5}
loom=$build/cli/loom
pingpong=$build/bridge/loom-grpc-pingpong
dev="s0:dev:loom,test-device:0x10001000:0x1000:3+4"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "nan"; exit} m=(NR+1)/2; if (m==int(m)) print v[m]; else print (v[int(m)]+v[int(m)+1])/2}'; }
field() { sed -n "$1" "$2"; }  # sed expression, file

echo "bridge benchmarks: $runs runs each, medians; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# ---- 1 and 2: round trips, interleaved -------------------------------------
: >"$tmp/raw50"; : >"$tmp/raw99"; : >"$tmp/mmio50"; : >"$tmp/mmio99"
for _ in $(seq "$runs"); do
  "$pingpong" 20000 >"$tmp/raw.out"
  field 's/.*p50 \([0-9.]*\) us.*/\1/p' "$tmp/raw.out" >>"$tmp/raw50"
  field 's/.*p99 \([0-9.]*\) us.*/\1/p' "$tmp/raw.out" >>"$tmp/raw99"
  "$loom" run --elf "$build/bench/bridge_mmio_reads.elf" --remote "$dev" --stats >/dev/null 2>"$tmp/mmio.err"
  field 's/.*reads 20000 (p50 \([0-9.]*\) us.*/\1/p' "$tmp/mmio.err" >>"$tmp/mmio50"
  field 's/.*reads 20000 (p50 [0-9.]* us, p99 \([0-9.]*\) us.*/\1/p' "$tmp/mmio.err" >>"$tmp/mmio99"
done
raw50=$(median <"$tmp/raw50"); raw99=$(median <"$tmp/raw99")
mmio50=$(median <"$tmp/mmio50"); mmio99=$(median <"$tmp/mmio99")
printf "%-44s p50 %7.1f us   p99 %7.1f us\n" "raw gRPC ping-pong (unix socket)" "$raw50" "$raw99"
printf "%-44s p50 %7.1f us   p99 %7.1f us   p50 ratio to raw: %.2f (bar 1.5)\n" \
  "Loom MMIO read round trip" "$mmio50" "$mmio99" "$(echo "$mmio50 / $raw50" | bc -l)"

# ---- 3: posted writes --------------------------------------------------------
: >"$tmp/posted"
for _ in $(seq "$runs"); do
  "$loom" run --elf "$build/bench/bridge_posted_writes.elf" --remote "$dev" --stats >/dev/null 2>"$tmp/posted.err"
  secs=$(field 's/.*host time: *\([0-9.]*\) s.*/\1/p' "$tmp/posted.err")
  echo "200000 / $secs" | bc -l >>"$tmp/posted"
done
printf "%-44s %.2f million writes per host second (%s)\n" "posted writes" \
  "$(echo "$(median <"$tmp/posted") / 1000000" | bc -l)" "$(grep -o 'posted writes 200000 in [0-9]* batches' "$tmp/posted.err")"
echo

# ---- 4: remote devices on a compute-bound program --------------------------
printf "%-8s %-14s %12s %10s %14s %12s\n" quantum config "host s (med)" overhead "syncs/sim s" "wait share"
for q in 1us 10us 100us; do
  for config in none idle 1khz; do : >"$tmp/$q-$config"; done
  for _ in $(seq "$runs"); do
    for config in none idle 1khz; do
      case $config in
        none) args=(--elf "$build/bench/bridge_compute.elf") ;;
        idle) args=(--elf "$build/bench/bridge_compute.elf" --remote "$dev") ;;
        1khz) args=(--elf "$build/bench/bridge_compute_1khz.elf" --remote "$dev") ;;
      esac
      "$loom" run "${args[@]}" --quantum "$q" --stats >/dev/null 2>"$tmp/run.err"
      field 's/.*host time: *\([0-9.]*\) s.*/\1/p' "$tmp/run.err" >>"$tmp/$q-$config"
      cp "$tmp/run.err" "$tmp/$q-$config.last"
    done
  done
  base=$(median <"$tmp/$q-none")
  for config in none idle 1khz; do
    med=$(median <"$tmp/$q-$config")
    syncs=$(field 's/.*syncs [0-9]* (\([0-9]*\) per simulated s.*/\1/p' "$tmp/$q-$config.last")
    wait=$(field 's/.*time waiting on device servers: [0-9.]* s (\([0-9.]*\)%.*/\1/p' "$tmp/$q-$config.last")
    printf "%-8s %-14s %12.3f %9.1f%% %14s %11s%%\n" "$q" "$config" "$med" \
      "$(echo "($med / $base - 1) * 100" | bc -l)" "${syncs:--}" "${wait:--}"
  done
done
echo
echo "bars: MMIO p50 <= 1.5x raw; idle device <= 5% at every quantum; 1 kHz device <= 10% at 10us"
