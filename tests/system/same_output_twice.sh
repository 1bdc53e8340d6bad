#!/usr/bin/env bash
# same_output_twice.sh CMD...: runs CMD twice; both runs must exit 0 with
# identical stdout and the same retired-instruction count (from --stats).
set -u
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for i in 1 2; do
  timeout 100 "$@" >"$dir/out$i" 2>"$dir/err$i" </dev/null
  status=$?
  [[ $status -eq 0 ]] || { echo "FAIL: run $i exited $status"; cat "$dir/err$i"; exit 1; }
  grep "instructions retired" "$dir/err$i" >"$dir/count$i"
done
cmp -s "$dir/out1" "$dir/out2" || { echo "FAIL: console output differs"; diff "$dir/out1" "$dir/out2" | head; exit 1; }
cmp -s "$dir/count1" "$dir/count2" || { echo "FAIL: $(cat "$dir/count1") vs $(cat "$dir/count2")"; exit 1; }
echo "ok: identical output ($(wc -c <"$dir/out1") bytes), $(cat "$dir/count1")"
