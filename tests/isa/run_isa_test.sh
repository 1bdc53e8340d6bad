#!/usr/bin/env bash
# Runs one ISA test program and checks how it ended.
#
#   run_isa_test.sh qemu QEMU ELF EXPECTED       exit code 0, stdout == EXPECTED
#   run_isa_test.sh loom LOOM ELF EXPECTED       same, under Loom
#   run_isa_test.sh diff QEMU LOOM ELF           same exit code and stdout on both
#   run_isa_test.sh engines LOOM ELF EXPECTED    under every Loom engine (LOOM_ENGINES,
#                                                default "interp jit audit"): exit code 0,
#                                                stdout == EXPECTED, identical retired counts
#
# QEMU and LOOM are the simulator executables. ISA_TEST_TIMEOUT (seconds,
# default 8) bounds each simulator run. The board is QEMU's spike machine and
# Loom's bare platform, unless ISA_TEST_PLATFORM names a Loom platform file
# (virt-aia): then QEMU runs `-M ISA_TEST_QEMU_MACHINE (default
# virt,aia=aplic-imsic) -bios none -kernel ELF` and Loom `run PLATFORM
# --firmware ELF`, with ISA_TEST_HARTS harts
# (default 1) on both. On failure the first line printed says
# why; a diff of the console output may follow. Only a temporary file (stderr) is written.
set -uo pipefail

timeout_s=${ISA_TEST_TIMEOUT:-8}
stats_file=$(mktemp)
trap 'rm -f "$stats_file"' EXIT

usage() {
  echo "usage: $0 qemu|loom SIMULATOR ELF EXPECTED | diff QEMU LOOM ELF | engines LOOM ELF EXPECTED" >&2
  exit 2
}

# run_sim KIND SIMULATOR ELF: sets sim_out (exact stdout) and sim_rc.
run_sim() {
  local kind=$1 sim=$2 elf=$3 cmd loom_board
  local platform=${ISA_TEST_PLATFORM:-} harts=${ISA_TEST_HARTS:-1}
  if [[ -n $platform ]]; then
    loom_board=(run "$platform" --firmware "$elf" --harts "$harts")
  else
    loom_board=(run --platform bare --elf "$elf")
  fi
  case $kind in
    qemu)
      if [[ -n $platform ]]; then
        cmd=("$sim" -machine "${ISA_TEST_QEMU_MACHINE:-virt,aia=aplic-imsic}" -smp "$harts"
             -bios none -kernel "$elf" -nographic -monitor none)
      else
        cmd=("$sim" -machine spike -cpu rv64,h=false,zba=true,zbb=true,zbs=true
             -bios none -kernel "$elf" -nographic -monitor none)
      fi ;;
    loom)
      cmd=("$sim" "${loom_board[@]}") ;;
    loom-*)  # loom-ENGINE: that engine, with the retired count on stderr; the
             # JIT translates every block at once, so that all of it is tested
      cmd=("$sim" "${loom_board[@]}" --engine "${kind#loom-}" --translate-after 1 --stats) ;;
  esac
  # The trailing marker keeps trailing newlines of the output intact.
  sim_out=$(timeout -k 2 "$timeout_s" "${cmd[@]}" </dev/null 2>"$stats_file"; printf '|%d' $?)
  sim_rc=${sim_out##*|}
  sim_out=${sim_out%|*}
}

describe_rc() {
  case $1 in
    124|137) echo "timed out after ${timeout_s}s" ;;
    255) echo "exit code 255 (unexpected M-mode trap)" ;;
    254) echo "exit code 254 (unexpected S-mode trap)" ;;
    *) echo "exit code $1" ;;
  esac
}

show_diff() {  # show_diff LABEL_A TEXT_A LABEL_B TEXT_B
  diff --label "$1" --label "$3" -u <(printf '%s' "$2") <(printf '%s' "$4") | head -n 40
}

mode=${1:-}
case $mode in
  qemu|loom)
    (($# == 4)) || usage
    sim=$2 elf=$3 expected_file=$4
    [[ -f $elf ]] || { echo "FAIL: no such program: $elf"; exit 1; }
    [[ -f $expected_file ]] || { echo "FAIL: no expected output file: $expected_file"; exit 1; }
    expected=$(cat "$expected_file"; printf '|')
    expected=${expected%|}
    run_sim "$mode" "$sim" "$elf"
    if [[ $sim_rc != 0 ]]; then
      echo "FAIL: $mode: $(describe_rc "$sim_rc"), expected exit code 0"
      [[ -n $sim_out ]] && printf 'output:\n%s\n' "${sim_out%$'\n'}"
      exit 1
    fi
    if [[ $sim_out != "$expected" ]]; then
      echo "FAIL: $mode: output differs from $(basename "$expected_file")"
      show_diff expected "$expected" "$mode" "$sim_out"
      exit 1
    fi
    echo "PASS: $mode $(basename "$elf")"
    ;;
  engines)
    (($# == 4)) || usage
    loom=$2 elf=$3 expected_file=$4
    expected=$(cat "$expected_file"; printf '|')
    expected=${expected%|}
    first_count= first_engine=
    for engine in ${LOOM_ENGINES:-interp jit audit}; do
      run_sim "loom-$engine" "$loom" "$elf"
      if [[ $sim_rc != 0 ]]; then
        echo "FAIL: --engine $engine: $(describe_rc "$sim_rc"), expected exit code 0"
        grep -v '^loom: ' "$stats_file" | head -n 40
        exit 1
      fi
      if [[ $sim_out != "$expected" ]]; then
        echo "FAIL: --engine $engine: output differs from $(basename "$expected_file")"
        show_diff expected "$expected" "$engine" "$sim_out"
        exit 1
      fi
      count=$(sed -n 's/^loom: instructions retired: //p' "$stats_file")
      if [[ -z $first_engine ]]; then
        first_count=$count first_engine=$engine
      elif [[ $count != "$first_count" ]]; then
        echo "FAIL: --engine $engine retired $count instructions, --engine $first_engine $first_count"
        exit 1
      fi
    done
    echo "PASS: engines ${LOOM_ENGINES:-interp jit audit}: $(basename "$elf"), $first_count instructions"
    ;;
  diff)
    (($# == 4)) || usage
    qemu=$2 loom=$3 elf=$4
    [[ -f $elf ]] || { echo "FAIL: no such program: $elf"; exit 1; }
    run_sim qemu "$qemu" "$elf"
    qemu_out=$sim_out qemu_rc=$sim_rc
    run_sim loom "$loom" "$elf"
    if [[ $sim_rc != "$qemu_rc" ]]; then
      echo "FAIL: diff: loom $(describe_rc "$sim_rc"), qemu $(describe_rc "$qemu_rc")"
      show_diff qemu "$qemu_out" loom "$sim_out"
      exit 1
    fi
    if [[ $sim_out != "$qemu_out" ]]; then
      echo "FAIL: diff: console output differs between qemu and loom"
      show_diff qemu "$qemu_out" loom "$sim_out"
      exit 1
    fi
    echo "PASS: diff $(basename "$elf") (exit code $qemu_rc)"
    ;;
  *) usage ;;
esac
