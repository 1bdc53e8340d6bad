#!/usr/bin/env bash
# Random-program fuzzing of Loom (see README.md in this folder).
#
#   run_fuzz.sh LOOM SEED_FIRST COUNT SIZE [ENGINE]
#
# For each seed in SEED_FIRST .. SEED_FIRST+COUNT-1: generates a random
# program of about SIZE instructions (gen_riscv_program.py), assembles it with
# the ISA suite's common files, runs
#     LOOM run --platform bare --elf PROG --engine ENGINE --stats
# (ENGINE defaults to audit) and fails the seed on a non-zero exit status or a
# timeout. If QEMU_RISCV64 is set, the program also runs under QEMU's spike
# machine (as tests/isa/run_isa_test.sh runs it) and the seed fails when the
# exit status or the console output differs.
#
# Environment:
#   QEMU_RISCV64     qemu-system-riscv64 to compare with (unset: no QEMU)
#   FUZZ_TIMEOUT     seconds per simulator run (default 60)
#   FUZZ_GEN_FLAGS   extra generator flags, e.g. "--no-vm --no-smc"
#   FUZZ_WORKDIR     where programs are built (default: a new temporary
#                    directory, removed at the end unless something failed)
#   FUZZ_STOP        1: stop at the first failing seed (default: go on)
#   FUZZ_PROGRESS    print a progress line every N programs (default 100)
#   FUZZ_COPY_LOOM   0: run LOOM in place instead of a copy taken at the start
#   RISCV_GCC        cross compiler (default riscv64-unknown-elf-gcc)
#   PYTHON           python3 interpreter (default python3)
#
# A failing seed keeps its program (.S, .elf), the outputs and a repro.sh in
# WORKDIR/fail-seed-N, and the script prints that path. The last line is a
# summary: programs run, guest instructions retired under Loom in total,
# failures. Exit status: 0 if every seed passed, 1 otherwise, 2 on bad usage
# or a broken set-up.
set -uo pipefail

usage() {
  echo "usage: $0 LOOM SEED_FIRST COUNT SIZE [ENGINE]   (ENGINE: audit (default), interp, jit)" >&2
  exit 2
}
(($# == 4 || $# == 5)) || usage
loom=$1 seed_first=$2 count=$3 size=$4 engine=${5:-audit}
[[ $seed_first =~ ^[0-9]+$ && $count =~ ^[0-9]+$ && $size =~ ^[0-9]+$ ]] || usage
[[ -x $loom ]] || { echo "run_fuzz: LOOM is not an executable: $loom" >&2; exit 2; }
loom=$(cd "$(dirname "$loom")" && pwd)/$(basename "$loom")

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
common=$here/../isa/common
[[ -f $common/crt.S && -f $common/print.S && -f $common/htif.S && -f $common/link.ld ]] ||
  { echo "run_fuzz: $common: not the ISA suite's common folder" >&2; exit 2; }
common=$(cd "$common" && pwd)
gen=$here/gen_riscv_program.py
gcc=${RISCV_GCC:-riscv64-unknown-elf-gcc}
python=${PYTHON:-python3}
qemu=${QEMU_RISCV64:-}
timeout_s=${FUZZ_TIMEOUT:-60}
progress=${FUZZ_PROGRESS:-100}
read -r -a gen_flags <<<"${FUZZ_GEN_FLAGS:-}"
# Comparing with QEMU: steer clear of QEMU 7.2's own bugs (README.md).
[[ -n $qemu ]] && gen_flags+=(--qemu-workarounds)

command -v "$gcc" >/dev/null || { echo "run_fuzz: $gcc not found" >&2; exit 2; }
command -v "$python" >/dev/null || { echo "run_fuzz: $python not found" >&2; exit 2; }
if [[ -n $qemu ]]; then
  command -v "$qemu" >/dev/null || { echo "run_fuzz: QEMU_RISCV64=$qemu not found" >&2; exit 2; }
fi

if [[ -n ${FUZZ_WORKDIR:-} ]]; then
  workdir=$FUZZ_WORKDIR
  mkdir -p "$workdir" || exit 2
  own_workdir=0
else
  workdir=$(mktemp -d "${TMPDIR:-/tmp}/loom-fuzz.XXXXXX") || exit 2
  own_workdir=1
fi
workdir=$(cd "$workdir" && pwd)

# shellcheck disable=SC2054  # (commas inside arguments)
cflags=(-march=rv64gc_zba_zbb_zbs -mabi=lp64d -mcmodel=medany -static -nostdlib
        -nostartfiles -ffreestanding -I"$common" -T "$common/link.ld"
        -Wl,--no-warn-rwx-segments)
# The start-up code and the console (HTIF) are the same for every program.
if ! "$gcc" "${cflags[@]}" -c "$common/crt.S" -o "$workdir/crt.o" ||
   ! "$gcc" "${cflags[@]}" -c "$common/print.S" -o "$workdir/print.o" ||
   ! "$gcc" "${cflags[@]}" -c "$common/htif.S" -o "$workdir/htif.o"; then
  echo "run_fuzz: cannot assemble $common/crt.S / print.S / htif.S" >&2
  exit 2
fi

# shellcheck disable=SC2054
qemu_args=(-machine spike -cpu rv64,h=false,zba=true,zbb=true,zbs=true -bios none
           -nographic -monitor none)

# Run a copy of LOOM, so that rebuilding it during a long campaign neither
# breaks runs (a half-written executable) nor mixes two versions
# (FUZZ_COPY_LOOM=0: run LOOM itself). A copy that does not start is retried:
# the linker may be writing LOOM right now.
loom_run=$loom
if [[ ${FUZZ_COPY_LOOM:-1} != 0 ]]; then
  loom_run=$workdir/loom
  for attempt in 1 2 3 4 5 6; do
    if cp "$loom" "$loom_run" 2>/dev/null && "$loom_run" run --help >/dev/null 2>&1; then
      break
    fi
    ((attempt == 6)) && { echo "run_fuzz: cannot copy and start $loom" >&2; exit 2; }
    sleep 5
  done
fi

# run_to OUT ERR CMD...: runs CMD with the timeout; stdout to OUT, stderr to
# ERR; returns its exit status (124/137 on a timeout).
run_to() {
  local out=$1 err=$2
  shift 2
  timeout -k 2 "$timeout_s" "$@" </dev/null >"$out" 2>"$err"
}

programs=0 instructions=0 failures=0 failed_seeds=()

# keep_failure SEED DIR REASON: moves the seed's files aside and explains.
keep_failure() {
  local seed=$1 dir=$2 reason=$3 fail=$workdir/fail-seed-$1
  rm -rf "$fail"
  mv "$dir" "$fail"
  {
    echo "#!/usr/bin/env bash"
    echo "# seed $seed: $reason"
    echo "set -x"
    echo "cd \"\$(dirname \"\$0\")\""
    printf '%q ' "$python" "$gen" --seed "$seed" --size "$size" "${gen_flags[@]}" -o prog.S; echo
    printf '%q ' "$gcc" "${cflags[@]}" "$common/crt.S" "$common/print.S" "$common/htif.S" prog.S -o prog.elf; echo
    printf '%q ' "$loom" run --platform bare --elf prog.elf --engine "$engine" --stats; echo
    if [[ -n $qemu ]]; then
      printf '%q ' "$qemu" "${qemu_args[@]}" -kernel prog.elf; echo
    fi
  } >"$fail/repro.sh"
  chmod +x "$fail/repro.sh"
  failures=$((failures + 1))
  failed_seeds+=("$seed")
  echo "FAIL: seed $seed: $reason"
  echo "      program, outputs and repro.sh kept in $fail"
}

# shellcheck disable=SC2001
# localize SEED DIR: for a QEMU difference, rebuild the program with a
# checksum after every segment and every trap logged, and print the first
# line where QEMU and Loom disagree.
localize() {
  local seed=$1 dir=$2
  "$python" "$gen" --seed "$seed" --size "$size" "${gen_flags[@]}" --trace --trap-log \
    -o "$dir/trace.S" 2>/dev/null || return
  "$gcc" "${cflags[@]}" "$workdir/crt.o" "$workdir/print.o" "$workdir/htif.o" "$dir/trace.S" \
    -o "$dir/trace.elf" 2>/dev/null || return
  run_to "$dir/trace.loom" /dev/null "$loom_run" run --platform bare --elf "$dir/trace.elf" --engine "$engine"
  run_to "$dir/trace.qemu" /dev/null "$qemu" "${qemu_args[@]}" -kernel "$dir/trace.elf"
  local first
  first=$(diff "$dir/trace.qemu" "$dir/trace.loom" | grep -m2 '^[<>]')
  [[ -n $first ]] && printf '      first difference with --trace --trap-log (trace.S):\n%s\n' \
    "$(sed 's/^/        /' <<<"$first")"
}

describe_rc() {
  case $1 in
    124|137) echo "timed out after ${timeout_s}s" ;;
    *) echo "exit status $1" ;;
  esac
}

cleanup_ok=1
for ((seed = seed_first; seed < seed_first + count; seed++)); do
  dir=$workdir/seed-$seed
  rm -rf "$dir"
  mkdir -p "$dir"
  if ! "$python" "$gen" --seed "$seed" --size "$size" "${gen_flags[@]}" -o "$dir/prog.S" 2>"$dir/gen.err"; then
    keep_failure "$seed" "$dir" "the generator failed: $(head -n 3 "$dir/gen.err")"
    [[ ${FUZZ_STOP:-0} == 1 ]] && break
    continue
  fi
  if ! "$gcc" "${cflags[@]}" "$workdir/crt.o" "$workdir/print.o" "$workdir/htif.o" "$dir/prog.S" -o "$dir/prog.elf" 2>"$dir/gcc.err"; then
    keep_failure "$seed" "$dir" "the program does not assemble (generator bug): $(head -n 3 "$dir/gcc.err")"
    [[ ${FUZZ_STOP:-0} == 1 ]] && break
    continue
  fi

  run_to "$dir/loom.out" "$dir/loom.err" "$loom_run" run --platform bare --elf "$dir/prog.elf" --engine "$engine" --stats
  rc=$?
  programs=$((programs + 1))
  n=$(sed -n 's/^loom: instructions retired: *//p' "$dir/loom.err" | head -n 1)
  [[ $n =~ ^[0-9]+$ ]] && instructions=$((instructions + n))

  reason=
  if ((rc != 0)); then
    reason="loom --engine $engine: $(describe_rc "$rc")"
    if grep -q '^audit: divergence' "$dir/loom.err"; then
      reason="loom --engine $engine: audit divergence"
    fi
  elif ! grep -q '^fuzz seed ' "$dir/loom.out"; then
    reason="loom --engine $engine: no checksum output"
  elif [[ -n $qemu ]]; then
    run_to "$dir/qemu.out" "$dir/qemu.err" "$qemu" "${qemu_args[@]}" -kernel "$dir/prog.elf"
    qrc=$?
    if ((qrc != rc)); then
      reason="qemu $(describe_rc "$qrc"), loom --engine $engine exit status $rc"
    elif ! cmp -s "$dir/qemu.out" "$dir/loom.out"; then
      reason="console output differs between qemu and loom --engine $engine"
    fi
  fi

  if [[ -n $reason ]]; then
    if [[ $reason == *differs* ]]; then
      diff -u --label qemu --label loom "$dir/qemu.out" "$dir/loom.out" | head -n 20 | sed 's/^/      /'
    elif [[ -s $dir/loom.err ]]; then
      grep -v '^loom: ' "$dir/loom.err" | head -n 30 | sed 's/^/      /'
    fi
    keep_failure "$seed" "$dir" "$reason"
    [[ $reason == *differs* ]] && localize "$seed" "$workdir/fail-seed-$seed"
    [[ ${FUZZ_STOP:-0} == 1 ]] && break
  else
    rm -rf "$dir"
  fi
  if ((progress > 0 && programs % progress == 0 && programs < count)); then
    echo "fuzz: $programs/$count programs, $instructions instructions, $failures failed"
  fi
done

rm -f "$workdir/crt.o" "$workdir/print.o" "$workdir/htif.o"
[[ $loom_run != "$loom" ]] && rm -f "$loom_run"
if ((failures == 0)); then
  if ((own_workdir)); then rm -rf "$workdir"; fi
else
  cleanup_ok=0
fi

what="loom --engine $engine"
[[ -n $qemu ]] && what+=" vs qemu"
echo "fuzz: $programs programs (seeds $seed_first..$((seed_first + count - 1)), size $size, $what)," \
     "$instructions guest instructions, $failures failed"
if ((cleanup_ok == 0)); then
  echo "fuzz: failing seeds: ${failed_seeds[*]} (kept in $workdir)"
  exit 1
fi
exit 0
