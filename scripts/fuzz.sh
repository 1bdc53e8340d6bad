#!/usr/bin/env bash
# The libFuzzer targets (tests/fuzz/README.md, "libFuzzer targets"): builds
# them with clang-15 in a build directory of their own, and runs them.
#
#   scripts/fuzz.sh build                      configure (once) and build the targets, nothing else
#   scripts/fuzz.sh bounded [--prebuilt] [TARGET...]
#                                              build (unless --prebuilt: CTest's fuzz.libfuzzer.build
#                                              did), then run each target (default: all) over its
#                                              seed corpus plus a fixed number of runs, seed 1
#   scripts/fuzz.sh campaign TARGET [SECONDS]  a long run (default 600 s); what it finds is kept in
#                                              $LOOM_FUZZ_BUILD_DIR/campaign/TARGET, crashes beside it
#   scripts/fuzz.sh list                       the targets
#
# Exit status 77 (CTest's "skipped") when clang-15 or libFuzzer is not installed.
# Environment: LOOM_FUZZ_BUILD_DIR (default ./build-fuzz), FUZZ_RUNS (bounded runs per
# target, default: the target's own below), FUZZ_JOBS (build jobs, default 2).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LOOM_FUZZ_BUILD_DIR:-$root/build-fuzz}
corpora=$root/tests/fuzz/corpus
targets=(decoder elf_loader platform_file device_tree server_link session)

# Runs of the bounded (CTest) run of each target, after its seed corpus:
# chosen so that each takes some seconds on a loaded 2-core machine. The
# session target is slow (a SystemC elaboration per input).
declare -A bounded_runs=(
  [decoder]=200000 [elf_loader]=100000 [platform_file]=3000 [device_tree]=3000
  [server_link]=10000 [session]=3000)

# Stack traces with file:line (clang-15 does not bring its own symbolizer).
if [[ -z ${ASAN_SYMBOLIZER_PATH:-} ]] && command -v llvm-symbolizer >/dev/null; then
  export ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer)
fi

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

require_clang() {
  local missing=()
  command -v clang-15 >/dev/null || missing+=(clang-15)
  command -v clang++-15 >/dev/null || missing+=(clang++-15)
  compgen -G "/usr/lib/llvm-15/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null ||
    missing+=(libfuzzer-15-dev)
  if ((${#missing[@]})); then
    echo "fuzz: skipped: ${missing[*]} not installed (scripts/install-deps.sh installs them)"
    exit 77
  fi
}

build_targets() {
  require_clang
  if [[ ! -f $build/CMakeCache.txt ]]; then
    # Only the fuzz targets and the libraries they link are built (see
    # tests/fuzz/libfuzzer/CMakeLists.txt): no tests, no benchmarks.
    CC=clang-15 CXX=clang++-15 cmake -S "$root" -B "$build" -G Ninja -DLOOM_FUZZ=ON \
      -DCMAKE_BUILD_TYPE=Fuzz -DLOOM_BUILD_TESTS=OFF -DLOOM_BUILD_BENCH=OFF >"$build.configure.log" 2>&1 ||
      { cat "$build.configure.log"; exit 1; }
    mv "$build.configure.log" "$build/configure.log"
  fi
  # Paths relative to the checkout in ccache's keys: a fresh clone elsewhere
  # still finds the objects of the last one.
  CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=true cmake --build "$build" --target loom_fuzz_targets -j"${FUZZ_JOBS:-2}"
}

binary() { echo "$build/tests/fuzz/libfuzzer/fuzz_$1"; }

# Options every run takes: the target's dictionary, if it has one, and
# crashes kept where the run can name them.
common_options() {
  local target=$1 artifacts=$2
  # libFuzzer's own exit status for a finding is 77, CTest's "skipped": 1 instead.
  local options=(-artifact_prefix="$artifacts/$target-" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1
                 -error_exitcode=1 -timeout_exitcode=1)
  [[ -f $corpora/$target.dict ]] && options+=(-dict="$corpora/$target.dict")
  # A few instructions exercise as much as a page of them, much faster.
  [[ $target == decoder ]] && options+=(-max_len=64)
  printf '%s\n' "${options[@]}"
}

run_bounded() {
  local target=$1
  local runs=${FUZZ_RUNS:-${bounded_runs[$target]}}
  local work
  work=$(mktemp -d "${TMPDIR:-/tmp}/loom-fuzz-$target.XXXXXX")
  mkdir -p "$build/artifacts"
  local options
  mapfile -t options < <(common_options "$target" "$build/artifacts")
  echo "fuzz: $target: seed corpus tests/fuzz/corpus/$target, then $runs runs (seed 1)"
  # New inputs go into the first (scratch) directory: the seed corpus in
  # the repository is only read.
  local status=0
  # No leak checking in the bounded runs: LeakSanitizer's exit-time check
  # reads /proc/PID/task from a helper process, which fails now and then on
  # a loaded or restricted host ("LeakSanitizer has encountered a fatal
  # error") after every input passed. The campaigns (`campaign`) check leaks.
  (cd "$work" && ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    "$(binary "$target")" "${options[@]}" -detect_leaks=0 -seed=1 -runs="$runs" "$work" "$corpora/$target") \
    >"$work/log" 2>&1 || status=$?
  grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|stat::number_of_executed_units|stat::peak_rss_mb)' "$work/log" || true
  if ((status != 0)); then
    tail -n 60 "$work/log"
    echo "fuzz: $target FAILED (exit status $status); the input is in $build/artifacts"
    rm -rf "$work"
    return 1
  fi
  rm -rf "$work"
}

run_campaign() {
  local target=$1 seconds=${2:-600}
  local corpus=$build/campaign/$target
  mkdir -p "$corpus" "$build/campaign/artifacts"
  local options
  mapfile -t options < <(common_options "$target" "$build/campaign/artifacts")
  echo "fuzz: $target: campaign of $seconds s, corpus $corpus"
  (cd "$build/campaign" && "$(binary "$target")" "${options[@]}" -max_total_time="$seconds" "$corpus" "$corpora/$target")
}

command=${1:-}
shift || true
case $command in
  build) build_targets ;;
  bounded)
    prebuilt=0
    if [[ ${1:-} == --prebuilt ]]; then prebuilt=1; shift; fi
    (($#)) || set -- "${targets[@]}"
    if ((prebuilt)); then require_clang; else build_targets; fi
    failed=()
    for target in "$@"; do run_bounded "$target" || failed+=("$target"); done
    if ((${#failed[@]})); then echo "fuzz: failed: ${failed[*]}"; exit 1; fi
    ;;
  campaign)
    (($#)) || usage
    build_targets
    run_campaign "$@"
    ;;
  list) printf '%s\n' "${targets[@]}" ;;
  *) usage ;;
esac
