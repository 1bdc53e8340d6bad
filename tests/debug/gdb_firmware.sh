#!/usr/bin/env bash
# gdb_firmware.sh SCENARIO LOOM GUEST_DIR: a gdb-multiarch batch session
# against bare-metal firmware with symbols (firmware/gdb_target.c,
# gdb_spin.c) on `loom run --gdb`, checking what GDB printed and how the
# run ended. LOOM_ENGINE (jit, interp, audit) picks the engine.
set -u
scenario=$1 loom=$2 guests=$3
# shellcheck source=gdb_lib.sh
source "$(dirname "$0")/gdb_lib.sh"
target=$guests/gdb_target.elf spin=$guests/gdb_spin.elf
engine=(--engine "${LOOM_ENGINE:-jit}")
dir=$(mktemp -d)

case $scenario in
break)
  # A breakpoint at a function, its backtrace, registers (FP and CSRs
  # included), a second hit, then the run ends normally with GDB attached.
  gdb_start "$dir" "$loom" --elf "$target" "${engine[@]}" --gdb-wait
  gdb_batch "$target" "break accumulate" "continue" "backtrace" "info registers pc sp mstatus mhartid priv" \
    "continue" "print step" "delete" "break scaled" "continue" "finish" "info registers fa0" "delete" "continue"
  gdb_finish
  out=$dir/gdb.out
  expect "$out" "Breakpoint 1, accumulate \(step=step@entry=1\) at .*gdb_target.c:12" "first hit"
  expect "$out" "^#1 .* in main \(\) at .*gdb_target.c:21" "backtrace"
  expect "$out" "^pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <accumulate>" "pc"
  expect "$out" "^mstatus\s+0x[0-9a-f]+" "a CSR (mstatus)"
  expect "$out" "^mhartid\s+0x0" "mhartid"
  expect "$out" "^priv\s+0x3\s+prv:3 \[Machine\]" "priv"
  expect "$out" "^\\\$1 = 2" "second hit: step = 2"
  expect "$out" "Value returned is \\\$2 = 3" "finish from scaled(2)"
  expect "$out" "^fa0\s+\{float = .*double = 3\}" "an FP register"
  expect "$out" "exited normally" "the run's end, told to GDB"
  expect "$dir/loom.out" "counter 15 total 22.5" "the guest's result"
  [[ $loom_status -eq 0 ]] || fail "loom exited $loom_status"
  ;;
watch)
  # A watchpoint on a global: GDB shows old and new values at each write.
  gdb_start "$dir" "$loom" --elf "$target" "${engine[@]}" --gdb-wait
  gdb_batch "$target" "watch counter" "continue" "continue" "rwatch counter" "continue" "delete" "continue"
  gdb_finish
  out=$dir/gdb.out
  expect "$out" "Hardware watchpoint 1: counter" "watch set"
  expect "$out" "Old value = 0" "first write: old value"
  expect "$out" "New value = 1" "first write: new value"
  expect "$out" "Old value = 1" "second write: old value"
  expect "$out" "New value = 3" "second write: new value"
  expect "$out" "Hardware read watchpoint 2: counter" "read watchpoint hit"
  expect "$out" "exited normally" "the run's end"
  [[ $loom_status -eq 0 ]] || fail "loom exited $loom_status"
  ;;
step_harts)
  # stepi on each of two harts: only the stepped one moves. Then memory,
  # and a detach: the run goes on without the debugger and ends normally.
  gdb_start "$dir" "$loom" --elf "$target" "${engine[@]}" --harts 2 --gdb-wait
  gdb_batch "$target" "info threads" "print/x \$pc" "stepi" "print/x \$pc" "thread 2" "print/x \$pc" "stepi" "stepi" \
    "print/x \$pc" "print \$mhartid" "thread 1" "print/x \$pc" "x/4xw &counter" "set var counter = 0x1234" \
    "x/1xg &counter" "set var counter = 0" "detach"
  gdb_finish
  out=$dir/gdb.out
  expect "$out" "Thread 2 \(hart 1, running\)" "harts as threads"
  expect "$out" "^\\\$1 = 0x80000000" "hart 0 at the entry"
  expect "$out" "^\\\$2 = 0x80000004" "hart 0 after stepi"
  expect "$out" "^\\\$3 = 0x80000000" "hart 1 not moved by hart 0's step"
  expect "$out" "^\\\$4 = 0x8000000(8|a)" "hart 1 after two stepi"
  expect "$out" "^\\\$5 = 1" "mhartid of hart 1"
  expect "$out" "^\\\$6 = 0x80000004" "hart 0 not moved by hart 1's steps"
  expect "$out" "<counter>:\s+0x00000000\s+0x00000000\s+0x00000000\s+0x00000000" "x/4xw"
  expect "$out" "<counter>:\s+0x0000000000001234" "a write through GDB"
  expect "$out" "\[Inferior 1 \(Remote target\) detached\]" "detach"
  expect "$dir/loom.err" "GDB detached; the run goes on" "loom on the detach"
  expect "$dir/loom.out" "counter 15 total 22.5" "the guest's result after detach"
  [[ $loom_status -eq 0 ]] || fail "loom exited $loom_status"
  ;;
monitor)
  gdb_start "$dir" "$loom" --elf "$target" "${engine[@]}" --gdb-wait
  gdb_batch "$target" "monitor help" "break accumulate" "continue" "monitor stats" "monitor phys on" \
    "x/1xw 0x80000000" "monitor phys off" "monitor reset" "maintenance flush register-cache" "print/x \$pc" "delete" \
    "continue"
  gdb_finish
  out=$dir/gdb.out
  expect "$out" "monitor phys on\|off" "monitor help"
  expect "$out" "instructions retired: [1-9]" "monitor stats"
  expect "$out" "hart 0: pc 0x[0-9a-f]+, M-mode, running" "monitor stats: harts"
  expect "$out" "memory access: physical" "monitor phys on"
  expect "$out" "0x80000000 <_start>:\s+0x[0-9a-f]{8}" "a physical read"
  expect "$out" "board reset: hart 0 at pc 0x80000000" "monitor reset"
  expect "$out" "^\\\$1 = 0x80000000" "back at the reset pc"
  expect "$out" "exited normally" "the rebooted run's end"
  expect "$dir/loom.out" "counter 15 total 22.5" "the guest's result"
  [[ $loom_status -eq 0 ]] || fail "loom exited $loom_status"
  ;;
snapshot)
  # A snapshot at the first call of accumulate, a second call, then back to
  # the snapshot: step is 1 again and counter 0+1... and the run ends with the
  # right sums (the restored board is the board as it was).
  gdb_start "$dir" "$loom" --elf "$target" "${engine[@]}" --gdb-wait
  gdb_batch "$target" "break accumulate" "continue" "monitor snapshot save $dir/first.snap" "continue" "print step" \
    "print counter" "monitor snapshot load $dir/first.snap" "maintenance flush register-cache" \
    "print step" "print counter" "monitor snapshot load $dir/missing.snap" "delete" "continue"
  gdb_finish
  out=$dir/gdb.out
  expect "$out" "snapshot saved to .*first.snap \([0-9]+ bytes\)" "monitor snapshot save"
  expect "$out" "^\\\$1 = 2" "the second call"
  expect "$out" "^\\\$2 = 1" "counter after the first call"
  expect "$out" "snapshot .*first.snap loaded: hart 0 at pc 0x[0-9a-f]+" "monitor snapshot load"
  expect "$out" "^\\\$3 = 1" "back at the first call"
  expect "$out" "^\\\$4 = 0" "counter as it was then"
  expect "$out" "monitor snapshot load: snapshot .*missing.snap: cannot read it" "a missing snapshot"
  expect "$out" "exited normally" "the run's end"
  expect "$dir/loom.out" "counter 15 total 22.5" "the guest's result after the restore"
  [[ $loom_status -eq 0 ]] || fail "loom exited $loom_status"
  # loom run --restore starts from it: the same result, no debugger needed.
  "$loom" run --elf "$target" "${engine[@]}" --restore "$dir/first.snap" > "$dir/restored.out" 2> "$dir/restored.err" ||
    fail "the run from the snapshot failed: $(cat "$dir/restored.err")"
  expect "$dir/restored.out" "counter 15 total 22.5" "the run from the snapshot"
  # Another board (two harts) is refused with one line.
  status=0
  "$loom" run --elf "$target" --harts 2 --restore "$dir/first.snap" > /dev/null 2> "$dir/refused.err" || status=$?
  [[ $status -eq 1 ]] || fail "restoring onto two harts: status $status"
  expect "$dir/refused.err" "^loom: --restore: snapshot .*first.snap: section 'machine': 1 harts" "the refusal"
  [[ $(wc -l < "$dir/refused.err") -eq 1 ]] || fail "the refusal is not one line: $(cat "$dir/refused.err")"
  ;;
snapshot_servers)
  # With a device in a server that loom run started: save at a breakpoint,
  # load it back later, and the run ends with the right results
  # (snapshot_servers.py: a server that runs elsewhere).
  device=(--remote "io:dev0:loom,test-device:0x10001000:0x1000")
  gdb_start "$dir" "$loom" --elf "$target" "${engine[@]}" "${device[@]}" --gdb-wait
  gdb_batch "$target" "break accumulate" "continue" "monitor snapshot save $dir/first.snap" "continue" \
    "monitor snapshot load $dir/first.snap" "maintenance flush register-cache" "print step" "delete" "continue"
  gdb_finish
  expect "$dir/gdb.out" "snapshot .*first.snap loaded" "a load with a spawned server"
  expect "$dir/gdb.out" "^\\\$1 = 1" "back at the first call"
  expect "$dir/loom.out" "counter 15 total 22.5" "the guest's result after the load"
  [[ $loom_status -eq 0 ]] || fail "loom exited $loom_status"

  ;;
kill)
  gdb_start "$dir" "$loom" --elf "$target" "${engine[@]}" --gdb-wait
  gdb_batch "$target" "break scaled" "continue" "kill"
  gdb_finish
  expect "$dir/gdb.out" "\[Inferior 1 \(Remote target\) killed\]" "GDB's kill"
  expect "$dir/loom.err" "loom: killed from GDB" "loom's message"
  [[ $loom_status -eq 137 ]] || fail "loom exited $loom_status, expected 137 (killed)"
  ;;
attach_running)
  # No --gdb-wait: the firmware runs; GDB attaches to it, looks, detaches;
  # it goes on; a second GDB attaches and kills it.
  gdb_start "$dir" "$loom" --elf "$spin" "${engine[@]}"
  wait_for_line "$dir/loom.out" "spinning"
  gdb_batch "$spin" "print spins > 0" "info threads" "detach"
  expect "$dir/gdb.out" "^\\\$1 = 1" "attached to a running guest"
  expect "$dir/gdb.out" "\[Inferior 1 \(Remote target\) detached\]" "detach"
  cp "$dir/gdb.out" "$dir/gdb-first.out"
  gdb_batch "$spin" "print spins > 0" "kill"
  gdb_finish
  expect "$dir/gdb.out" "^\\\$1 = 1" "a second GDB attached"
  [[ $loom_status -eq 137 ]] || fail "loom exited $loom_status, expected 137 (killed)"
  [[ $(grep -c "GDB attached" "$dir/loom.err") -eq 2 ]] || fail "expected two attaches"
  ;;
tcp)
  # --gdb :0 listens on 127.0.0.1, on the port it names.
  "$loom" run --elf "$target" "${engine[@]}" --gdb :0 --gdb-wait > "$dir/loom.out" 2> "$dir/loom.err" &
  loom_pid=$! gdb_dir=$dir
  wait_for_line "$dir/loom.err" "waiting for GDB on 127\.0\.0\.1:[0-9]+"
  port=$(grep -oE "127\.0\.0\.1:[0-9]+" "$dir/loom.err" | head -1)
  gdb_socket=$port
  gdb_batch "$target" "break accumulate" "continue" "delete" "continue"
  gdb_finish
  expect "$dir/gdb.out" "Breakpoint 1, accumulate" "breakpoint over TCP"
  expect "$dir/gdb.out" "exited normally" "the run's end"
  [[ $loom_status -eq 0 ]] || fail "loom exited $loom_status"
  ;;
*) echo "unknown scenario $scenario"; exit 2 ;;
esac
echo "ok: $scenario"
