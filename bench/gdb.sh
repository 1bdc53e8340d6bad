#!/usr/bin/env bash
# The cost of an attached but idle debugger: a benchmark program runs RUNS
# times plain and RUNS times under `--gdb --gdb-wait` with gdb-multiarch
# attached that just continues to the end (no breakpoints, no watchpoints),
# interleaved. The time compared is Loom's own "host time" (--stats: the
# time spent in the run, not GDB's start-up or the wait for it to attach).
# Prints the medians and their ratio; 1.00 means the debugger costs nothing.
#
#   bench/gdb.sh [BUILD_DIR] [RUNS]
#
# BUILD_DIR defaults to <repo>/build, RUNS to 5. Environment:
#   BENCH_PROGRAM   BUILD_DIR/bench/<name>.elf (default compute)
#   LOOM_ENGINE     the engine (default jit)
#   LOOM            the simulator (default BUILD_DIR/cli/loom)
#   BENCH_TIMEOUT   limit of one run in seconds (default 300)
# Exits non-zero if a run fails or prints something other than the plain run.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-$repo/build}
runs=${2:-5}
loom=${LOOM:-$build_dir/cli/loom}
program=${BENCH_PROGRAM:-compute}
engine=${LOOM_ENGINE:-jit}
timeout_s=${BENCH_TIMEOUT:-300}
elf=$build_dir/bench/$program.elf

bench_name=gdb
# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"

[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$runs'"
[[ -x $loom ]] || die "no Loom executable at $loom (build the 'loom' target, or set LOOM)"
[[ -f $elf ]] || die "no $elf (build the bench-programs target)"
command -v gdb-multiarch >/dev/null || die "gdb-multiarch not found (scripts/install-deps.sh)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One run with GDB attached: Loom waits for it (--gdb-wait), GDB continues
# and stays attached until the guest exits.
run_with_gdb() {
  local prefix=$1 socket=$work/gdb.sock loom_pid i gdb_status=0
  timeout -k 5 "$timeout_s" "$loom" run --elf "$elf" --engine "$engine" --stats --gdb "unix:$socket" --gdb-wait \
    </dev/null >"$prefix.out" 2>"$prefix.err" &
  loom_pid=$!
  for ((i = 0; i < 600; i++)); do
    grep -q "waiting for GDB" "$prefix.err" && break
    kill -0 "$loom_pid" 2>/dev/null || break
    sleep 0.05
  done
  timeout "$timeout_s" gdb-multiarch -batch -nx -ex "target remote $socket" -ex continue "$elf" \
    >"$prefix.gdb" 2>&1 || gdb_status=$?
  wait "$loom_pid" || die "loom with GDB attached failed (see $prefix.err)"
  ((gdb_status == 0)) || die "gdb-multiarch failed (see $prefix.gdb)"
  grep -q "exited normally" "$prefix.gdb" || die "GDB did not see the run end (see $prefix.gdb)"
}

plain=() attached=()
for ((r = 1; r <= runs; r++)); do
  bench_run "plain run $r" "$work/plain" "$loom" run --elf "$elf" --engine "$engine" --stats
  bench_same_output "$work/plain.out" "plain run $r" "$work/reference"
  plain+=("$(to_milli "$(stat_field "$work/plain.err" "host time")")")
  run_with_gdb "$work/gdb"
  bench_same_output "$work/gdb.out" "run $r with GDB attached" "$work/reference"
  attached+=("$(to_milli "$(stat_field "$work/gdb.err" "host time")")")
done

plain_median=$(median "${plain[@]}") attached_median=$(median "${attached[@]}")
((plain_median > 0)) || die "the plain run took no measurable time"
echo "program $program, engine $engine, $runs runs each (Loom's host time, ms)"
printf '  %-22s median %8s  min %8s\n' "plain" "$(fixed "$plain_median" 1 0)" "$(minimum "${plain[@]}")"
printf '  %-22s median %8s  min %8s\n' "GDB attached, idle" "$(fixed "$attached_median" 1 0)" "$(minimum "${attached[@]}")"
echo "  ratio (attached / plain, medians): $(fixed "$attached_median" "$plain_median" 3)"
