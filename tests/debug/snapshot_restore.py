#!/usr/bin/env python3
"""snapshot_restore.py LOOM PLATFORM KERNEL [INITRD APPEND [DISK]]: snapshots of the
whole board, device servers included, taken at moments the host chooses
(random delays, then a pause over GDB's remote protocol and `monitor snapshot
save`), give back the very run they were taken of:

  - taking them does not disturb the run (console bytes, instruction count
    and simulated time as the run that took none);
  - `loom run --restore SNAP` of each ends as the run that took none, and
    prints exactly the end of its console output;
  - loading the first snapshot later in the same run (`monitor snapshot
    load`, which puts fresh device servers in place: simulated time cannot
    go back in SystemC) goes on to the same end, printing that same end.

With INITRD and APPEND: Linux in batch mode (skipped, 77, when its images are
missing); with DISK, a fresh copy of it as the virtio disk of every run, with
--disk-overlay: the guest's writes are the board's state, kept in memory and
in the snapshots (what the guest wrote before a snapshot is what a run from
it reads)."""
import os
import random
import subprocess
import sys
import tempfile
import time

from rsp_client import Rsp, board_command, fail, stats, wait_for_socket

command, rest = board_command(sys.argv)
loom = command[0]
disk = rest[0] if rest else None
if disk and not os.path.isfile(disk):
    print(f"SKIP: {disk} not found: build it with scripts/build-linux.sh")
    sys.exit(77)
random.seed(int(os.environ.get("LOOM_TEST_SEED", "4321")))  # the procedure repeats; the host's timing does not
SNAPSHOTS = 3


def fresh_disk(work):
    """Every run starts from the image as built."""
    if disk:
        with open(disk, "rb") as src, open(os.path.join(work, "disk.img"), "wb") as dst:
            dst.write(src.read())


def run(args, out, err, timeout=600):
    fresh_disk(os.path.dirname(out))
    with open(out, "w") as o, open(err, "w") as e:
        return subprocess.run(args, stdin=subprocess.DEVNULL, stdout=o, stderr=e, timeout=timeout).returncode


class Gdb(Rsp):
    """An RSP client that continues and pauses the run at moments of its choosing."""

    def __init__(self, path, proc, err):
        if not wait_for_socket(path, proc):
            fail("no GDB socket: " + open(err).read())
        super().__init__(path)
        self.no_ack()

    def run_for(self, seconds):
        """Continues, pauses after `seconds`; the stop reply, or None when the run ended meanwhile."""
        try:
            self.send("vCont;c")
            time.sleep(seconds)
            self.sock.sendall(b"\x03")
            stop = self.reply()
        except (BrokenPipeError, ConnectionResetError):
            return None
        if stop is None or stop.startswith(("W", "X")):
            return None
        if not stop.startswith("T02"):
            fail(f"stop reply {stop!r}")
        return stop


with tempfile.TemporaryDirectory() as work:
    if disk:
        copy = os.path.join(work, "disk.img")
        command += ["--disk", copy, "--disk-overlay"]
    plain_out, plain_err = os.path.join(work, "plain.out"), os.path.join(work, "plain.err")
    plain_status = run(command, plain_out, plain_err)
    plain = open(plain_out, "rb").read()

    # One run takes the snapshots, then loads the first again and runs to the end.
    sock_path = os.path.join(work, "gdb.sock")
    out, err = os.path.join(work, "out"), os.path.join(work, "err")
    fresh_disk(work)
    with open(out, "w") as o, open(err, "w") as e:
        proc = subprocess.Popen(command + ["--gdb", "unix:" + sock_path, "--gdb-wait"], stdin=subprocess.DEVNULL,
                                stdout=o, stderr=e)
    snapshots = []
    loaded = False
    try:
        gdb = Gdb(sock_path, proc, err)
        while True:
            # The first pause at once: a loaded host must not let a short run end before any snapshot.
            delay = random.uniform(0, float(os.environ.get("LOOM_TEST_PAUSE_S", "0.003"))) if snapshots else 0
            if gdb.run_for(delay) is None:
                break
            if len(snapshots) < SNAPSHOTS:
                path = os.path.join(work, f"snap{len(snapshots)}.snap")
                answer = gdb.monitor(f"snapshot save {path}") or "(connection closed)"
                if "its RTL design is busy" in answer:
                    continue  # an RTL device mid-transfer: snapshot at the next pause
                if not answer.startswith("snapshot saved"):
                    fail(f"monitor snapshot save: {answer.strip()}")
                snapshots.append(path)
            elif not loaded:
                answer = gdb.monitor(f"snapshot load {snapshots[0]}") or "(connection closed)"
                if not answer.startswith(f"snapshot {snapshots[0]} loaded"):
                    fail(f"monitor snapshot load: {answer.strip()}")
                loaded = True
        status = proc.wait(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if status != plain_status:
        fail(f"the run that took snapshots exited {status}, the plain one {plain_status}: {open(err).read()[-2000:]}")
    if len(snapshots) < 1:
        fail("no snapshot: the run ended before the first pause")
    if stats(err) != stats(plain_err):
        fail(f"{stats(err)} after snapshots and a load, {stats(plain_err)} without")
    taken = open(out, "rb").read()

    for i, path in enumerate(snapshots):
        r_out, r_err = os.path.join(work, f"r{i}.out"), os.path.join(work, f"r{i}.err")
        r_status = run(command + ["--restore", path], r_out, r_err)
        if r_status != plain_status:
            fail(f"--restore {path} exited {r_status}, the plain run {plain_status}: {open(r_err).read()[-2000:]}")
        if stats(r_err) != stats(plain_err):
            fail(f"--restore {path}: {stats(r_err)}, the plain run {stats(plain_err)}")
        end = open(r_out, "rb").read()
        if not plain.endswith(end):
            fail(f"--restore {path}: its console output is not the end of the plain run's")
        if i == 0 and loaded:
            # The loaded run printed up to the load, then the same end.
            if not taken.endswith(end) or not plain.startswith(taken[: len(taken) - len(end)]):
                fail("the run that loaded the first snapshot does not end with that snapshot's end")
    if not loaded and taken != plain:
        fail("the console of the run that took snapshots differs from the plain run's")
    print(f"ok: {len(snapshots)} snapshots{' and a load' if loaded else ''}; the same end, "
          f"{stats(plain_err)[0][6:]}")
