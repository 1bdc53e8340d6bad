#!/usr/bin/env bash
# stranger.sh LOOM ELF: strangers cannot stop a device server. A server
# with a token is visited first by a CPU with the wrong token (refused:
# "authentication failed"), then by a client that speaks no gRPC at all
# (bytes on the socket), then by one that hangs up at once; each costs the
# server one line on stderr. Then the real CPU, with the right token, runs
# its firmware to the end.
set -u
loom=$1 elf=$2
dir=$(mktemp -d)
server_pid=
trap '[[ -n $server_pid ]] && kill -9 "$server_pid" 2>/dev/null; rm -rf "$dir"' EXIT
dev="s0:test0:loom,test-device:0x10001000:0x1000:3+4"
"$loom" serve --listen "unix:$dir/s.sock" --token right --accept-timeout 20000 2>"$dir/server.err" >"$dir/server.out" &
server_pid=$!
for _ in $(seq 200); do [[ -S $dir/s.sock ]] && break; sleep 0.05; done
fail() { echo "FAIL: $*"; echo "--- server stderr:"; cat "$dir/server.err"; exit 1; }

timeout 20 "$loom" run --elf "$elf" --remote "$dev" --server "s0=unix:$dir/s.sock" --token wrong \
  </dev/null >/dev/null 2>"$dir/wrong.err"
grep -q "authentication failed" "$dir/wrong.err" || fail "the wrong token was not refused: $(cat "$dir/wrong.err")"
kill -0 "$server_pid" 2>/dev/null || fail "the server exited after a wrong token"
python3 - "$dir/s.sock" <<'PY'
import socket, sys
for payload in (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" + bytes(range(256)) * 4, b""):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    s.sendall(payload)
    s.close()
PY
kill -0 "$server_pid" 2>/dev/null || fail "the server exited after a client that speaks no gRPC"

timeout 30 "$loom" run --elf "$elf" --remote "$dev" --server "s0=unix:$dir/s.sock" --token right \
  </dev/null >"$dir/right.out" 2>"$dir/right.err"
status=$?
[[ $status -eq 0 ]] || fail "the real CPU exited $status: $(cat "$dir/right.err")"
grep -q "ok bridge" "$dir/right.out" || fail "the firmware did not finish: $(tail -3 "$dir/right.out")"
wait "$server_pid"
server_status=$?
server_pid=
[[ $server_status -eq 0 ]] || fail "the server exited $server_status after the real session"
grep -q "refused a client: wrong or missing token" "$dir/server.err" || fail "no line for the refused client"
echo "ok: refused $(grep -c 'refused a client' "$dir/server.err") stranger(s), then served the CPU"
