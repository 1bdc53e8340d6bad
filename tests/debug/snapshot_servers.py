#!/usr/bin/env python3
"""snapshot_servers.py LOOM ENDLESS_ELF: snapshots with a device in a server
(the bridge tests' endless firmware, which talks to test0 for ever).

- A server loom run started: a load from before its time puts a fresh
  server in place, and the run goes on.
- A server that runs elsewhere (`loom serve`, `--server io=ADDRESS`): it
  cannot be replaced, so a load from before its time is refused with one
  line telling what to do, and the board stays as it was; `loom run
  --restore` with a fresh server elsewhere starts from the snapshot.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

from rsp_client import Rsp, wait_for_socket

loom, elf = sys.argv[1:3]
device = ["--remote", "io:test0:loom,test-device:0x10001000:0x1000:3+4"]


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def serve(work, name):
    path = os.path.join(work, name)
    proc = subprocess.Popen([loom, "serve", "--listen", "unix:" + path], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    end = time.monotonic() + 30
    while not os.path.exists(path):
        if time.monotonic() > end or proc.poll() is not None:
            fail("loom serve did not listen")
        time.sleep(0.01)
    return proc, path


def pause_after(gdb, seconds):
    gdb.send("vCont;c")
    time.sleep(seconds)
    gdb.sock.sendall(b"\x03")
    stop = gdb.reply()
    if stop is None or not stop.startswith("T02"):
        fail(f"stop reply {stop!r}")


def session(work, server_args, expect_load):
    """Save, run on, load; the monitor's answer to the load and the pc before and after it."""
    sock = os.path.join(work, "gdb.sock")
    err = os.path.join(work, "loom.err")
    with open(err, "w") as e:
        proc = subprocess.Popen([loom, "run", "--elf", elf] + device + server_args +
                                ["--gdb", "unix:" + sock, "--gdb-wait"], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=e)
    try:
        if not wait_for_socket(sock, proc):
            fail("no GDB socket: " + open(err).read())
        gdb = Rsp(sock, timeout=60)
        gdb.no_ack()
        snap = os.path.join(work, "early.snap")
        pause_after(gdb, 0.05)
        answer = gdb.monitor(f"snapshot save {snap}") or ""
        if not answer.startswith("snapshot saved"):
            fail(f"save: {answer}")
        pause_after(gdb, 0.05)
        pc_before = gdb.ask("p20")  # pc, as GDB's `p` packet reads it
        answer = gdb.monitor(f"snapshot load {snap}") or ""
        pc_after = gdb.ask("p20")
        gdb.ask("vKill;1")
        status = proc.wait(timeout=30)
        if status != 137:
            fail(f"loom exited {status}, expected 137 (killed): {open(err).read()}")
        if expect_load and not answer.startswith(f"snapshot {snap} loaded"):
            fail(f"a load with a spawned server: {answer}")
        return snap, answer, pc_before, pc_after
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


with tempfile.TemporaryDirectory() as work:
    session(work, [], expect_load=True)

    server, path = serve(work, "io.sock")
    snap, answer, pc_before, pc_after = session(work, ["--server", "io=unix:" + path], expect_load=False)
    server.wait(timeout=30)
    refusal = (rf"monitor snapshot load: snapshot {re.escape(snap)}: server io is at [0-9]+ ps, past the "
               r"snapshot's [0-9]+ ps \(simulated time cannot go back: a fresh server can take it\); it runs "
               rf"elsewhere \(unix:{re.escape(path)}\): restart it and start the run from the snapshot "
               r"\(loom run --restore FILE\)\n")
    if not re.fullmatch(refusal, answer):
        fail(f"the refusal: {answer!r}")
    if answer.count("\n") != 1:
        fail(f"the refusal is not one line: {answer!r}")
    if pc_after != pc_before:
        fail(f"the refused load moved the pc from {pc_before} to {pc_after}")

    server, path = serve(work, "io2.sock")
    result = subprocess.run([loom, "run", "--elf", elf] + device + ["--server", "io=unix:" + path, "--restore", snap,
                                                                     "--max-instructions", "2000000"],
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    server.wait(timeout=30)
    if result.returncode != 124:
        fail(f"--restore with a fresh server elsewhere exited {result.returncode}: {result.stderr}")
    print("ok: a spawned server is replaced; one elsewhere refuses with one line, the board unchanged; "
          "--restore starts with a fresh one")
