#!/usr/bin/env python3
"""gdb_interrupt.py LOOM SPIN_ELF NM: Ctrl-C over GDB's remote protocol.

A small RSP client (what GDB sends when the user presses Ctrl-C is the byte
0x03 while the target runs) against `loom run --gdb` with firmware that
spins for ever: attach while it runs, continue, interrupt (a SIGINT stop
reply), see that it ran in between, again, detach (the run goes on),
attach again and kill (exit status 137). Every wait is for an answer or a
line of output, with a deadline, never a fixed delay."""
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

loom, elf, nm = sys.argv[1:4]
spins = int(re.search(r"^([0-9a-f]+) \w spins$", subprocess.check_output([nm, elf], text=True), re.M).group(1), 16)


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


class Rsp:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(30)
        self.sock.connect(path)
        self.buffer = b""

    def send(self, payload):
        data = payload.encode()
        self.sock.sendall(b"$" + data + b"#%02x" % (sum(data) % 256))

    def reply(self):
        while True:
            match = re.search(rb"\$([^#]*)#[0-9a-f]{2}", self.buffer)
            if match:
                self.buffer = self.buffer[match.end():]
                return match.group(1).decode()
            chunk = self.sock.recv(4096)
            if not chunk:
                fail("loom closed the connection")
            self.buffer += chunk

    def ask(self, payload):
        self.send(payload)
        return self.reply()

    def read_u64(self, address):
        return int.from_bytes(bytes.fromhex(self.ask(f"m{address:x},8")), "little")


with tempfile.TemporaryDirectory() as work:
    sock_path = os.path.join(work, "gdb.sock")
    out, err = os.path.join(work, "out"), os.path.join(work, "err")
    with open(out, "w") as o, open(err, "w") as e:
        proc = subprocess.Popen([loom, "run", "--elf", elf, "--gdb", "unix:" + sock_path], stdout=o, stderr=e)
    try:
        wait_for(err, "GDB can attach on")
        wait_for(out, "spinning")
        gdb = Rsp(sock_path)
        # Acknowledged with `+` until no-ack mode is on (its own OK included).
        gdb.ask("qSupported:swbreak+;vContSupported+")
        gdb.sock.sendall(b"+")
        if gdb.ask("QStartNoAckMode") != "OK":
            fail("no-ack mode refused")
        gdb.sock.sendall(b"+")
        stop = gdb.ask("?")
        if not stop.startswith("T05thread:1;"):
            fail(f"attach: stop reply {stop}")
        before = gdb.read_u64(spins)
        for attempt in range(2):
            gdb.send("vCont;c")
            gdb.sock.sendall(b"\x03")
            stop = gdb.reply()
            if stop != "T02thread:1;":
                fail(f"interrupt {attempt}: stop reply {stop!r}, expected T02thread:1; (SIGINT)")
            after = gdb.read_u64(spins)
            if after <= before:
                fail(f"interrupt {attempt}: spins {before} -> {after}: the guest did not run in between")
            before = after
        if gdb.ask("D") != "OK":
            fail("detach")
        gdb.sock.close()
        wait_for(err, "GDB detached; the run goes on")
        gdb = Rsp(sock_path)
        gdb.ask("qSupported:swbreak+;vContSupported+")
        gdb.sock.sendall(b"+")
        if gdb.ask("QStartNoAckMode") != "OK":
            fail("no-ack mode refused again")
        gdb.sock.sendall(b"+")
        if not gdb.ask("?").startswith("T05"):
            fail("second attach")
        if gdb.read_u64(spins) <= before:
            fail("the run did not go on after the detach")
        if gdb.ask("vKill;1") != "OK":
            fail("vKill")
        status = proc.wait(timeout=30)
        if status != 137:
            fail(f"loom exited {status}, expected 137 (killed from GDB)\n" + open(err).read())
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
print("ok: Ctrl-C (0x03) stops the running guest with SIGINT, detach lets it run, kill ends it")
