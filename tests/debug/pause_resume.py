#!/usr/bin/env python3
"""pause_resume.py LOOM PLATFORM KERNEL [INITRD APPEND]: a run paused again
and again at moments chosen by the host (Ctrl-C over GDB's remote protocol,
after random delays) and resumed each time ends exactly as the run that was
never paused: the same console bytes and the same instruction count and
simulated time (--stats). Devices are in device servers: nothing there may
move while the board is paused. With INITRD and APPEND: Linux in batch mode
(skipped, 77, when its images are missing)."""
import os
import random
import subprocess
import sys
import tempfile
import time

from rsp_client import Rsp, board_command, fail, stats, wait_for_socket

command, _ = board_command(sys.argv)
loom = command[0]
random.seed(1234)  # the procedure repeats; the host's timing does not


with tempfile.TemporaryDirectory() as work:
    plain_out, plain_err = os.path.join(work, "plain.out"), os.path.join(work, "plain.err")
    with open(plain_out, "w") as o, open(plain_err, "w") as e:
        status = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=o, stderr=e, timeout=600).returncode
    if status != 0:
        fail(f"the plain run exited {status}: {open(plain_err).read()[-2000:]}")

    sock_path = os.path.join(work, "gdb.sock")
    out, err = os.path.join(work, "out"), os.path.join(work, "err")
    with open(out, "w") as o, open(err, "w") as e:
        proc = subprocess.Popen(command + ["--gdb", "unix:" + sock_path, "--gdb-wait"], stdin=subprocess.DEVNULL,
                                stdout=o, stderr=e)
    try:
        if not wait_for_socket(sock_path, proc):
            fail("no GDB socket: " + open(err).read())
        gdb = Rsp(sock_path)
        gdb.no_ack()
        pauses = 0
        while True:
            try:
                gdb.send("vCont;c")
                # The first pause at once: on a loaded host a short run could
                # otherwise end before any pause, and test nothing.
                time.sleep(random.uniform(0, 0.004) if pauses else 0)
                gdb.sock.sendall(b"\x03")
                stop = gdb.reply()
            except (BrokenPipeError, ConnectionResetError):
                break  # the run ended and closed the connection
            if stop is None or stop.startswith(("W", "X")):
                break  # the run ended while continuing
            if not stop.startswith("T02"):
                fail(f"pause {pauses}: stop reply {stop!r}")
            pauses += 1
            # The end may be reported after the pause is: drain it next round.
        status = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if status != 0:
        fail(f"the paused run exited {status}: {open(err).read()[-2000:]}")
    if pauses < 1:
        fail("no pause: the run ended before the first Ctrl-C")
    if open(out, "rb").read() != open(plain_out, "rb").read():
        fail("the console differs from the run that was never paused")
    if stats(err) != stats(plain_err):
        fail(f"{stats(err)} after {pauses} pauses, {stats(plain_err)} without")
    print(f"ok: {pauses} pauses, the same console bytes and {stats(err)[0][6:]}")
