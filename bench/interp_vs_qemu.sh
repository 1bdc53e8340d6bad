#!/usr/bin/env bash
# Interpreter speed: runs one CPU-bound guest program (bench/compute.elf)
# RUNS times under Loom and RUNS times under QEMU, alternating, and prints
# the median and minimum wall time of each, their MIPS and the ratio of the
# medians. See bench/README.md for how to read the numbers.
#
#   bench/interp_vs_qemu.sh [BUILD_DIR] [RUNS]
#
# BUILD_DIR defaults to <repo>/build, RUNS to 5. Environment: LOOM and QEMU
# override the simulators (default BUILD_DIR/cli/loom and
# qemu-system-riscv64 from PATH), BENCH_ELF the program, BENCH_TIMEOUT the
# limit of one run in seconds (default 300), LOOM_ENGINE Loom's engine
# (default interp: this is the interpreter's benchmark, and the JIT is
# Loom's default engine; jit_vs_qemu.sh compares the engines).
#
# Exits non-zero if a run fails, if the console output of any run differs
# from the first one, or if Loom's instruction count varies between runs
# (Loom is deterministic: it must not).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-$repo/build}
runs=${2:-5}
loom=${LOOM:-$build_dir/cli/loom}
qemu=${QEMU:-qemu-system-riscv64}
elf=${BENCH_ELF:-$build_dir/bench/compute.elf}
timeout_s=${BENCH_TIMEOUT:-300}
engine=${LOOM_ENGINE:-interp}

bench_name=interp_vs_qemu
# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"

[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$runs'"
[[ -x $loom ]] || die "no Loom executable at $loom (build the 'loom' target, or set LOOM)"
[[ -f $elf ]] || die "no benchmark program at $elf (build the 'bench-programs' target, or set BENCH_ELF)"
qemu_path=$(command -v "$qemu") || die "QEMU not found: $qemu (install qemu-system-misc, or set QEMU)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

loom_cmd=("$loom" run --platform bare --elf "$elf" --stats --engine "$engine")
qemu_bare_command "$qemu_path" "$elf"

# run_once NAME INDEX CMD...: runs CMD with stdout/stderr in $work and sets
# elapsed_ns; fails the script if CMD fails or its stdout differs from the
# first run's.
run_once() {
  local name=$1 index=$2
  shift 2
  bench_run "$name run $index" "$work/$name.$index" "$@"
  bench_same_output "$work/$name.$index.out" "$name run $index" "$work/reference"
}

echo "Loom vs QEMU: $(basename "$elf"), $runs run(s) of each, alternating"
echo "  loom: $loom (--engine $engine)"
echo "  qemu: $qemu_path ($("$qemu_path" --version | head -n 1))"

loom_ns=() qemu_ns=() loom_mips_milli=() instructions=
for ((i = 1; i <= runs; i++)); do
  # Alternate which one goes first, so that neither always inherits the
  # other's warm caches or a burst of load.
  if ((i % 2)); then order=(loom qemu); else order=(qemu loom); fi
  for sim in "${order[@]}"; do
    if [[ $sim == loom ]]; then
      run_once loom "$i" "${loom_cmd[@]}"
      loom_ns+=("$elapsed_ns")
      count=$(stat_field "$work/loom.$i.err" "instructions retired")
      if [[ -z $instructions ]]; then
        instructions=$count
      elif [[ $count != "$instructions" ]]; then
        die "Loom retired $count instructions in run $i but $instructions in run 1: not deterministic"
      fi
      speed=$(stat_field "$work/loom.$i.err" "host speed")
      loom_mips_milli+=("$(to_milli "$speed")")
    else
      run_once qemu "$i" "${qemu_cmd[@]}"
      qemu_ns+=("$elapsed_ns")
    fi
  done
  echo "  run $i/$runs: loom $(fixed "${loom_ns[-1]}" 1000000000 3) s," \
       "qemu $(fixed "${qemu_ns[-1]}" 1000000000 3) s"
done

loom_median=$(median "${loom_ns[@]}")
qemu_median=$(median "${qemu_ns[@]}")
loom_min=$(minimum "${loom_ns[@]}")
qemu_min=$(minimum "${qemu_ns[@]}")
# MIPS (wall): instructions per microsecond of median wall time.
loom_wall_mips=$(fixed $((instructions * 1000)) "$loom_median" 1)
qemu_wall_mips=$(fixed $((instructions * 1000)) "$qemu_median" 1)
loom_stats_mips=$(fixed "$(median "${loom_mips_milli[@]}")" 1000 1)

echo
echo "guest: $instructions instructions per run (Loom's count); console output identical in all $((2 * runs)) runs"
echo
printf '%-6s  %12s  %12s  %12s  %14s\n' "" "median wall" "min wall" "MIPS (wall)" "MIPS (--stats)"
printf '%-6s  %10s s  %10s s  %12s  %14s\n' loom \
  "$(fixed "$loom_median" 1000000000 3)" "$(fixed "$loom_min" 1000000000 3)" "$loom_wall_mips" "$loom_stats_mips"
printf '%-6s  %10s s  %10s s  %12s  %14s\n' qemu \
  "$(fixed "$qemu_median" 1000000000 3)" "$(fixed "$qemu_min" 1000000000 3)" "$qemu_wall_mips" "-"
echo
echo "loom/qemu, ratio of the median wall times: $(fixed "$loom_median" "$qemu_median" 2)  (above 1: Loom is slower, below 1: faster)"
