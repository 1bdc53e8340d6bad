#!/usr/bin/env bash
# Engine speed: runs each benchmark program RUNS times under Loom with each
# engine of LOOM_ENGINES, under QEMU (TCG, the speed reference) and, where
# a native x86-64 build exists, natively; all interleaved in one session.
# Prints per program the median and minimum wall time of each, MIPS, and
# the ratios of the medians to QEMU and to native. See bench/README.md for
# the programs and how to read the numbers.
#
#   bench/jit_vs_qemu.sh [BUILD_DIR] [RUNS]
#
# BUILD_DIR defaults to <repo>/build, RUNS to 5. Environment:
#   LOOM_ENGINES    Loom engines to run, each as `--engine E` (default "jit interp")
#   BENCH_PROGRAMS  programs in BUILD_DIR/bench/<name>.elf
#                   (default "compute intmix fpkernel memkernel vmtrap")
#   BENCH_NATIVE    0: skip the native builds (default 1: run BUILD_DIR/bench/native/<name> if present)
#   LOOM, QEMU      the simulators (default BUILD_DIR/cli/loom, qemu-system-riscv64 from PATH)
#   BENCH_TIMEOUT   limit of one run in seconds (default 300)
#
# Loom's instruction count and its "MIPS (--stats)" come from one extra
# run per engine with --stats; the timed runs are plain `loom run`.
# Exits non-zero if a run fails, if any console output differs from the
# program's first run (engines, QEMU and native must all print the same),
# or if Loom's instruction count differs between engines (Loom is
# deterministic and every engine must retire exactly the same stream).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-$repo/build}
runs=${2:-5}
loom=${LOOM:-$build_dir/cli/loom}
qemu=${QEMU:-qemu-system-riscv64}
timeout_s=${BENCH_TIMEOUT:-300}
read -r -a engines <<<"${LOOM_ENGINES:-jit interp}"
read -r -a programs <<<"${BENCH_PROGRAMS:-compute intmix fpkernel memkernel vmtrap}"
use_native=${BENCH_NATIVE:-1}

bench_name=jit_vs_qemu
# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"

[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$runs'"
((${#engines[@]} > 0)) || die "LOOM_ENGINES is empty"
((${#programs[@]} > 0)) || die "BENCH_PROGRAMS is empty"
for engine in "${engines[@]}"; do
  [[ $engine =~ ^[a-z0-9_-]+$ ]] || die "bad engine name '$engine' in LOOM_ENGINES"
done
[[ -x $loom ]] || die "no Loom executable at $loom (build the 'loom' target, or set LOOM)"
qemu_path=$(command -v "$qemu") || die "QEMU not found: $qemu (install qemu-system-misc, or set QEMU)"
for program in "${programs[@]}"; do
  [[ -f $build_dir/bench/$program.elf ]] ||
    die "no program $build_dir/bench/$program.elf (build the 'bench-programs' target, or fix BENCH_PROGRAMS)"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seconds() { fixed "$1" 1000000000 3; }

echo "Loom (${engines[*]}) vs QEMU vs native: ${programs[*]}; $runs run(s) of each, interleaved"
echo "  loom: $loom"
echo "  qemu: $qemu_path ($("$qemu_path" --version | head -n 1))"
echo "  host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

summary=()
for program in "${programs[@]}"; do
  elf=$build_dir/bench/$program.elf
  native=$build_dir/bench/native/$program
  sims=()
  for engine in "${engines[@]}"; do sims+=("loom-$engine"); done
  sims+=(qemu)
  [[ $use_native != 0 && -x $native ]] && sims+=(native)
  qemu_bare_command "$qemu_path" "$elf"
  declare -A times=() stats_mips=()
  for sim in "${sims[@]}"; do times[$sim]=""; stats_mips[$sim]=""; done
  instructions="" counted_by=""

  echo
  echo "$program:"
  # One run per engine with --stats first: Loom's instruction count (which
  # every engine must agree on) and its own MIPS figure. The timed runs go
  # without --stats, whose JIT transition counters cost a few per cent, as
  # a user timing a program would run it.
  for sim in "${sims[@]}"; do
    [[ $sim == loom-* ]] || continue
    prefix=$work/$program.$sim.stats
    bench_run "$program: $sim --stats run" "$prefix" "$loom" run --platform bare --elf "$elf" --stats --engine "${sim#loom-}"
    bench_same_output "$prefix.out" "$program: $sim --stats run" "$work/$program.reference"
    count=$(stat_field "$prefix.err" "instructions retired")
    if [[ -z $instructions ]]; then
      instructions=$count counted_by=$sim
    elif [[ $count != "$instructions" ]]; then
      die "$program: $sim retired $count instructions, $counted_by $instructions: engines must agree"
    fi
    stats_mips[$sim]=$(to_milli "$(stat_field "$prefix.err" "host speed")")
  done
  for ((i = 1; i <= runs; i++)); do
    # Rotate which simulator goes first, so that none always inherits the
    # previous one's warm caches or a burst of load.
    n=${#sims[@]}
    for ((k = 0; k < n; k++)); do
      sim=${sims[(i - 1 + k) % n]}
      label="$program: $sim run $i"
      prefix=$work/$program.$sim.$i
      case $sim in
        loom-*)
          bench_run "$label" "$prefix" "$loom" run --platform bare --elf "$elf" --engine "${sim#loom-}"
          ;;
        qemu)
          bench_run "$label" "$prefix" "${qemu_cmd[@]}"
          ;;
        native)
          bench_run "$label" "$prefix" "$native"
          ;;
      esac
      bench_same_output "$prefix.out" "$label" "$work/$program.reference"
      times[$sim]+=" $elapsed_ns"
    done
    line="  run $i/$runs:"
    for sim in "${sims[@]}"; do
      read -r -a t <<<"${times[$sim]}"
      line+=" $sim $(seconds "${t[-1]}") s,"
    done
    echo "${line%,}"
  done

  declare -A med=()
  for sim in "${sims[@]}"; do
    read -r -a t <<<"${times[$sim]}"
    med[$sim]=$(median "${t[@]}")
  done
  echo "  $instructions instructions per run (Loom's count, the same for every engine);" \
       "console output identical in all $((runs * ${#sims[@]})) runs"
  printf '  %-12s %12s %12s %12s %15s %8s %9s\n' "" "median wall" "min wall" "MIPS (wall)" "MIPS (--stats)" "/ qemu" "/ native"
  for sim in "${sims[@]}"; do
    read -r -a t <<<"${times[$sim]}"
    wall_mips=- stats=- vs_native=-
    # MIPS only for the simulators: native runs x86 code, not this count.
    [[ $sim != native ]] && wall_mips=$(fixed $((instructions * 1000)) "${med[$sim]}" 1)
    [[ $sim == loom-* ]] && stats=$(fixed "${stats_mips[$sim]}" 1000 1)
    [[ -n ${med[native]:-} ]] && vs_native=$(fixed "${med[$sim]}" "${med[native]}" 2)
    printf '  %-12s %10s s %10s s %12s %15s %8s %9s\n' "$sim" "$(seconds "${med[$sim]}")" \
      "$(seconds "$(minimum "${t[@]}")")" "$wall_mips" "$stats" "$(fixed "${med[$sim]}" "${med[qemu]}" 2)" "$vs_native"
  done
  row=$(printf '%-10s' "$program")
  for engine in "${engines[@]}"; do
    row+=$(printf ' %16s' "$(fixed "${med[loom-$engine]}" "${med[qemu]}" 2)")
  done
  for sim in "${engines[@]/#/loom-}" qemu; do
    if [[ -n ${med[native]:-} ]]; then
      row+=$(printf ' %16s' "$(fixed "${med[$sim]}" "${med[native]}" 2)")
    else
      row+=$(printf ' %16s' -)
    fi
  done
  summary+=("$row")
  unset times stats_mips med
done

echo
echo "summary: ratios of median wall times (above 1: slower than the reference)"
header=$(printf '%-10s' program)
for engine in "${engines[@]}"; do header+=$(printf ' %16s' "loom-$engine/qemu"); done
for engine in "${engines[@]}"; do header+=$(printf ' %16s' "loom-$engine/nat"); done
header+=$(printf ' %16s' "qemu/native")
echo "$header"
printf '%s\n' "${summary[@]}"
# Geometric means of the ratio columns, over the programs that have them.
printf '%s\n' "${summary[@]}" | awk -v first="$(printf '%-10s' geomean)" '
  { for (c = 2; c <= NF; c++) if ($c != "-") { sum[c] += log($c); count[c]++ } if (NF > columns) columns = NF }
  END { line = first
        for (c = 2; c <= columns; c++) line = line sprintf(" %16s", count[c] ? sprintf("%.2f", exp(sum[c] / count[c])) : "-")
        print line }'
