# Sourced by the GDB system tests: start `loom run --gdb` in the background,
# wait until it listens (its "GDB can attach" / "waiting for GDB" line),
# drive gdb-multiarch in batch mode, and check what both said.
#   gdb_start DIR LOOM ARGS...  loom run ARGS --gdb unix:DIR/gdb.sock, output in DIR/loom.{out,err}
#   gdb_batch ELF CMD...        one gdb-multiarch -batch session (-ex each CMD) into DIR/gdb.out
#   gdb_finish                  waits for loom; its exit status in $loom_status
#   expect FILE REGEX WHAT      fails the test (printing both sides) unless REGEX is in FILE
set -u
gdb_dir= loom_pid= loom_status=

gdb_cleanup() {
  [[ -n $loom_pid ]] && kill -9 "$loom_pid" 2>/dev/null
  [[ -n $gdb_dir ]] && rm -rf "$gdb_dir"
}
trap gdb_cleanup EXIT

fail() {
  echo "FAIL: $*"
  for f in gdb.out loom.out loom.err; do
    [[ -f $gdb_dir/$f ]] && { echo "---- $f"; tail -40 "$gdb_dir/$f"; }
  done
  exit 1
}

# Waits (up to $2 seconds) for REGEX in FILE: readiness, not a fixed delay.
wait_for_line() {
  local file=$1 regex=$2 seconds=${3:-30} i
  for ((i = 0; i < seconds * 20; i++)); do
    grep -qE "$regex" "$file" 2>/dev/null && return 0
    kill -0 "$loom_pid" 2>/dev/null || { grep -qE "$regex" "$file" 2>/dev/null && return 0; fail "loom ended before '$regex'"; }
    sleep 0.05
  done
  fail "no '$regex' in $file after ${seconds}s"
}

# Waits (up to 30 seconds) for PATH to exist (a server's socket).
wait_for_path() {
  local path=$1 i
  for ((i = 0; i < 600; i++)); do
    [[ -e $path ]] && return 0
    sleep 0.05
  done
  fail "no $path after 30s"
}

gdb_start() {
  gdb_dir=$1
  local loom=$2
  shift 2
  gdb_socket=$gdb_dir/gdb.sock
  "$loom" run "$@" --gdb "unix:$gdb_socket" > "$gdb_dir/loom.out" 2> "$gdb_dir/loom.err" &
  loom_pid=$!
  wait_for_line "$gdb_dir/loom.err" "GDB can attach on|waiting for GDB on"
}

gdb_batch() {
  local elf=$1 args=() cmd
  shift
  for cmd in "$@"; do args+=(-ex "$cmd"); done
  timeout 120 gdb-multiarch -batch -nx -ex "set pagination off" -ex "target remote $gdb_socket" "${args[@]}" "$elf" \
    > "$gdb_dir/gdb.out" 2>&1
}

gdb_finish() {
  local i
  for ((i = 0; i < 600; i++)); do
    kill -0 "$loom_pid" 2>/dev/null || break
    sleep 0.05
  done
  kill -0 "$loom_pid" 2>/dev/null && fail "loom still runs 30s after GDB left"
  wait "$loom_pid"
  loom_status=$?
  loom_pid=
}

expect() {
  grep -qE -- "$2" "$1" || fail "$3: no '$2' in $(basename "$1")"
}
