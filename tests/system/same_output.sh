#!/usr/bin/env bash
# same_output.sh [--second-with FLAG] CMD...: runs CMD twice (the second time
# with FLAG appended, if given); both runs must exit 0 with identical stdout
# and the same retired-instruction count (from --stats). With
# --expect-mirror, the first run must have served reads from the register
# mirror and the second none: the mirror is on and invisible to the guest.
# With --expect-stdout TEXT, the output must contain TEXT; with
# --reject-stdout TEXT, it must not. Each run has 100 s, times
# LOOM_TEST_TIME_SCALE (default 1; scripts/sanitize.sh's slower builds set it).
set -u
second_flag= expect_mirror= expect_text= reject_text=
while [[ $# -gt 0 ]]; do
  case $1 in
    --second-with) second_flag=$2; shift 2 ;;
    --expect-mirror) expect_mirror=1; shift ;;
    --expect-stdout) expect_text=$2; shift 2 ;;
    --reject-stdout) reject_text=$2; shift 2 ;;
    *) break ;;
  esac
done
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for i in 1 2; do
  extra=()
  [[ $i -eq 2 && -n $second_flag ]] && extra=("$second_flag")
  timeout $((100 * ${LOOM_TEST_TIME_SCALE:-1})) "$@" "${extra[@]}" >"$dir/out$i" 2>"$dir/err$i" </dev/null
  status=$?
  [[ $status -eq 0 ]] || { echo "FAIL: run $i exited $status"; cat "$dir/err$i"; exit 1; }
  grep "instructions retired" "$dir/err$i" >"$dir/count$i"
  sed -n 's/.*reads served by the register mirror \([0-9]*\).*/\1/p' "$dir/err$i" | head -1 >"$dir/mirrored$i"
done
cmp -s "$dir/out1" "$dir/out2" || { echo "FAIL: console output differs"; diff "$dir/out1" "$dir/out2" | head; exit 1; }
cmp -s "$dir/count1" "$dir/count2" || { echo "FAIL: $(cat "$dir/count1") vs $(cat "$dir/count2")"; exit 1; }
if [[ -n $expect_text ]] && ! grep -qF -- "$expect_text" "$dir/out1"; then
  echo "FAIL: the output does not contain '$expect_text':"; tail -20 "$dir/out1"; exit 1
fi
if [[ -n $reject_text ]] && grep -qF -- "$reject_text" "$dir/out1"; then
  echo "FAIL: the output contains '$reject_text':"; tail -20 "$dir/out1"; exit 1
fi
if [[ -n $expect_mirror ]]; then
  m1=$(cat "$dir/mirrored1") m2=$(cat "$dir/mirrored2")
  [[ ${m1:-0} -gt 0 ]] || { echo "FAIL: the first run served no reads from the register mirror"; cat "$dir/err1"; exit 1; }
  [[ ${m2:-x} == 0 ]] || { echo "FAIL: the run with $second_flag served ${m2:-?} reads from the mirror"; exit 1; }
  echo "ok: $m1 reads served by the mirror in the first run, none in the second"
fi
echo "ok: identical output ($(wc -c <"$dir/out1") bytes), $(cat "$dir/count1")"
