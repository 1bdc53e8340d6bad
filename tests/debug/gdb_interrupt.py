#!/usr/bin/env python3
"""gdb_interrupt.py LOOM SPIN_ELF NM
   gdb_interrupt.py --linux LOOM PLATFORM LINUX_DIR: Ctrl-C over GDB's remote protocol.

A small RSP client (what GDB sends when the user presses Ctrl-C is the byte
0x03 while the target runs) against `loom run --gdb`. With firmware that
spins for ever: attach while it runs, continue, interrupt (a SIGINT stop
reply), see that it ran in between, again, detach (the run goes on),
attach again and kill (exit status 137). With --linux: Linux at its shell
prompt, every hart asleep in WFI with the console open for input: attach,
continue and interrupt twice, kill. Every wait is for an answer or a line
of output, with a deadline, never a fixed delay. Linux without its images
is skipped (77)."""
import os
import re
import subprocess
import sys
import tempfile
import time

import rsp_client

linux = sys.argv[1] == "--linux"
if linux:
    loom, platform, linux_dir = sys.argv[2:5]
    images = [os.path.join(linux_dir, f) for f in ("Image", "initramfs.cpio.gz")]
    if not all(os.path.isfile(f) for f in images):
        print(f"SKIP: {linux_dir}/Image or initramfs.cpio.gz not found: build them with scripts/build-linux.sh")
        sys.exit(77)
    command = [loom, "run", platform, "--kernel", images[0], "--initrd", images[1]]
else:
    loom, elf, nm = sys.argv[1:4]
    spins = int(re.search(r"^([0-9a-f]+) \w spins$", subprocess.check_output([nm, elf], text=True), re.M).group(1), 16)
    command = [loom, "run", "--elf", elf]


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def wait_for(path, regex, deadline=30):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if os.path.exists(path) and re.search(regex, open(path, errors="replace").read()):
            return
        if proc.poll() is not None:
            fail(f"loom ended ({proc.returncode}) before '{regex}' in {path}")
        time.sleep(0.02)
    fail(f"no '{regex}' in {path} after {deadline}s")


class Gdb(rsp_client.Rsp):
    def __init__(self, path):
        super().__init__(path, timeout=30)

    def reply(self):
        payload = super().reply()
        if payload is None:
            fail("loom closed the connection")
        return payload

    def read_u64(self, address):
        return int.from_bytes(bytes.fromhex(self.ask(f"m{address:x},8")), "little")


def attach(path):
    gdb = Gdb(path)
    # Acknowledged with `+` until no-ack mode is on (its own OK included).
    gdb.ask("qSupported:swbreak+;vContSupported+")
    gdb.sock.sendall(b"+")
    if gdb.ask("QStartNoAckMode") != "OK":
        fail("no-ack mode refused")
    gdb.sock.sendall(b"+")
    stop = gdb.ask("?")
    if not stop.startswith("T05thread:1;"):
        fail(f"attach: stop reply {stop}")
    return gdb


def interrupt(gdb, attempt):
    gdb.send("vCont;c")
    gdb.sock.sendall(b"\x03")
    stop = gdb.reply()
    if stop != "T02thread:1;":
        fail(f"interrupt {attempt}: stop reply {stop!r}, expected T02thread:1; (SIGINT)")


def kill(gdb):
    if gdb.ask("vKill;1") != "OK":
        fail("vKill")
    status = proc.wait(timeout=30)
    if status != 137:
        fail(f"loom exited {status}, expected 137 (killed from GDB)\n" + open(err).read())


with tempfile.TemporaryDirectory() as work:
    sock_path = os.path.join(work, "gdb.sock")
    out, err = os.path.join(work, "out"), os.path.join(work, "err")
    with open(out, "w") as o, open(err, "w") as e:
        # The console's input stays open: an idle guest may be woken from outside.
        proc = subprocess.Popen(command + ["--gdb", "unix:" + sock_path], stdin=subprocess.PIPE, stdout=o, stderr=e)
    try:
        wait_for(err, "GDB can attach on")
        if linux:
            wait_for(out, "loom:/", deadline=300)  # the shell prompt: harts idle in wfi
            gdb = attach(sock_path)
            for attempt in range(2):
                interrupt(gdb, attempt)
            kill(gdb)
            print("ok: Ctrl-C (0x03) stops an idle Linux with SIGINT, again after a continue; kill ends it")
            sys.exit(0)
        wait_for(out, "spinning")
        gdb = attach(sock_path)
        before = gdb.read_u64(spins)
        for attempt in range(2):
            interrupt(gdb, attempt)
            after = gdb.read_u64(spins)
            if after <= before:
                fail(f"interrupt {attempt}: spins {before} -> {after}: the guest did not run in between")
            before = after
        if gdb.ask("D") != "OK":
            fail("detach")
        gdb.sock.close()
        wait_for(err, "GDB detached; the run goes on")
        gdb = attach(sock_path)
        if gdb.read_u64(spins) <= before:
            fail("the run did not go on after the detach")
        kill(gdb)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
print("ok: Ctrl-C (0x03) stops the running guest with SIGINT, detach lets it run, kill ends it")
