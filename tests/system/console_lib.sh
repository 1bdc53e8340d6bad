# Sourced by the Linux system tests: drive `loom run` through its console as
# a user would, with a deadline on every step so that a guest that hangs
# (a driver waiting without a timeout) fails the test with the console so
# far instead of hanging it.
#
#   console_start DIR LOOM ARGS...   runs LOOM ARGS... as a coprocess; the
#                                    console goes to DIR/out, stderr to DIR/err
#   wait_for TEXT SECONDS [TIMES]    until the console holds TEXT (TIMES times)
#   send LINE                        types LINE and Enter
#   run COMMAND SECONDS              runs COMMAND in the guest shell; fails
#                                    unless it exits 0 within SECONDS
#   console_finish SECONDS           waits for Loom to exit; returns its status
# The caller's EXIT trap should `kill -9 "$loom_pid"`.

console_start() {
  console_dir=$1; shift
  out=$console_dir/out
  : >"$out"
  coproc LOOM { exec "$@" 2>"$console_dir/err"; }
  # The coproc's variables vanish when it exits: keep its descriptors.
  exec {from_loom}<&"${LOOM[0]}" {to_loom}>&"${LOOM[1]}"
  loom_pid=$LOOM_PID
}

console_fail() {
  echo "FAIL: $1; console so far:"
  tail -40 "$out"
  cat "$console_dir/err"
  exit 1
}

wait_for() {
  local want=$1 deadline=$(( $(date +%s) + $2 )) times=${3:-1} chunk status
  until (( $(grep -cF -- "$want" "$out") >= times )); do
    (( $(date +%s) < deadline )) || console_fail "no '$want' within $2 s"
    IFS= read -r -t 1 -N 256 chunk <&"$from_loom"
    status=$?
    printf '%s' "$chunk" >>"$out"
    if (( status != 0 && status <= 128 )) && [[ -z $chunk ]]; then
      (( $(grep -cF -- "$want" "$out") >= times )) && break
      console_fail "Loom ended before '$want'"
    fi
  done
}

send() { printf '%s\n' "$1" >&"$to_loom"; }

# The marker is split where it is typed, so that the console's echo of the
# line does not count as the answer.
step=0
run() {
  step=$((step + 1))
  send "$1; echo \"step-$step\"\"=\$?\""
  wait_for "step-$step=" "$2"
  grep -qa "step-$step=0" "$out" || console_fail "'$1' failed"
}

console_finish() {
  local chunk=
  while IFS= read -r -t "$1" -N 256 chunk <&"$from_loom" || [[ -n ${chunk:-} ]]; do
    printf '%s' "$chunk" >>"$out"
    chunk=
  done
  wait "$loom_pid"
}
