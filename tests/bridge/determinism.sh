#!/usr/bin/env bash
# determinism.sh LOOM ELF: the same firmware with one server, with two
# servers, with the host idle and loaded, and in every case the console
# output and the retired-instruction count must be byte-identical.
set -u
loom=$1 elf=$2
dir=$(mktemp -d)
load_pids=()
cleanup() { for p in "${load_pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$dir"; }
trap cleanup EXIT

dev0="test0:loom,test-device:0x10001000:0x1000:3+4"
dev1="test1:loom,test-device:0x10002000:0x1000:5+6"
run() {  # NAME ARGS...
  local name=$1; shift
  timeout 60 "$loom" run --elf "$elf" --stats "$@" >"$dir/$name.out" 2>"$dir/$name.err"
  local status=$?
  if [[ $status -ne 0 ]]; then echo "FAIL: $name exited with $status"; cat "$dir/$name.err" "$dir/$name.out"; exit 1; fi
  grep "instructions retired" "$dir/$name.err" >"$dir/$name.count"
}

run one-server --remote "s0:$dev0" --remote "s0:$dev1"
run two-servers --remote "s0:$dev0" --remote "s1:$dev1"
run two-servers-swapped --remote "s1:$dev0" --remote "s0:$dev1"
# Load both cores with busy loops for the next runs.
for _ in 1 2 3; do (while :; do :; done) & load_pids+=($!); done
run one-server-loaded --remote "s0:$dev0" --remote "s0:$dev1"
run two-servers-loaded --remote "s0:$dev0" --remote "s1:$dev1"

status=0
for name in two-servers two-servers-swapped one-server-loaded two-servers-loaded; do
  if ! cmp -s "$dir/one-server.out" "$dir/$name.out"; then
    echo "FAIL: console output of $name differs from one-server:"; diff "$dir/one-server.out" "$dir/$name.out" | head -20
    status=1
  fi
  if ! cmp -s "$dir/one-server.count" "$dir/$name.count"; then
    echo "FAIL: $name: $(cat "$dir/$name.count") vs one-server: $(cat "$dir/one-server.count")"
    status=1
  fi
done
grep -q "ok bridge determinism" "$dir/one-server.out" || { echo "FAIL: firmware did not pass"; cat "$dir/one-server.out"; status=1; }
[[ $status -eq 0 ]] && echo "ok: 5 runs identical ($(cat "$dir/one-server.count"))"
exit $status
