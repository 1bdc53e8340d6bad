"""Just enough of GDB's remote protocol for the debug tests: packets,
no-ack mode, Ctrl-C (0x03 while the target runs), monitor commands; and
reading `loom run --stats` lines. Imported by the tests beside it."""
import os
import re
import socket
import sys
import time


class Rsp:
    def __init__(self, path, timeout=600):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.buffer = b""

    def send(self, payload):
        data = payload.encode()
        self.sock.sendall(b"$" + data + b"#%02x" % (sum(data) % 256))

    def reply(self):
        """The next packet's payload; None once loom closed the connection."""
        while True:
            match = re.search(rb"\$([^#]*)#[0-9a-f]{2}", self.buffer)
            if match:
                self.buffer = self.buffer[match.end():]
                return match.group(1).decode()
            chunk = self.sock.recv(4096)
            if not chunk:
                return None
            self.buffer += chunk

    def ask(self, payload):
        self.send(payload)
        return self.reply()

    def no_ack(self):
        """No-ack mode, then the stop reply of `?`."""
        self.ask("QStartNoAckMode")
        self.sock.sendall(b"+")
        return self.ask("?")

    def monitor(self, text):
        """`monitor TEXT`: its output, or None once the connection closed."""
        answer = self.ask("qRcmd," + text.encode().hex())
        return None if answer is None else bytes.fromhex(answer).decode(errors="replace")


def wait_for_socket(path, proc, deadline=60):
    """Waits for loom's GDB socket; False if loom ended or it never came."""
    end = time.monotonic() + deadline
    while not os.path.exists(path):
        if time.monotonic() > end or proc.poll() is not None:
            return False
        time.sleep(0.01)
    return True


def run_stats(err_path):
    """The `instructions retired` and `simulated time` lines of --stats, or None."""
    text = open(err_path, errors="replace").read()
    lines = [l for l in text.splitlines() if l.startswith(("loom: instructions retired", "loom: simulated time"))]
    return lines if len(lines) == 2 else None


def fail(message):
    """Ends a test with its reason."""
    print(f"FAIL: {message}")
    sys.exit(1)


def stats(err_path):
    """run_stats, or the test fails showing the end of stderr."""
    lines = run_stats(err_path)
    if lines is None:
        fail(f"no --stats in {open(err_path, errors='replace').read()[-2000:]}")
    return lines


def board_command(argv):
    """`LOOM PLATFORM KERNEL [INITRD APPEND]` -> the loom run command (with
    --stats); exits 77 (skipped) when Linux's images are not built. Returns
    the command and the arguments after APPEND."""
    loom, platform, kernel = argv[1:4]
    extra = []
    if len(argv) > 4:
        initrd, append = argv[4:6]
        if not (os.path.isfile(kernel) and os.path.isfile(initrd)):
            print(f"SKIP: {kernel} or {initrd} not found: build them with scripts/build-linux.sh")
            sys.exit(77)
        extra = ["--initrd", initrd, "--append", append]
    return [loom, "run", platform, "--kernel", kernel, "--stats"] + extra, argv[6:]
