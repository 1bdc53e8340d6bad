#!/usr/bin/env bash
# sanitize.sh address|thread [ctest args...]
#
# Builds Loom with sanitizers in a build directory of its own and runs CTest
# there; run it before resolving an issue that touches the CPU, the bridge or
# the device servers (docs/testing.md).
#   address  ASan + UBSan (LOOM_SANITIZE=address) in build-asan/: the whole suite
#   thread   TSan (LOOM_SANITIZE=thread) in build-tsan/: the bridge, system,
#            robustness and links tests unless ctest args say otherwise
# Extra arguments go to ctest (e.g. -R bridge.mmio). LOOM_SANITIZE_BUILD_DIR
# overrides the build directory, LOOM_SANITIZE_TARGETS the targets built
# (default all; e.g. "loom loom_bridge_tests" for a quicker -R run). The
# Linux tests use LOOM_LINUX_DIR and LOOM_LINUX_612_DIR, by default
# build/linux and build/linux-6.12 of the normal build (they are skipped
# when the images are not there).
#
# Every sanitized process (loom run, each loom serve it spawns, the unit
# test binaries) writes its reports to a file under BUILD/sanitizer-reports
# instead of stderr: the tests compare stderr line by line, and a report
# from a child server would otherwise be lost or only make some other check
# fail. The run fails when a test fails or when any report was written.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kind=${1:-}
case $kind in
  address) build=${LOOM_SANITIZE_BUILD_DIR:-$root/build-asan} ;;
  thread) build=${LOOM_SANITIZE_BUILD_DIR:-$root/build-tsan} ;;
  *) echo "usage: scripts/sanitize.sh address|thread [ctest args...]" >&2; exit 2 ;;
esac
shift
ctest_args=("$@")
if [[ $kind == thread && ${#ctest_args[@]} -eq 0 ]]; then
  ctest_args=(-L '^(bridge|system|robustness|links)$')
fi

linux_dir=${LOOM_LINUX_DIR:-$root/build/linux}
linux_612_dir=${LOOM_LINUX_612_DIR:-$root/build/linux-6.12}
suppressions=$root/scripts/sanitizers
reports=$build/sanitizer-reports

bash "$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DLOOM_SANITIZE="$kind" \
  -DLOOM_LINUX_DIR="$linux_dir" -DLOOM_LINUX_612_DIR="$linux_612_dir" >/dev/null
# shellcheck disable=SC2086
cmake --build "$build" -j"$(nproc)" ${LOOM_SANITIZE_TARGETS:+--target $LOOM_SANITIZE_TARGETS}

rm -rf "$reports"
mkdir -p "$reports"
# halt_on_error: the first finding ends the process with exitcode 66, a
# status no Loom path uses, instead of being printed and run past. UBSan
# inside the ASan runtime ignores log_path and reports on stderr (and ends
# the process with 66 too): the test's output is searched for that below.
# ASan's leak check stays on: a leak in Loom is a bug like any other.
export ASAN_OPTIONS="log_path=$reports/asan:log_exe_name=1:halt_on_error=1:exitcode=66:detect_leaks=1:strict_init_order=1"
export UBSAN_OPTIONS="halt_on_error=1:exitcode=66:print_stacktrace=1:suppressions=$suppressions/ubsan.supp"
export LSAN_OPTIONS="suppressions=$suppressions/lsan.supp:print_suppressions=0"
export TSAN_OPTIONS="log_path=$reports/tsan:log_exe_name=1:halt_on_error=1:exitcode=66:second_deadlock_stack=1:suppressions=$suppressions/tsan.supp"

# Instrumented code is slower (the interpreter under TSan runs at ~2 MIPS):
# a test's own per-run limits scale by this (CTest's TIMEOUTs leave room).
export LOOM_TEST_TIME_SCALE=3

status=0
(cd "$build" && ctest --output-on-failure -j"$(nproc)" "${ctest_args[@]}") || status=$?

# Whatever a sanitizer wrote, even from a process whose test passed anyway.
# A file with no error in it holds a warning only, e.g. ASan's about the
# stack switches of SystemC's threads (docs/testing.md): shown, not failed.
finding='ERROR: [A-Za-z]+Sanitizer|WARNING: ThreadSanitizer|runtime error:'
shopt -s nullglob
for f in "$reports"/*; do
  if grep -Eq "$finding" "$f"; then
    echo "=== sanitizer report $f"
    head -80 "$f"
    status=1
  else
    echo "note: $f: $(head -c 300 "$f" | grep -m1 .)"
  fi
done
if grep -Eq "$finding" "$build/Testing/Temporary/LastTest.log" 2>/dev/null; then
  echo "=== sanitizer reports in the tests' output ($build/Testing/Temporary/LastTest.log):"
  grep -E "$finding" "$build/Testing/Temporary/LastTest.log" | sort | uniq -c | head -20
  status=1
fi
exit $status
