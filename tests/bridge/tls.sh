#!/usr/bin/env bash
# tls.sh LOOM ELF: a server reached over TCP with TLS and a token, as on
# another host: the run passes with the right CA and token, and a plaintext
# client is refused.
set -u
loom=$1 elf=$2
dir=$(mktemp -d)
# start_server runs in $(...), a subshell: the pids go through a file.
cleanup() {
  local p
  for p in $(cat "$dir/pids" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
  rm -rf "$dir"
}
trap cleanup EXIT

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost" \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null || { echo "FAIL: openssl could not make a certificate"; exit 1; }

start_server() {  # prints the port
  local log=$1
  "$loom" serve --listen :0 --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem" --token s3cret \
    --accept-timeout 20000 >"$log" 2>&1 &
  echo $! >>"$dir/pids"
  for _ in $(seq 100); do
    grep -q "listening on" "$log" 2>/dev/null && break; sleep 0.05
  done
  sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$log"
}

dev="s0:test0:loom,test-device:0x10001000:0x1000:3+4"
port=$(start_server "$dir/server1.log")
[[ -n $port ]] || { echo "FAIL: server did not start"; cat "$dir/server1.log"; exit 1; }
out=$(timeout 30 "$loom" run --elf "$elf" --remote "$dev" --server "s0=localhost:$port" \
  --tls-ca "$dir/cert.pem" --token s3cret 2>&1)
status=$?
[[ $status -eq 0 ]] && grep -q "ok bridge" <<<"$out" || { echo "FAIL: TLS run exited $status:"; echo "$out"; exit 1; }

port=$(start_server "$dir/server2.log")
out=$(timeout 30 "$loom" run --elf "$elf" --remote "$dev" --server "s0=localhost:$port" --token s3cret \
  --connect-timeout 1000 2>&1)
status=$?
[[ $status -eq 1 ]] && grep -q "server s0: cannot connect" <<<"$out" || {
  echo "FAIL: a plaintext client to a TLS server: status $status:"; echo "$out"; exit 1; }
echo "ok: TLS with token works on 127.0.0.1:$port; plaintext refused"
