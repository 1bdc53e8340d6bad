#!/usr/bin/env python3
"""control.py LOOM PLATFORM KERNEL [INITRD APPEND]: `loom run --control` and
`loom ctl` on a board with its devices in a device server.

A run started paused (--control-wait) is stepped, resumed, paused and asked
for its status at moments the host chooses (random delays, seeded), saved
and loaded back through `loom ctl snapshot`, and ends exactly as the run
that was never touched: the same console bytes, instruction count and
simulated time. Then the refusals: ctl against nothing, a step of 0
instructions, a control path that is a regular file (kept), an address
that is no unix socket; and quit. With INITRD and APPEND: Linux in
batch mode (skipped, 77, without its images)."""
import os
import random
import subprocess
import sys
import tempfile
import time

from rsp_client import board_command, fail, stats, wait_for_socket

command, _ = board_command(sys.argv)
loom = command[0]
random.seed(int(os.environ.get("LOOM_TEST_SEED", "2024")))
pause_s = float(os.environ.get("LOOM_TEST_PAUSE_S", "0.003"))


def start_paused(sock, out, err):
    """loom run --control --control-wait, once its socket is there."""
    with open(out, "w") as o, open(err, "w") as e:
        proc = subprocess.Popen(command + ["--control", "unix:" + sock, "--control-wait"], stdin=subprocess.DEVNULL,
                                stdout=o, stderr=e)
    if not wait_for_socket(sock, proc):
        proc.kill()
        fail("no control socket: " + open(err).read())
    return proc


def ctl(sock, *args, expect=0):
    result = subprocess.run([loom, "ctl", "--control", "unix:" + sock, "--timeout", "30000"] + list(args),
                            capture_output=True, text=True, timeout=60)
    if expect is not None and result.returncode != expect:
        fail(f"loom ctl {' '.join(args)} exited {result.returncode}: {result.stdout}{result.stderr}")
    return result


with tempfile.TemporaryDirectory() as work:
    plain_out, plain_err = os.path.join(work, "plain.out"), os.path.join(work, "plain.err")
    with open(plain_out, "w") as o, open(plain_err, "w") as e:
        plain_status = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=o, stderr=e, timeout=600).returncode
    plain = open(plain_out, "rb").read()

    sock = os.path.join(work, "control.sock")
    out, err = os.path.join(work, "out"), os.path.join(work, "err")
    proc = start_paused(sock, out, err)
    snap = os.path.join(work, "board.snap")
    try:
        status = ctl(sock, "status").stdout
        if not status.startswith("state: paused\n") or "hart 0: pc 0x1000\n" not in status:
            fail(f"status of a run started paused:\n{status}")
        stepped = ctl(sock, "step", "3").stdout
        if "stepped 3 instructions" not in stepped or "instructions retired: 3\n" not in stepped:
            fail(f"step 3:\n{stepped}")
        refused = ctl(sock, "step", "0", expect=2)
        if refused.stderr.count("\n") != 1 or "count" not in refused.stderr:
            fail(f"a step of 0 instructions: {refused.stderr!r}")
        saved = loaded = False
        touches = 0
        # Steps of random length (exact instruction counts), with a status,
        # a snapshot saved and later loaded, then resume/pause at moments the
        # host chooses, until the run ends.
        for i in range(int(os.environ.get("LOOM_TEST_STEPS", "6"))):
            result = ctl(sock, "step", str(random.randint(1, 20000)), expect=None)
            if result.returncode != 0:
                break
            touches += 1
            if i == 1:
                ctl(sock, "snapshot", "save", snap)
                saved = True
            if i == 3:
                ctl(sock, "snapshot", "load", snap)
                loaded = True
        ctl(sock, "resume", expect=None)
        while proc.poll() is None:
            time.sleep(random.uniform(0, pause_s))
            action = random.choice(["status", "pause"])
            result = ctl(sock, action, expect=None)
            if result.returncode != 0:
                if "the run is over" in result.stderr or "no such socket" in result.stderr or \
                        "nobody answers" in result.stderr:
                    break  # the run ended meanwhile
                fail(f"loom ctl {action}: {result.stderr}")
            touches += 1
            if action == "pause":
                ctl(sock, "resume", expect=None)
        status = proc.wait(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if status != plain_status:
        fail(f"the controlled run exited {status}, the plain one {plain_status}: {open(err).read()[-2000:]}")
    if stats(err) != stats(plain_err):
        fail(f"{stats(err)} controlled ({touches} commands), {stats(plain_err)} plain")
    taken = open(out, "rb").read()
    if not loaded and taken != plain:
        fail("the controlled run's console differs from the plain run's")
    if saved:
        r_out, r_err = os.path.join(work, "r.out"), os.path.join(work, "r.err")
        with open(r_out, "w") as o, open(r_err, "w") as e:
            r_status = subprocess.run(command + ["--restore", snap], stdin=subprocess.DEVNULL, stdout=o, stderr=e,
                                      timeout=600).returncode
        end = open(r_out, "rb").read()
        if r_status != plain_status or stats(r_err) != stats(plain_err) or not plain.endswith(end):
            fail(f"--restore of loom ctl's snapshot: status {r_status}, {stats(r_err)}")
        if loaded and (not taken.endswith(end) or not plain.startswith(taken[: len(taken) - len(end)])):
            fail("the run that loaded loom ctl's snapshot does not end as the snapshot's run")

    # Refusals, each one line and a status, nothing left behind or replaced.
    nothing = ctl(os.path.join(work, "none.sock"), "status", expect=1)
    if nothing.stderr.count("\n") != 1 or "no such socket" not in nothing.stderr:
        fail(f"ctl against nothing: {nothing.stderr!r}")
    regular = os.path.join(work, "regular")
    open(regular, "w").write("keep me")
    r = subprocess.run(command + ["--control", "unix:" + regular], stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=60)
    if r.returncode != 1 or "a file that is not a socket is there; not replacing it" not in r.stderr or \
            open(regular).read() != "keep me":
        fail(f"--control on a regular file: {r.returncode} {r.stderr!r}")
    r = subprocess.run(command + ["--control", "127.0.0.1:5000"], capture_output=True, text=True, timeout=60)
    if r.returncode != 2 or "expected unix:PATH" not in r.stderr:
        fail(f"--control with a TCP address: {r.returncode} {r.stderr!r}")

    # quit ends the run with status 0.
    proc = start_paused(sock, out, err)
    try:
        ctl(sock, "quit")
        if proc.wait(timeout=60) != 0 or "loom: the run ended: loom ctl quit" not in open(err).read():
            fail(f"quit: {proc.returncode} {open(err).read()[-500:]}")
        if os.path.exists(sock):
            fail("the control socket is left behind")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    print(f"ok: {touches} commands{', a snapshot saved' if saved else ''}{' and loaded' if loaded else ''}; "
          f"the same end, {stats(plain_err)[0][6:]}; refusals and quit")
