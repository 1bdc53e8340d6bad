#!/usr/bin/env bash
# expect.sh STATUS REGEX CMD...: runs CMD, and passes when it exits with
# STATUS within 10 s and its stderr is ONE line matching REGEX (or, for
# STATUS 0, stdout matches REGEX).
set -u
want_status=$1 pattern=$2
shift 2
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
timeout 10 "$@" >"$out" 2>"$err" </dev/null
status=$?
if [[ $status -ne $want_status ]]; then
  echo "FAIL: exit status $status, expected $want_status"; echo "--- stderr:"; head -20 "$err"; exit 1
fi
if [[ $want_status -eq 0 ]]; then
  grep -Eq -- "$pattern" "$out" || { echo "FAIL: stdout does not match /$pattern/:"; head -20 "$out"; exit 1; }
  exit 0
fi
lines=$(wc -l <"$err")
if [[ $lines -ne 1 ]]; then
  echo "FAIL: expected a one-line error, got $lines lines:"; head -20 "$err"; exit 1
fi
grep -Eq -- "$pattern" "$err" || { echo "FAIL: stderr does not match /$pattern/:"; cat "$err"; exit 1; }
echo "ok: $(cat "$err")"
