# shellcheck shell=bash disable=SC2154,SC2034
# Helpers shared by the side-by-side speed benchmarks (interp_vs_qemu.sh,
# jit_vs_qemu.sh). Source it, then set:
#   bench_name  prefix of error messages (the script's name)
#   timeout_s   limit of one run, in seconds
# Numbers are integers (nanoseconds, instruction counts) handled with bash
# arithmetic, printed through `fixed`: no bc or awk in the measuring path.
# (The shellcheck directive above: the inputs are set, and elapsed_ns is
# read, by the sourcing script.)

die() {
  echo "$bench_name: $*" >&2
  exit 1
}

# bench_run LABEL PREFIX CMD...: runs CMD with stdin from /dev/null, stdout
# in PREFIX.out and stderr in PREFIX.err, and sets elapsed_ns to its wall
# time from start to exit. A run that fails or times out ends the script,
# showing the last lines of both streams.
bench_run() {
  local label=$1 prefix=$2
  shift 2
  local rc=0 start end
  start=$(date +%s%N)
  timeout -k 5 "$timeout_s" "$@" </dev/null >"$prefix.out" 2>"$prefix.err" || rc=$?
  end=$(date +%s%N)
  elapsed_ns=$((end - start))
  if ((rc != 0)); then
    local why="exit status $rc"
    ((rc == 124 || rc == 137)) && why="timed out after ${timeout_s}s"
    echo "$bench_name: $label failed: $why" >&2
    echo "--- stdout (last lines) ---" >&2
    tail -n 15 "$prefix.out" >&2
    echo "--- stderr (last lines) ---" >&2
    tail -n 15 "$prefix.err" >&2
    exit 1
  fi
}

# bench_same_output FILE LABEL REFERENCE: the first call with a given
# REFERENCE (a path prefix) records FILE as REFERENCE.out; every later call
# ends the script with a diff if FILE differs from it.
bench_same_output() {
  local file=$1 label=$2 reference=$3
  if [[ -f $reference.out ]]; then
    if ! cmp -s "$reference.out" "$file"; then
      echo "$bench_name: $label: console output differs from $(cat "$reference.name")" >&2
      diff -u --label "$(cat "$reference.name")" --label "$label" "$reference.out" "$file" | head -n 30 >&2
      exit 1
    fi
  else
    cp "$file" "$reference.out"
    echo "$label" >"$reference.name"
  fi
}

# qemu_bare_command QEMU ELF: sets qemu_cmd to the QEMU command line that
# runs a bare-metal program like Loom's `bare` platform does: the spike
# machine (RAM at 0x80000000, CLINT, HTIF console and exit), no firmware,
# the extensions Loom implements and no hypervisor.
qemu_bare_command() {
  qemu_cmd=("$1" -machine spike -cpu "rv64,h=false,zba=true,zbb=true,zbs=true"
            -bios none -kernel "$2" -nographic -monitor none)
}

# stat_field FILE LABEL: the value after "loom: LABEL:" in Loom's --stats.
stat_field() {
  local line
  line=$(grep -m1 "^loom: $2:" "$1") || die "Loom printed no '$2' statistic (see $1)"
  line=${line#*:}
  line=${line#*:}
  read -r line _ <<<"$line"
  echo "$line"
}

# to_milli DECIMAL: "126.1" -> 126100 (non-negative decimals only).
to_milli() {
  local whole=${1%%.*} frac=000
  [[ $1 == *.* ]] && frac="${1#*.}000"
  echo $((10#${whole:-0} * 1000 + 10#${frac:0:3}))
}

# fixed VALUE SCALE DIGITS: VALUE/SCALE with DIGITS decimals, rounded.
fixed() {
  local value=$1 scale=$2 digits=$3 unit=1 i
  for ((i = 0; i < digits; i++)); do unit=$((unit * 10)); done
  local scaled=$(((value * unit * 2 + scale) / (scale * 2)))
  if ((digits == 0)); then
    echo "$scaled"
  else
    printf '%d.%0*d\n' $((scaled / unit)) "$digits" $((scaled % unit))
  fi
}

# median N...: of integers (mean of the middle two for an even count).
median() {
  local sorted
  mapfile -t sorted < <(printf '%s\n' "$@" | sort -n)
  local n=${#sorted[@]}
  if ((n % 2)); then
    echo "${sorted[n / 2]}"
  else
    echo $(((sorted[n / 2 - 1] + sorted[n / 2]) / 2))
  fi
}

minimum() {
  printf '%s\n' "$@" | sort -n | head -n 1
}
