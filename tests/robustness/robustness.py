#!/usr/bin/env python3
"""robustness.py CASE LOOM SOURCE_DIR DATA_DIR: drives `loom run` through one
thing a user (or the host) can do to it -- a signal from the terminal or the
process group, Ctrl-Z, a dead or failing device server, a reader that goes
away, a full disk, an output path that is one of the inputs, a FIFO -- and
checks the properties that must hold whatever the case:

  - the exit status is the documented one (docs/bridge.md, "Exit status");
  - stderr is one line saying what happened (or nothing, for SIGPIPE);
  - nothing is left behind: no spawned server survives, loom's temporary
    socket directory is gone, the terminal is back in its own mode;
  - the user's files are untouched.

No fixed sleeps: every step waits for a readiness signal (a line of output,
the terminal's mode, a process state). The only bound is HANG, a generous
hang detector.
"""
import hashlib
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import termios
import threading
import time

HANG = 30.0  # seconds: longer than any case needs on a loaded host, shorter than CTest's timeout

case, LOOM, SOURCE, DATA = sys.argv[1:5]
VIRT = os.path.join(SOURCE, "platforms", "virt.yaml")
CHATTER = os.path.join(DATA, "chatter.elf")              # prints forever (bare: HTIF)
CHATTER_REMOTE = os.path.join(DATA, "chatter_remote.elf")  # ... and talks to test0 all the time
CHATTER_QUIET = os.path.join(DATA, "chatter_quiet.elf")    # prints 3 lines, then runs on silently
DEMO = os.path.join(os.path.dirname(os.path.dirname(DATA)), "examples", "demo.elf")
TEST0 = ["--remote", "s0:test0:loom,test-device:0x10001000:0x1000"]
QUIET1 = ["--remote", "s1:quiet:loom,test-device:0x10002000:0x1000"]

work = tempfile.mkdtemp(prefix="loom-robustness-")
TMP = os.path.join(work, "tmp")  # loom's TMPDIR: its socket directory must not survive
os.mkdir(TMP)
ENV = dict(os.environ, TMPDIR=TMP)


def fail(message, stderr=""):
    print(f"FAIL ({case}): {message}")
    if stderr:
        print("--- stderr:\n" + stderr)
    sys.exit(1)


def deadline():
    return time.monotonic() + HANG


def wait_until(predicate, what):
    end = deadline()
    while not predicate():
        if time.monotonic() > end:
            fail(f"hang: {what} within {HANG} s")
        time.sleep(0.01)


def path(name):
    return os.path.join(work, name)


def digest(file):
    with open(file, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def spawned_servers():
    """Live processes started for this case (their socket is under TMP)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read()
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if b"serve" in cmdline and TMP.encode() in cmdline and state != "Z":
            found.append(int(pid))
    return found


def server_pid(name):
    for pid in spawned_servers():
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            if f"/{name}.sock".encode() in f.read():
                return pid
    return None


def check_no_leftovers():
    wait_until(lambda: not spawned_servers(), "every spawned server gone")
    if os.listdir(TMP):
        fail(f"left behind in its temporary directory: {os.listdir(TMP)}")


def check_one_line(stderr, pattern):
    import re
    lines = stderr.splitlines()
    if len(lines) != 1:
        fail(f"expected one line on stderr, got {len(lines)}", stderr)
    if not re.search(pattern, lines[0]):
        fail(f"stderr does not match /{pattern}/", stderr)


def check_status(status, want, stderr):
    if status != want:
        fail(f"exit status {status}, expected {want}", stderr)


class Run:
    """`loom run ARGS` with stdout and stderr captured, in a process group of
    its own (as a shell job is)."""

    def __init__(self, args, stdout=subprocess.PIPE):
        self.err_path = path("stderr")
        self.err = open(self.err_path, "wb")
        self.proc = subprocess.Popen([LOOM, "run"] + args, stdin=subprocess.DEVNULL, stdout=stdout,
                                     stderr=self.err, env=ENV, start_new_session=True)

    def read_line(self):
        end = deadline()
        line = b""
        fd = self.proc.stdout.fileno()
        while not line.endswith(b"\n"):
            if not select.select([fd], [], [], max(0.0, end - time.monotonic()))[0]:
                fail("hang: no line of output")
            byte = os.read(fd, 1)
            if not byte:
                fail("output ended before a whole line", self.stderr())
            line += byte
        return line.decode(errors="replace")

    def drain(self):
        """Reads the rest of the output on a thread (wait() bounds the run)."""
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()

    def wait(self):
        try:
            status = self.proc.wait(timeout=HANG)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            fail("hang: loom did not end", self.stderr())
        return status if status >= 0 else 128 - status

    def stderr(self):
        with open(self.err_path, encoding="utf-8", errors="replace") as f:
            return f.read()


def expect(args, status, pattern, stdout=subprocess.DEVNULL):
    run = Run(args, stdout=stdout)
    got = run.wait()
    check_status(got, status, run.stderr())
    check_one_line(run.stderr(), pattern)
    check_no_leftovers()
    return run


# ---- signals through a pseudo-terminal ------------------------------------

class TtyRun:
    """`loom run` on a pseudo-terminal, as from an interactive shell: the
    session leader with the terminal as its controlling terminal, in the
    foreground. stderr goes to a file, so that the terminal carries the
    console only."""

    def __init__(self, args):
        self.err_path = path("stderr")
        err = os.open(self.err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        self.pid, self.master = pty.fork()
        if self.pid == 0:
            os.dup2(err, 2)
            os.execve(LOOM, [LOOM, "run"] + args, ENV)
        os.close(err)
        self.status = None

    def pump(self):
        """Reads what the guest printed (a full terminal would block it)."""
        try:
            while select.select([self.master], [], [], 0)[0]:
                if not os.read(self.master, 4096):
                    break
        except OSError:
            pass

    def console_mode(self):
        """The terminal is in the console's mode: no echo, not canonical."""
        lflag = termios.tcgetattr(self.master)[3]
        return not lflag & (termios.ECHO | termios.ICANON)

    def wait_for(self, predicate, what):
        def step():
            self.pump()
            return predicate()
        wait_until(step, what)

    def exited(self):
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                if self.status < 0:
                    self.status = 128 - self.status
        return self.status is not None

    def stopped(self):
        pid, status = os.waitpid(self.pid, os.WNOHANG | os.WUNTRACED)
        return pid != 0 and os.WIFSTOPPED(status)

    def stderr(self):
        with open(self.err_path, encoding="utf-8", errors="replace") as f:
            return f.read()


# virt: the UART owns the terminal; chatter never powers off (on virt its
# HTIF output goes nowhere and it spins).
TTY_ARGS = [VIRT, "--firmware", CHATTER]


def tty_key(key, signum):
    run = TtyRun(TTY_ARGS)
    run.wait_for(run.console_mode, "the console's terminal mode")
    os.write(run.master, key)
    run.wait_for(run.exited, "loom's end")
    check_status(run.status, 128 + signum, run.stderr())
    check_one_line(run.stderr(), f"stopped by {signal.Signals(signum).name}")
    if run.console_mode():
        fail("the terminal was left without echo and canonical mode")
    check_no_leftovers()


def case_ctrl_c():
    tty_key(b"\x03", signal.SIGINT)


def case_ctrl_backslash():
    tty_key(b"\x1c", signal.SIGQUIT)


def case_terminal_closes():
    run = TtyRun(TTY_ARGS)
    run.wait_for(run.console_mode, "the console's terminal mode")
    os.close(run.master)  # the kernel sends SIGHUP to the session
    wait_until(run.exited, "loom's end")
    check_status(run.status, 128 + signal.SIGHUP, run.stderr())
    check_one_line(run.stderr(), "stopped by SIGHUP")
    check_no_leftovers()


def case_ctrl_z():
    run = TtyRun(TTY_ARGS)
    run.wait_for(run.console_mode, "the console's terminal mode")
    os.write(run.master, b"\x1a")
    run.wait_for(run.stopped, "loom stopped by Ctrl-Z")
    if run.console_mode():
        fail("the terminal stays in the console's mode while loom is stopped")
    os.kill(run.pid, signal.SIGCONT)
    run.wait_for(run.console_mode, "the console's mode back after SIGCONT")
    os.write(run.master, b"\x03")
    run.wait_for(run.exited, "loom's end")
    check_status(run.status, 130, run.stderr())
    check_no_leftovers()


# ---- signals to the process group, suspension ------------------------------

def case_sigterm_group():
    # As timeout(1) does: SIGTERM to loom's whole process group. The servers
    # are not in it; loom shuts them down itself.
    run = Run(["--elf", CHATTER] + TEST0 + QUIET1)
    run.read_line()
    os.killpg(run.proc.pid, signal.SIGTERM)
    run.drain()
    check_status(run.wait(), 143, run.stderr())
    check_one_line(run.stderr(), "stopped by SIGTERM")
    check_no_leftovers()


def case_suspended_longer_than_deadline():
    # The whole host suspended (a laptop closed), or loom and its server
    # both stopped: loom waits on its server when it stops, and resumes
    # first. Only host time in which loom ran may count against the server.
    run = Run(["--elf", CHATTER_REMOTE, "--bridge-deadline", "1000"] + TEST0)
    run.read_line()
    server = server_pid("s0")
    os.kill(server, signal.SIGSTOP)  # loom is soon waiting on it (it talks to test0 all the time)...
    os.kill(run.proc.pid, signal.SIGSTOP)  # ...and stops well within the deadline
    time.sleep(3.0)  # the point of the case: stopped for three deadlines
    os.kill(run.proc.pid, signal.SIGCONT)
    os.kill(server, signal.SIGCONT)
    for _ in range(3):  # it goes on
        run.read_line()
    run.proc.send_signal(signal.SIGINT)
    run.drain()
    check_status(run.wait(), 130, run.stderr())
    check_one_line(run.stderr(), "stopped by SIGINT")
    check_no_leftovers()


# ---- dead device servers ---------------------------------------------------

def case_idle_server_dies():
    run = Run(["--elf", CHATTER_REMOTE] + TEST0 + QUIET1)
    run.read_line()
    victim = server_pid("s1")
    if victim is None:
        fail("server s1 not found")
    os.kill(victim, signal.SIGKILL)
    run.drain()
    check_status(run.wait(), 1, run.stderr())
    check_one_line(run.stderr(), rf"server s1: its process \(pid {victim}\) was killed by signal 9")
    check_no_leftovers()


# A connect timeout far beyond HANG: waiting it out is a hang.
NEVER = ["--connect-timeout", "3600000"]


def case_server_bad_argument():
    expect(["--elf", CHATTER] + TEST0 + NEVER + ["--server-arg", "s0=--frobnicate"], 1,
           r"server s0: its process \(pid \d+\) exited with status 2 after printing \".*frobnicate.*\" "
           r"before it was listening")


def case_server_bad_certificate():
    bogus = path("not-a-certificate.pem")
    with open(bogus, "w") as f:
        f.write("this is not a certificate\n")
    expect(["--elf", CHATTER] + TEST0 + NEVER + ["--server-arg", f"s0=--tls-cert={bogus}",
                                                  "--server-arg", f"s0=--tls-key={bogus}"], 1,
           r"server s0: its process \(pid \d+\) exited with status 1 after printing .* before it was listening")


def case_server_dies_before_accepting():
    # Its socket is there, then the process is gone: reported at once, not
    # at the connect timeout.
    expect(["--elf", CHATTER] + TEST0 + NEVER + ["--server-arg", "s0=--fault=die-before-accept"], 1,
           r"server s0: cannot connect to unix:.*: its process \(pid \d+\) exited with status 3 after printing "
           r"\"loom serve: fault: dying before accepting a CPU\"$")


# ---- output that cannot be delivered ---------------------------------------

def reader_goes_away(elf):
    # loom run ... | head -1: the end the shell's SIGPIPE gives a process.
    run = Run(["--elf", elf] + TEST0)
    run.read_line()
    run.proc.stdout.close()
    status = run.wait()
    check_status(status, 141, run.stderr())
    if run.stderr():
        fail("expected nothing on stderr (as for a process SIGPIPE ends)", run.stderr())
    check_no_leftovers()


def case_reader_goes_away():
    reader_goes_away(CHATTER)


def case_reader_goes_away_quiet_guest():
    # A guest with nothing more to say (an idle shell): the reader's end is
    # noticed without a write.
    reader_goes_away(CHATTER_QUIET)


def case_stdout_full():
    with open("/dev/full", "wb") as full:
        expect(["--elf", CHATTER] + TEST0, 1, "the console output on stdout is incomplete: No space left on device",
               stdout=full)


def case_console_log_full():
    expect(["--elf", CHATTER, "--console-log", "/dev/full"], 1,
           "--console-log /dev/full is incomplete: No space left on device")


def case_bare_console_log():
    log = path("console.log")
    run = Run(["--elf", DEMO, "--console-log", log])
    out = run.proc.stdout.read()
    check_status(run.wait(), 0, run.stderr())
    with open(log, "rb") as f:
        logged = f.read()
    if not out or logged != out:
        fail(f"the console log ({len(logged)} bytes) is not the console output ({len(out)} bytes)")
    check_no_leftovers()


# ---- outputs that are inputs -----------------------------------------------

def copy(source, name):
    shutil.copy(source, path(name))
    return path(name)


def refused(args, victim, pattern="is the run's input"):
    before = digest(victim)
    expect(args, 2, pattern)
    if digest(victim) != before:
        fail(f"{victim} was changed")


def case_log_is_elf():
    elf = copy(CHATTER, "program.elf")
    refused(["--elf", elf, "--console-log", elf], elf)


def case_log_is_elf_by_another_name():
    elf = copy(CHATTER, "program.elf")
    os.link(elf, path("hard-link"))
    os.symlink(elf, path("symlink"))
    refused(["--elf", elf, "--console-log", path("hard-link")], elf)
    refused(["--elf", path("symlink"), "--console-log", elf], elf)


def case_log_is_firmware():
    firmware = copy(CHATTER, "firmware.elf")
    refused([VIRT, "--firmware", firmware, "--console-log", firmware], firmware)


def raw_image(name):
    with open(path(name), "wb") as f:
        f.write(b"\x13\x00\x00\x00" * 1024)  # nops
    return path(name)


def case_log_is_kernel():
    kernel = raw_image("kernel.bin")
    refused([VIRT, "--firmware", CHATTER, "--kernel", kernel, "--console-log", kernel], kernel)


def case_log_is_initrd():
    initrd = raw_image("initrd.img")
    refused([VIRT, "--firmware", CHATTER, "--initrd", initrd, "--console-log", initrd], initrd)


def case_log_is_disk():
    disk = path("disk.img")
    with open(disk, "wb") as f:
        f.write(b"\x5a" * 65536)
    refused([VIRT, "--firmware", CHATTER, "--disk", disk, "--console-log", disk], disk)


def case_log_is_platform_file():
    platform = copy(VIRT, "board.yaml")
    refused([platform, "--firmware", CHATTER, "--console-log", platform], platform)


def case_log_is_platform_firmware():
    # The firmware the platform file names (not the command line).
    firmware = copy(CHATTER, "fw.elf")
    platform = path("board.yaml")
    with open(VIRT) as f:
        text = f.read()
    lines = [f"  firmware: {firmware}" if line.strip().startswith("firmware:") else line for line in text.splitlines()]
    with open(platform, "w") as f:
        f.write("\n".join(lines) + "\n")
    refused([platform, "--console-log", firmware], firmware)


def case_socket_is_elf():
    elf = copy(CHATTER, "program.elf")
    refused(["--elf", elf, "--console-socket", elf], elf)


# ---- inputs that are not regular files -------------------------------------

def fifo():
    os.mkfifo(path("fifo"))
    return path("fifo")


def case_elf_is_fifo():
    expect(["--elf", fifo()], 2, r"--elf .*fifo: is not a regular file \(a FIFO\)")


def case_kernel_is_fifo():
    expect([VIRT, "--kernel", fifo()], 2, r"--kernel .*fifo: is not a regular file \(a FIFO\)")


def case_firmware_is_fifo():
    expect([VIRT, "--firmware", fifo()], 2, r"--firmware .*fifo: is not a regular file \(a FIFO\)")


def case_disk_is_fifo():
    expect([VIRT, "--firmware", CHATTER, "--disk", fifo()], 2, r"--disk .*fifo: is not a regular file \(a FIFO\)")


def case_platform_is_fifo():
    os.mkfifo(path("board.yaml"))
    expect([path("board.yaml")], 2, r"platform file .*board.yaml: is not a regular file \(a FIFO\)")


def case_platform_is_directory():
    os.mkdir(path("board.yaml"))
    expect([path("board.yaml")], 2, r"platform file .*board.yaml: is a directory")


def main():
    function = globals().get("case_" + case)
    if function is None:
        fail("no such case")
    try:
        function()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"ok ({case})")


main()
