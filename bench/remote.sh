#!/usr/bin/env bash
# remote.sh [BUILD_DIR] [RUNS]: what a device server on another host costs.
# Needs root (a network namespace and a veth pair).
#
# The `virt` board's devices (UART, power, RTC) are served by a `loom serve`
# in a network namespace of its own, joined to this one by a veth pair with
# private addresses, with TLS and a token, over gRPC. Between the CPU and the
# server sits bench/delay_relay.py, which adds a fixed delay in each
# direction, so that the round trip grows by 0.2, 1 and 5 ms (the kernel here
# has no netem). 0 ms is the server reached over the veth without the relay.
# For each delay, RUNS times (default 3): OpenSBI + examples/sbi-demo to
# power-off, and Linux in batch mode (`loomrun="true"`) to power-off.
# Reports medians of the wall time, the syncs, the time waiting on the server
# and the round trips from `loom run --stats`.
#
# Environment:
#   DELAYS_US   added round trips in microseconds (default "0 r0 200 1000 5000");
#               rN: the relay with N (r0: the relay's own cost, no delay)
#   LOOM_ARGS   extra `loom run` arguments for every run, e.g. "--quantum 100us"
#   WORKLOADS   "sbi linux" (default) or a subset; linux-verbose is Linux
#               without `quiet` (every kernel message crosses the link)
#   BENCH_TIMEOUT  seconds per run (default 600)
# Everything (server, relay, namespace, veth, temporary files) is removed on
# every exit path; a namespace left by a script killed with SIGKILL is
# removed by the next run.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd) || exit 2
runs=${2:-3}
loom=$build/cli/loom
bench_name=remote.sh
timeout_s=${BENCH_TIMEOUT:-600}
read -r -a delays <<<"${DELAYS_US:-0 r0 200 1000 5000}"
read -r -a loom_args <<<"${LOOM_ARGS:-}"
read -r -a workloads <<<"${WORKLOADS:-sbi linux}"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

((EUID == 0)) || die "needs root (ip netns, veth)"
[[ -x $loom ]] || die "$loom not built"
for tool in ip openssl python3 timeout; do command -v "$tool" >/dev/null || die "needs $tool"; done
python=$(python3 -c 'import sys; print(sys.executable)')  # the interpreter itself, not a shim, so that $! is it

# Names carry this script's pid, so that two runs never collide and a later
# run can tell a namespace whose script is gone.
ns=loom-remote-$$
veth_host=lrh$$
veth_ns=lrn$$
subnet=10.213.$(($$ % 256))
host_ip=$subnet.1
server_ip=$subnet.2
server_port=7000
tmp=
server_pid=
relay_pid=
relay_count=0
run_pid=

cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  local pid
  for pid in $run_pid $relay_pid $server_pid; do kill "$pid" 2>/dev/null; done
  for pid in $run_pid $relay_pid $server_pid; do wait "$pid" 2>/dev/null; done
  if ip netns list | grep -qw "^$ns"; then
    ip netns pids "$ns" | xargs -r kill -9 2>/dev/null
    ip netns del "$ns"
  fi
  ip link del "$veth_host" 2>/dev/null
  [[ -n $tmp ]] && rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# Leftovers of a run killed with SIGKILL (its pid no longer exists).
for stale in $(ip netns list | sed -n 's/^\(loom-remote-[0-9]*\).*/\1/p'); do
  if ! kill -0 "${stale#loom-remote-}" 2>/dev/null; then
    ip netns pids "$stale" | xargs -r kill -9 2>/dev/null
    ip netns del "$stale" && echo "removed the namespace $stale of an earlier run" >&2
  fi
done

tmp=$(mktemp -d /tmp/loom-remote.XXXXXX)

# ---- the other "host" ------------------------------------------------------------
ip netns add "$ns" || die "ip netns add $ns failed"
ip link add "$veth_host" type veth peer name "$veth_ns" || die "cannot create the veth pair"
ip link set "$veth_ns" netns "$ns"
ip addr add "$host_ip/30" dev "$veth_host"
ip link set "$veth_host" up
ip -n "$ns" addr add "$server_ip/30" dev "$veth_ns"
ip -n "$ns" link set "$veth_ns" up
ip -n "$ns" link set lo up

# A throwaway certificate for the server's name, and a token.
server_name="loom-bench-server"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj "/CN=$server_name" \
  -addext "subjectAltName=DNS:$server_name" -keyout "$tmp/key.pem" -out "$tmp/cert.pem" >/dev/null 2>&1 ||
  die "openssl could not make a certificate"
token=$(openssl rand -hex 16)

# virt.yaml with its server `io` reached at an address instead of spawned.
# (`--server io=ADDRESS` applies to the bare platform's --remote devices only.)
write_platform() {  # ADDRESS FILE
  sed "s|^  - { name: io }.*|  - { name: io, address: \"$1\" }|" "$root/platforms/virt.yaml" >"$2"
  grep -q "address: \"$1\"" "$2" || die "platforms/virt.yaml no longer declares '- { name: io }'"
}

# start_server: a fresh `loom serve` in the namespace (a server serves one CPU).
start_server() {
  : >"$tmp/server.out"
  ip netns exec "$ns" "$loom" serve --listen "$server_ip:$server_port" --tls-cert "$tmp/cert.pem" \
    --tls-key "$tmp/key.pem" --token "$token" --accept-timeout 60000 >"$tmp/server.out" 2>"$tmp/server.err" &
  server_pid=$!
  local i
  for ((i = 0; i < 200; i++)); do
    grep -q "listening on" "$tmp/server.out" && return
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
  done
  cat "$tmp/server.err" >&2
  die "loom serve did not start listening in $ns"
}

stop_server() {  # it exits after its CPU's Shutdown; a stuck one is killed
  local i
  for ((i = 0; i < 100; i++)); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
  done
  kill "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null
  server_pid=
}

# start_relay ONE_WAY_US: sets relay_port and relay_log. The relay stands for
# the wire, not for a process of either host, so it runs at a real-time
# priority when it can (this machine is shared and loaded; a wire does not
# wait for a CPU).
start_relay() {
  # Files of its own: a file shared with the previous relay could still show
  # that relay's port before this one truncates it.
  relay_log=$tmp/relay.$((++relay_count))
  local prio=(chrt -f 10)
  chrt -f 10 true 2>/dev/null || prio=()
  "${prio[@]}" "$python" "$root/bench/delay_relay.py" --listen 127.0.0.1:0 --target "$server_ip:$server_port" \
    --delay-us "$1" >"$relay_log.out" 2>"$relay_log.err" &
  relay_pid=$!
  local i
  for ((i = 0; i < 200; i++)); do
    relay_port=$(sed -n 's/^port //p' "$relay_log.out" 2>/dev/null)
    [[ -n $relay_port ]] && return
    sleep 0.05
  done
  cat "$relay_log.err" >&2
  die "the delay relay did not start"
}

stop_relay() {
  kill "$relay_pid" 2>/dev/null
  wait "$relay_pid" 2>/dev/null
  relay_pid=
}

# workload_args NAME: the payload arguments of `loom run`.
workload_args() {
  case $1 in
    sbi) payload=(--kernel "$build/examples/sbi-demo.bin") ;;
    linux) payload=(--kernel "$build/linux/Image" --initrd "$build/linux/initramfs.cpio.gz"
                    --append 'console=ttyS0 quiet loomrun="true"') ;;
    linux-verbose) payload=(--kernel "$build/linux/Image" --initrd "$build/linux/initramfs.cpio.gz"
                            --append 'console=ttyS0 loomrun="true"') ;;
    *) die "unknown workload $1 (sbi, linux, linux-verbose)" ;;
  esac
}

# measure WORKLOAD DELAY RUN PLATFORM: one timed `loom run --stats`; appends
# its numbers to $tmp/WORKLOAD.DELAY.*.
measure() {
  local workload=$1 delay=$2 run=$3 platform=$4 prefix=$tmp/$1.$2.$3 rc=0
  workload_args "$workload"
  start_server
  local start end
  start=$(date +%s%N)
  timeout -k 5 "$timeout_s" "$loom" run "$platform" "${payload[@]}" --link grpc --tls-ca "$tmp/cert.pem" \
    --tls-server-name "$server_name" --token "$token" --stats "${loom_args[@]}" \
    </dev/null >"$prefix.out" 2>"$prefix.err" &
  run_pid=$!
  wait "$run_pid" || rc=$?
  run_pid=
  end=$(date +%s%N)
  stop_server
  if ((rc != 0)); then
    echo "$bench_name: $workload at +$delay us failed (exit status $rc$( ((rc == 124)) && echo ", timed out after ${timeout_s}s"))" >&2
    tail -n 8 "$prefix.out" "$prefix.err" "$tmp/server.out" "$tmp/server.err" >&2
    [[ -n $relay_pid ]] && tail -n 8 "$relay_log.err" >&2
    exit 1
  fi
  local series=$tmp/$workload.$delay
  echo $(((end - start) / 1000000)) >>"$series.wall_ms"
  local link syncs_line
  link=$(grep -m1 '^loom: link io: over' "$prefix.err") || die "no link statistics (see $prefix.err)"
  [[ $link == *"over gRPC"* ]] || die "the link was not gRPC: $link"
  syncs_line=$(grep -m1 '^loom: link io: syncs' "$prefix.err")
  # Counts always; a round trip's p50 only when there was one ("(-)" otherwise).
  [[ $syncs_line =~ syncs\ ([0-9]+) ]] && echo "${BASH_REMATCH[1]}" >>"$series.syncs"
  [[ $syncs_line =~ syncs\ [0-9]+\ \([^\;]*\;\ p50\ ([0-9.]+)\ us ]] && to_milli "${BASH_REMATCH[1]}" >>"$series.sync_p50_ns"
  [[ $link =~ reads\ ([0-9]+)\ \(p50\ ([0-9.]+)\ us ]] && to_milli "${BASH_REMATCH[2]}" >>"$series.read_p50_ns"
  [[ $link =~ reads\ ([0-9]+) ]] && echo "${BASH_REMATCH[1]}" >>"$series.reads"
  [[ $link =~ writes\ ([0-9]+)\ \( ]] && echo "${BASH_REMATCH[1]}" >>"$series.writes"
  [[ $(grep -m1 '^loom: time waiting on device servers' "$prefix.err") =~ servers:\ ([0-9.]+)\ s ]] &&
    to_milli "${BASH_REMATCH[1]}" >>"$series.wait_ms"
  to_milli "$(stat_field "$prefix.err" "host time")" >>"$series.host_ms"
  stat_field "$prefix.err" "instructions retired" >>"$tmp/$workload.instructions"
  bench_same_output "$prefix.out" "$workload at +$delay us, run $run" "$tmp/$workload.reference"
}

med() {  # FILE: the median of its lines, or - when there are none
  if [[ -s $1 ]]; then
    local values
    mapfile -t values <"$1"
    median "${values[@]}"
  else
    echo -
  fi
}
ms_of_ns() { if [[ $1 == - ]]; then echo -; else fixed "$1" 1000000 2; fi; }

echo "remote device server: $runs runs each, medians; load $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
echo "server in netns $ns at $server_ip:$server_port over veth, TLS + token, --link grpc ${loom_args[*]}"

for delay in "${delays[@]}"; do
  [[ $delay =~ ^r?[0-9]+$ ]] || die "DELAYS_US: $delay is not N or rN (microseconds)"
  if [[ $delay == 0 ]]; then
    address=$server_ip:$server_port
  else
    start_relay $((${delay#r} / 2))
    address=127.0.0.1:$relay_port
  fi
  write_platform "$address" "$tmp/virt-remote.yaml"
  for ((run = 1; run <= runs; run++)); do
    for workload in "${workloads[@]}"; do
      measure "$workload" "$delay" "$run" "$tmp/virt-remote.yaml"
    done
  done
  [[ $delay == 0 ]] || stop_relay
done

echo
printf '%-13s %10s %9s %9s %7s %11s %7s %7s %11s %9s\n' workload "+RTT (ms)" "wall (s)" "host (s)" "syncs" "sync p50" reads writes "read p50" "wait (s)"
for workload in "${workloads[@]}"; do
  for delay in "${delays[@]}"; do
    s=$tmp/$workload.$delay
    label=$(fixed "${delay#r}" 1000 1)
    [[ $delay == r* ]] && label="relay $label"
    printf '%-13s %10s %9s %9s %7s %8s ms %7s %7s %8s ms %9s\n' "$workload" "$label" \
      "$(fixed "$(med "$s.wall_ms")" 1000 2)" "$(fixed "$(med "$s.host_ms")" 1000 2)" "$(med "$s.syncs")" "$(ms_of_ns "$(med "$s.sync_p50_ns")")" \
      "$(med "$s.reads")" "$(med "$s.writes")" "$(ms_of_ns "$(med "$s.read_p50_ns")")" "$(fixed "$(med "$s.wait_ms")" 1000 2)"
  done
done
echo
for workload in "${workloads[@]}"; do
  if [[ $(sort -u "$tmp/$workload.instructions" | wc -l) == 1 ]]; then
    echo "$workload: $(head -1 "$tmp/$workload.instructions") instructions and the same console output in every run"
  else
    echo "$workload: instruction counts DIFFER between runs: $(sort -u "$tmp/$workload.instructions" | tr '\n' ' ')"
  fi
done
