#!/usr/bin/env python3
"""control_gdb.py LOOM SPIN_ELF: run control beside GDB (`--gdb` and
`--control` together), on firmware that spins for ever.

While the board waits for GDB (--gdb-wait) and while GDB holds it stopped,
`loom ctl status` answers "stopped in GDB" and `resume`/`step` are refused
with one line; once GDB lets it run, `status` answers "running" and the
instruction count grows; `pause` pauses it for run control and `resume`
lets it go on; `quit` ends the run with status 0 and GDB hears that it
exited."""
import os
import subprocess
import sys
import tempfile

from rsp_client import Rsp, fail, wait_for_socket

loom, elf = sys.argv[1:3]


def ctl(sock, *args, expect=0):
    result = subprocess.run([loom, "ctl", "--control", "unix:" + sock, "--timeout", "30000"] + list(args),
                            capture_output=True, text=True, timeout=60)
    if expect is not None and result.returncode != expect:
        fail(f"loom ctl {' '.join(args)} exited {result.returncode}: {result.stdout}{result.stderr}")
    return result


def instructions(status):
    for line in status.splitlines():
        if line.startswith("instructions retired: "):
            return int(line.split(": ")[1])
    fail(f"no instruction count in:\n{status}")


with tempfile.TemporaryDirectory() as work:
    gdb_sock, control_sock = os.path.join(work, "gdb.sock"), os.path.join(work, "control.sock")
    err = os.path.join(work, "err")
    with open(err, "w") as e:
        proc = subprocess.Popen([loom, "run", "--elf", elf, "--gdb", "unix:" + gdb_sock, "--gdb-wait", "--control",
                                 "unix:" + control_sock], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=e)
    try:
        if not wait_for_socket(gdb_sock, proc) or not wait_for_socket(control_sock, proc):
            fail("no sockets: " + open(err).read())
        if not ctl(control_sock, "status").stdout.startswith("state: stopped in GDB\n"):
            fail("status while waiting for GDB")
        gdb = Rsp(gdb_sock, timeout=60)
        gdb.no_ack()
        refused = ctl(control_sock, "resume", expect=1).stderr
        if refused != "loom ctl: resume: GDB holds the board stopped; continue or step from GDB\n":
            fail(f"resume while GDB holds the board: {refused!r}")
        ctl(control_sock, "step", "5", expect=1)
        gdb.send("vCont;c")
        first = instructions(ctl(control_sock, "status").stdout)
        status = ctl(control_sock, "status").stdout
        if not status.startswith("state: running\n") or instructions(status) <= first:
            fail(f"status while GDB lets the board run (first count {first}):\n{status}")
        if not ctl(control_sock, "pause").stdout.startswith("paused\nstate: paused\n"):
            fail("pause beside GDB")
        paused = instructions(ctl(control_sock, "status").stdout)
        if instructions(ctl(control_sock, "status").stdout) != paused:
            fail("the board ran while paused for run control")
        ctl(control_sock, "resume")
        ctl(control_sock, "quit")
        status = proc.wait(timeout=60)
        if status != 0:
            fail(f"loom exited {status} after quit: {open(err).read()}")
        if gdb.reply() != "W00":
            fail("GDB did not hear that the run ended")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    print("ok: beside GDB, status answers, resume and step are GDB's while it holds the board, pause/resume/quit work")
