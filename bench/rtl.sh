#!/usr/bin/env bash
# rtl.sh [BUILD_DIR] [RUNS]: the RTL co-simulation benchmarks, side by side
# in one run on this machine, RUNS times each (default 5), medians:
#   1. an MMIO read round trip to a register in RTL (the example DMA engine,
#      verilated, through the AXI4-Lite adapter) against the same read to a
#      SystemC register (loom,test-device); register mirroring off, so that
#      every read is a round trip to the model;
#   2. the RTL DMA engine's throughput: 8 MiB copied in 1 MiB jobs, MB per
#      host second (Loom's own host time);
#   3. simulated design cycles (100 MHz) per host second, busy (during the
#      copies) and idle (beside CPU work, the design's clock stopped).
# Builds the engine's plugin first with examples/rtl-dma/run.sh.
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
loom=$build/cli/loom
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

BUILD_ONLY=1 "$root/examples/rtl-dma/run.sh" "$build" "$tmp/dma" >/dev/null
plugin=$tmp/dma/build/libdma.so
rtl="io:dma0:rtl/dma:0x10001000:0x1000:3:plugin=$plugin,clock=100MHz"
systemc="io:test0:loom,test-device:0x10001000:0x1000:3"

median() { sort -g | awk '{v[NR]=$1} END {m=(NR+1)/2; if (m==int(m)) print v[m]; else print (v[int(m)]+v[int(m)+1])/2}'; }
stat() { sed -n "s/^loom: $1 *\([0-9.]*\).*/\1/p" "$2"; }
echo "rtl benchmarks: $runs runs each, medians; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

for _ in $(seq "$runs"); do
  for kind in rtl systemc; do
    spec=$rtl; [[ $kind == systemc ]] && spec=$systemc
    "$loom" run --elf "$build/bench/rtl_mmio.elf" --remote "$spec" --no-register-mirror --stats >/dev/null 2>"$tmp/$kind.err"
    sed -n 's/.*reads 20000 (p50 \([0-9.]*\) us.*/\1/p' "$tmp/$kind.err" >>"$tmp/$kind.p50"
  done
  "$loom" run --elf "$build/bench/rtl_dma.elf" --remote "$rtl" --stats >/dev/null 2>"$tmp/dma.err"
  host=$(stat "host time:" "$tmp/dma.err") sim=$(stat "simulated time:" "$tmp/dma.err")
  echo "8 / $host" | bc -l >>"$tmp/mibps"
  echo "$sim / 1000 * 100000000 / $host" | bc -l >>"$tmp/busy"
  "$loom" run --elf "$build/bench/rtl_idle.elf" --remote "$rtl" --stats >/dev/null 2>"$tmp/idle.err"
  host=$(stat "host time:" "$tmp/idle.err") sim=$(stat "simulated time:" "$tmp/idle.err")
  echo "$sim / 1000 * 100000000 / $host" | bc -l >>"$tmp/idle"
done
r=$(median <"$tmp/rtl.p50") s=$(median <"$tmp/systemc.p50")
printf "%-52s p50 %7.1f us\n" "MMIO read round trip, register in RTL" "$r"
printf "%-52s p50 %7.1f us   RTL/SystemC %.2f\n" "MMIO read round trip, register in SystemC" "$s" "$(echo "$r / $s" | bc -l)"
printf "%-52s %7.1f MiB per host second\n" "RTL DMA engine, 1 MiB copies" "$(median <"$tmp/mibps")"
printf "%-52s %7.2f M design cycles per host second\n" "simulated design cycles, busy (copying)" "$(echo "$(median <"$tmp/busy") / 1000000" | bc -l)"
printf "%-52s %7.2f M design cycles per host second\n" "simulated design cycles, idle (clock stopped)" "$(echo "$(median <"$tmp/idle") / 1000000" | bc -l)"
