#!/usr/bin/env bash
# faults.sh LOOM ELF CASE: a device server that fails in a given way must
# end the run within a bound, with exit status 1 and one line on stderr
# naming the server (and what it was doing), and leave no process behind.
set -u
loom=$1 elf=$2 case=$3
dir=$(mktemp -d)
server_pid=
cleanup() { [[ -n $server_pid ]] && kill -9 "$server_pid" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT

dev="test0:loom,test-device:0x10001000:0x1000:3+4"
args=(run --elf "$elf" --bridge-deadline 500)
expect=
case $case in
  kill9)      expect="server s0: .*killed by signal 9" ;;
  crash)      expect="server s0: .*killed by signal 6"; args+=(--server-arg s0=--fault --server-arg s0=crash --server-arg s0=--fault-after --server-arg s0=5) ;;
  stall)      expect="server s0: no answer within 500 ms \(while "; args+=(--server-arg s0=--fault --server-arg s0=stall --server-arg s0=--fault-after --server-arg s0=5) ;;
  malformed)  expect="server s0: malformed message"; args+=(--server-arg s0=--fault --server-arg s0=malformed --server-arg s0=--fault-after --server-arg s0=5) ;;
  close)      expect="server s0: the server closed the session"; args+=(--server-arg s0=--fault --server-arg s0=close --server-arg s0=--fault-after --server-arg s0=5) ;;
  corrupt-link) expect="server s0: corrupt shared-memory ring"; args+=(--link shm --server-arg s0=--fault --server-arg s0=corrupt-link --server-arg s0=--fault-after --server-arg s0=5) ;;
  version)    expect="server s0: protocol version mismatch"; args+=(--server-arg s0=--fault --server-arg s0=version) ;;
  token)      expect="server s0: authentication failed"
              "$loom" serve --listen "unix:$dir/s.sock" --token right --quiet --accept-timeout 10000 2>/dev/null &
              server_pid=$!
              args+=(--server "s0=unix:$dir/s.sock" --token wrong) ;;
  overlap)    expect="overlaps"; args+=(--remote "s1:other:loom,test-device:0x10001800:0x1000") ;;
  ram-overlap) expect="overlaps ram"; args=(run --elf "$elf" --remote "s0:big:loom,test-device:0x7ffff000:0x2000") ;;
  unknown-type) expect="server s0: unknown device type 'acme,widget'"; args=(run --elf "$elf" --remote "s0:w:acme,widget:0x10001000:0x1000") ;;
  no-server)  expect="server s0: cannot connect to unix:$dir/none.sock within 500 ms"; args+=(--server "s0=unix:$dir/none.sock" --connect-timeout 500) ;;
  *) echo "unknown case $case"; exit 2 ;;
esac
[[ $case == ram-overlap || $case == unknown-type ]] || args+=(--remote "s0:$dev")

start=$(date +%s%N)
"$loom" "${args[@]}" >"$dir/out" 2>"$dir/err" </dev/null &
loom_pid=$!
# A hang is a failure, not a stuck test: kill loom after 20 s.
( sleep 20; kill -9 "$loom_pid" ) >/dev/null 2>&1 &
watchdog=$!
if [[ $case == kill9 ]]; then
  # Wait for the server to be up and working, then kill it.
  victim=
  for _ in $(seq 100); do
    victim=$(pgrep -P "$loom_pid" | head -1)
    [[ -n $victim ]] && break; sleep 0.05
  done
  sleep 0.3
  [[ -n $victim ]] && kill -9 "$victim"
  start=$(date +%s%N)
fi
wait "$loom_pid"
status=$?
pkill -P "$watchdog" 2>/dev/null; kill "$watchdog" 2>/dev/null
[[ $status -eq 137 ]] && status=124
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))

fail() { echo "FAIL ($case): $*"; echo "--- stderr:"; cat "$dir/err"; exit 1; }
[[ $status -eq 124 ]] && fail "loom hung (killed by timeout)"
[[ $status -eq 1 ]] || fail "exit status $status, expected 1"
errors=$(grep -c '' "$dir/err")
last=$(tail -1 "$dir/err")
grep -Eq -- "$expect" <<<"$last" || fail "last stderr line does not match /$expect/"
# A hang detector, not a timing assertion: failures detected by the
# deadline take it plus teardown and others are prompt, but a loaded host
# (ctest -j16 on two cores) may take seconds to schedule either.
bound=15000
(( elapsed_ms < bound )) || fail "took ${elapsed_ms} ms (bound ${bound} ms)"
sleep 0.2
leftover=$(pgrep -f "serve --listen unix:${TMPDIR:-/tmp}/loom-" || true)
for p in $leftover; do
  # Only servers spawned by this loom (their parent is gone, so look for
  # the socket directory named in loom's own temporary files).
  if [[ $(ps -o ppid= -p "$p" 2>/dev/null | tr -d ' ') == "$loom_pid" ]]; then fail "server $p was left behind"; fi
done
echo "ok ($case, ${elapsed_ms} ms, $errors stderr lines): $last"
