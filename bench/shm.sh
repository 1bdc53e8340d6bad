#!/usr/bin/env bash
# shm.sh [BUILD_DIR] [RUNS]: the shared-memory link against gRPC and the
# socket floors, side by side in one run on this machine, RUNS times each
# (default 5), medians reported:
#   1. floors: a unix socket pair between two processes (loom-socket-pingpong)
#      and a bare gRPC stream (loom-grpc-pingpong)
#   2. Loom MMIO read round trip (20000 reads of a register the mirror does
#      not serve, back to back: a polling loop) over --link shm and grpc
#   3. posted-write throughput (200000 writes) over both links; a read after
#      the server sat idle (its wake-up); DMA throughput (the test device
#      copying 4 MiB in 64-byte transactions)
#   4. the host CPU an idle link costs: a compute-bound program beside an
#      idle remote device; CPU seconds (CPU process + server) per wall second
#   5. the spin budget (LOOM_SHM_SPIN_US 0, 5, 50, 500): MMIO p50/p99 and the
#      CPU the link burns
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
runs=${2:-5}
loom=$build/cli/loom
dev="s0:dev:loom,test-device:0x10001000:0x1000:3+4"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "nan"; exit} m=(NR+1)/2; if (m==int(m)) print v[m]; else print (v[int(m)]+v[int(m)+1])/2}'; }
p50() { sed -n 's/.*p50 \([0-9.]*\) us.*/\1/p' "$1" | head -1; }
p99() { sed -n 's/.*p99 \([0-9.]*\) us.*/\1/p' "$1" | head -1; }

echo "shared-memory link benchmarks: $runs runs each, medians; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# ---- 1 and 2: round trips, interleaved -------------------------------------
for k in sock grpcraw shm grpc; do : >"$tmp/$k.50"; : >"$tmp/$k.99"; done
for _ in $(seq "$runs"); do
  "$build/bridge/loom-socket-pingpong" 20000 >"$tmp/out"; p50 "$tmp/out" >>"$tmp/sock.50"; p99 "$tmp/out" >>"$tmp/sock.99"
  "$build/bridge/loom-grpc-pingpong" 20000 >"$tmp/out"; p50 "$tmp/out" >>"$tmp/grpcraw.50"; p99 "$tmp/out" >>"$tmp/grpcraw.99"
  for link in shm grpc; do
    "$loom" run --elf "$build/bench/bridge_mmio_reads.elf" --remote "$dev" --link "$link" --stats >/dev/null 2>"$tmp/out"
    grep "reads 20000" "$tmp/out" >"$tmp/line"
    p50 "$tmp/line" >>"$tmp/$link.50"; p99 "$tmp/line" >>"$tmp/$link.99"
  done
done
row() { printf "%-46s p50 %7.1f us   p99 %7.1f us\n" "$1" "$(median <"$tmp/$2.50")" "$(median <"$tmp/$2.99")"; }
row "unix socket pair, two processes (floor)" sock
row "bare gRPC stream (floor of the gRPC link)" grpcraw
row "Loom MMIO read, --link shm" shm
row "Loom MMIO read, --link grpc" grpc
printf "%-46s %.1fx faster at p50 (targets: shm p50 <= 2 us, p99 <= 10 us)\n" "shm vs gRPC" \
  "$(echo "$(median <"$tmp/grpc.50") / $(median <"$tmp/shm.50")" | bc -l)"
echo

# ---- 3: posted writes ---------------------------------------------------------
for link in shm grpc; do
  : >"$tmp/posted-$link"
  for _ in $(seq "$runs"); do
    "$loom" run --elf "$build/bench/bridge_posted_writes.elf" --remote "$dev" --link "$link" --stats >/dev/null 2>"$tmp/out"
    secs=$(sed -n 's/.*host time: *\([0-9.]*\) s.*/\1/p' "$tmp/out")
    echo "200000 / $secs / 1000000" | bc -l >>"$tmp/posted-$link"
  done
  printf "%-46s %.2f million writes per host second\n" "posted writes, --link $link" "$(median <"$tmp/posted-$link")"
done
echo

# ---- 3b: the first access after the server sat idle, and DMA ------------------
for link in shm grpc; do
  : >"$tmp/idle50-$link"; : >"$tmp/idle99-$link"; : >"$tmp/dma-$link"
  for _ in $(seq "$runs"); do
    "$loom" run --elf "$build/bench/bridge_mmio_after_idle.elf" --remote "$dev" --link "$link" --stats >/dev/null \
      2>"$tmp/out"
    grep "reads 200 " "$tmp/out" >"$tmp/line"
    p50 "$tmp/line" >>"$tmp/idle50-$link"; p99 "$tmp/line" >>"$tmp/idle99-$link"
    "$loom" run --elf "$build/bench/bridge_dma_copy.elf" --remote "$dev" --link "$link" --stats >/dev/null 2>"$tmp/out"
    secs=$(sed -n 's/.*host time: *\([0-9.]*\) s.*/\1/p' "$tmp/out")
    echo "4 / $secs" | bc -l >>"$tmp/dma-$link"  # 4 MiB copied: read and written by DMA
  done
  printf "%-46s p50 %7.1f us   p99 %7.1f us\n" "MMIO read after the server idled, --link $link" \
    "$(median <"$tmp/idle50-$link")" "$(median <"$tmp/idle99-$link")"
  printf "%-46s %.2f MiB copied per host second (64-byte DMA transactions)\n" "test-device DMA, --link $link" \
    "$(median <"$tmp/dma-$link")"
done
echo

# ---- 4: what an idle link costs ------------------------------------------------
cpu_per_wall() {  # runs loom with the arguments; prints CPU s (with children) per wall s
  local t
  t=$( { TIMEFORMAT='%R %U %S'; time "$loom" run "$@" >/dev/null 2>&1; } 2>&1 | tail -1)
  echo "$t" | awk '{ printf "%.3f\n", ($2 + $3) / $1 }'
}
for config in none shm grpc; do
  : >"$tmp/idle-$config"
  for _ in $(seq "$runs"); do
    case $config in
      none) cpu_per_wall --elf "$build/bench/bridge_compute.elf" >>"$tmp/idle-$config" ;;
      *) cpu_per_wall --elf "$build/bench/bridge_compute.elf" --remote "$dev" --link "$config" >>"$tmp/idle-$config" ;;
    esac
  done
  printf "%-46s %.2f CPU s per wall s\n" "compute program, idle device: $config" "$(median <"$tmp/idle-$config")"
done
echo

# ---- 5: the spin budget ----------------------------------------------------------
printf "%-22s %12s %12s %22s\n" "LOOM_SHM_SPIN_US" "MMIO p50" "MMIO p99" "CPU s/wall s (polling)"
for spin in 0 5 50 500; do
  : >"$tmp/spin.50"; : >"$tmp/spin.99"; : >"$tmp/spin.cpu"
  for _ in $(seq "$runs"); do
    LOOM_SHM_SPIN_US=$spin "$loom" run --elf "$build/bench/bridge_mmio_reads.elf" --remote "$dev" --link shm \
      --stats >/dev/null 2>"$tmp/out"
    grep "reads 20000" "$tmp/out" >"$tmp/line"
    p50 "$tmp/line" >>"$tmp/spin.50"; p99 "$tmp/line" >>"$tmp/spin.99"
    LOOM_SHM_SPIN_US=$spin cpu_per_wall --elf "$build/bench/bridge_mmio_reads.elf" --remote "$dev" --link shm \
      >>"$tmp/spin.cpu"
  done
  printf "%-22s %9.1f us %9.1f us %22.2f\n" "$spin" "$(median <"$tmp/spin.50")" "$(median <"$tmp/spin.99")" \
    "$(median <"$tmp/spin.cpu")"
done
