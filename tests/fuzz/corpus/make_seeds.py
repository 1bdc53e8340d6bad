#!/usr/bin/env python3
"""Writes the generated seed inputs of the libFuzzer targets (README.md in
tests/fuzz, "libFuzzer targets"); their outputs are committed, so this runs
only when a seed should change. Needs protoc (bridge seeds) and
riscv64-unknown-elf-gcc (decoder and ELF seeds).

  decoder/      every encoding of cpu/src/frontend/insn_table.def, and the
                .text of ISA test programs (real RV64GC code, RVC included)
  elf_loader/   small RV64 executables, and damaged copies
  server_link/  CPU operations + the server's messages (fuzz_server_link.cpp)
  session/      the CPU's messages (fuzz_session.cpp)

Bridge seeds are written in protobuf text format below and encoded with
`protoc --encode`; each input is a sequence of chunks, a 2-byte
little-endian length and the bytes (message_stream.h)."""

import os
import re
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")
PROTO_DIR = os.path.join(ROOT, "proto")
PROTO = "loom/bridge/v1/bridge.proto"
GCC = os.environ.get("RISCV_GCC", "riscv64-unknown-elf-gcc")
OBJCOPY = GCC.replace("gcc", "objcopy")


def write(target, name, data):
    path = os.path.join(CORPUS, target, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def chunk(data):
    assert len(data) < 65536
    return struct.pack("<H", len(data)) + data


def encode(message_type, text):
    return subprocess.run(["protoc", f"--proto_path={PROTO_DIR}", f"--encode=loom.bridge.v1.{message_type}", PROTO],
                          input=text.encode(), capture_output=True, check=True).stdout


# --- decoder -------------------------------------------------------------

def decoder_seeds(work):
    table = open(os.path.join(ROOT, "cpu", "src", "frontend", "insn_table.def")).read()
    out = bytearray()
    for kind, match in re.findall(r'^(C?INSN)\(\w+,\s*"[^"]*",\s*0x[0-9a-fA-F]+,\s*(0x[0-9a-fA-F]+)', table, re.M):
        out += struct.pack("<H" if kind == "CINSN" else "<I", int(match, 16))
    write("decoder", "every-encoding.bin", bytes(out))
    common = os.path.join(ROOT, "tests", "isa", "common")
    for test in ["rv64c/c_alu.S", "rv64c/c_ctrl.S", "rv64fd/class_sgnj_mv.S"]:
        elf = os.path.join(work, "t.elf")
        subprocess.run([GCC, "-march=rv64gc_zba_zbb_zbs", "-mabi=lp64d", "-mcmodel=medany", "-static", "-nostdlib",
                        "-nostartfiles", "-Wl,--no-warn-rwx-segments", "-I", common, "-T", os.path.join(common, "link.ld"),
                        os.path.join(ROOT, "tests", "isa", test), os.path.join(common, "crt.S"),
                        os.path.join(common, "print.S"), os.path.join(common, "htif.S"), "-o", elf], check=True)
        text = os.path.join(work, "t.text")
        subprocess.run([OBJCOPY, "-O", "binary", "-j", ".text", elf, text], check=True)
        write("decoder", os.path.basename(test).replace(".S", ".text"), open(text, "rb").read()[:4096])


# --- ELF loader ----------------------------------------------------------

PROGRAM = r"""
  .section .text.init
  .globl _start
_start:
  la t0, value
  ld t1, 0(t0)
  la t2, buffer
  sd t1, 0(t2)
1: j 1b
  .data
value: .dword 0x1234
  .bss
buffer: .space 256
"""


def elf_seeds(work):
    source = os.path.join(work, "p.S")
    open(source, "w").write(PROGRAM)
    builds = {
        "exec.elf": ["-Wl,-Ttext=0x80000000"],
        "exec-two-segments.elf": ["-Wl,-Ttext=0x80000000", "-Wl,-Tdata=0x80010000"],
        "pie.elf": ["-fPIE", "-static-pie", "-Wl,-Ttext=0x80000000", "-Wl,--no-dynamic-linker"],
    }
    for name, flags in builds.items():
        elf = os.path.join(work, name)
        subprocess.run([GCC, "-march=rv64gc", "-mabi=lp64d", "-mcmodel=medany", "-nostdlib", "-nostartfiles",
                        "-Wl,-z,max-page-size=0x10", "-Wl,--build-id=none",
                        *flags, source, "-o", elf], check=True)
        data = open(elf, "rb").read()
        write("elf_loader", name, data)
    exec_elf = open(os.path.join(work, "exec.elf"), "rb").read()
    damaged = {
        "truncated-header.elf": exec_elf[:40],
        "truncated-segments.elf": exec_elf[:0x100],
        "class32.elf": exec_elf[:4] + b"\x01" + exec_elf[5:],
        "big-endian.elf": exec_elf[:5] + b"\x02" + exec_elf[6:],
        "x86-64.elf": exec_elf[:18] + struct.pack("<H", 62) + exec_elf[20:],
        "relocatable.elf": exec_elf[:16] + struct.pack("<H", 1) + exec_elf[18:],
    }
    for name, data in damaged.items():
        write("elf_loader", name, data)


# --- bridge, CPU side (fuzz_server_link.cpp) -------------------------------

HELLO_ACK = """hello_ack {
  version: 2 server: "seed"
  ranges { device: "dev" base: 0x10001000 size: 0x1000 }
  ranges { device: "uart0" base: 0x10000000 size: 0x100 }
  irqs: 1 irqs: 10 irqs: 32
  capabilities: "dma" capabilities: "posted-writes" capabilities: "register-mirror"
  next_event_ps: 18446744073709551615 }"""


def ops(flags, *operations):
    """Chunk 0 of a fuzz_server_link input: flags (bit 0 posted writes, bit 1
    mirrors), then per operation: time step (ns), op byte, byte enables if
    op & 0x40, address byte, and the operation's own bytes."""
    return bytes([flags]) + b"".join(bytes(o) for o in operations)


def read4(address_byte, step=1):
    return [step, 0x20, address_byte]


def server_link_input(operations, *messages):
    return chunk(operations) + b"".join(chunk(encode("ServerMessage", m)) for m in messages)


def response(id, data="\\000\\000\\000\\000", events="next_event_ps: 18446744073709551615"):
    return f'response {{ id: {id} status: STATUS_OK data: "{data}" events {{ {events} }} }}'


def server_link_seeds():
    write("server_link", "read.bin", server_link_input(ops(3, read4(0)), HELLO_ACK, response(1, "MOOL")))
    # An access of every kind with the events each answer may carry.
    events = """interrupts { irq: 1 level: true time_ps: 1000 }
      console_output { device: "uart0" data: "hi" }
      mirrors { device: "uart0" registers { address: 0x10000005 length: 1 value: 0x60 }
                quiet_writes { address: 0x10000000 length: 1 any_value: true } }
      posted_errors { address: 0x10001070 length: 4 status: STATUS_GENERIC_ERROR device: "dev" }
      next_event_ps: 5000000"""
    windows = """pcie_windows { device: "ep" windows { bar: 0 base: 0x40000000 size: 0x1000 } }
      next_event_ps: 18446744073709551615"""
    write("server_link", "every-operation.bin", server_link_input(
        ops(3, read4(0), [1, 0x22, 8, 1, 2, 3, 4], [1, 0x04, 0], [1, 0x23, 0, 0, 0, 0, 0], [1, 0x05, 0],
            [1, 0x06, 0, 3, 0x61, 0x62, 0x63], [1, 0x04, 0], [1, 0x80, 5], [1, 0x82, 0, 0x41, 0, 0, 0]),
        HELLO_ACK, response(1, "MOOL", events), "sync_ack { id: 2 time_ps: 2000 events { next_event_ps: 7000 } }",
        response(3, "\\377\\377\\377\\377", windows), "reset_ack { id: 4 events { next_event_ps: 18446744073709551615 } }",
        "sync_ack { id: 5 time_ps: 6000 events { next_event_ps: 18446744073709551615 } }",
        response(6, "\\140")))
    # DMA while the CPU waits: into RAM, from a local device, to nothing, posted.
    write("server_link", "dma.bin", server_link_input(
        ops(1, read4(0x68)), HELLO_ACK,
        'dma_request { id: 1 time_ps: 10 write: true address: 0x80000000 length: 8 data: "ABCDEFGH" device: "dev" }',
        "dma_request { id: 2 time_ps: 10 address: 0x2000000 length: 8 device: \"dev\" }",
        "dma_request { id: 3 time_ps: 10 address: 0x1000 length: 4 device: \"dev\" }",
        'dma_request { id: 4 time_ps: 10 write: true address: 0x2000010 length: 2 data: "xy" device: "ep" posted: true }',
        response(1, "ABCD")))
    write("server_link", "error.bin", server_link_input(
        ops(0, read4(0x0e)), HELLO_ACK,
        'error { message: "model exploded" device: "dev" address: 0x10001070 }'))
    write("server_link", "wrong-answer.bin", server_link_input(
        ops(0, read4(0), [1, 0x04, 0]), HELLO_ACK, "sync_ack { id: 1 }", response(7)))
    write("server_link", "bad-handshake.bin", server_link_input(
        ops(0, read4(0)), HELLO_ACK.replace("version: 2", "version: 7").replace("irqs: 1 ", "irqs: 0 ")))


# --- bridge, server side (fuzz_session.cpp) --------------------------------

def session_input(*messages):
    return b"".join(chunk(encode("CpuMessage", m)) for m in messages)


def request(id, time, address, length, data=None, space=None):
    text = f"request {{ id: {id} time_ps: {time} address: {address:#x} length: {length}"
    if data is not None:
        text += f' write: true data: "{data}"'
    if space:
        text += f" space: {space}"
    return text + " }"


def session_seeds():
    uart, dev, disk, test, rtc = 0x10000000, 0x10002000, 0x10001000, 0x100000, 0x101000
    write("session", "uart.bin", session_input(
        request(1, 1000, uart + 1, 1, "\\001"), request(2, 2000, uart, 1, "A"), request(3, 3000, uart + 5, 1),
        'sync { id: 4 time_ps: 1000000 console_input { device: "uart0" data: "typed\\r" } }',
        request(5, 2000000, uart, 1), request(6, 2000000, uart + 2, 1), "reset { id: 7 time_ps: 3000000 }",
        'shutdown { reason: "done" }'))
    # The test device: timer, interrupts, a DMA to CPU memory answered in the script.
    write("session", "test-device.bin", session_input(
        request(1, 0, dev, 4), request(2, 0, dev + 0x28, 8, "\\350\\003\\000\\000\\000\\000\\000\\000"),
        "sync { id: 3 time_ps: 5000000 }",
        request(4, 5000000, dev + 0x40, 8, "\\000\\000\\000\\200\\000\\000\\000\\000"),
        request(5, 5000000, dev + 0x48, 8, "\\000\\001\\000\\200\\000\\000\\000\\000"),
        request(6, 5000000, dev + 0x50, 8, "\\020\\000\\000\\000\\000\\000\\000\\000"),
        request(7, 5000000, dev + 0x58, 4, "\\001\\000\\000\\000"),
        'dma_response { id: 1 status: STATUS_OK data: "0123456789abcdef" }',
        "dma_response { id: 2 status: STATUS_OK }",
        "sync { id: 8 time_ps: 9000000 }", request(9, 9000000, dev + 0x60, 4), request(10, 9000000, dev + 0x68, 8),
        'dma_response { id: 3 status: STATUS_OK data: "ABCDEFGH" }', request(11, 9000000, dev + 0x70, 4),
        "posted { writes { time_ps: 9000001 address: 0x10002100 length: 2 write: true data: \"hi\" }"
        " writes { time_ps: 9000002 address: 0x10002108 length: 4 write: true data: \"abcd\" byte_enable: \"\\377\\000\\377\\000\" } }"))
    # PCIe: configuration space, a BAR placed and enabled, an access through it.
    ep = 1 << 15
    write("session", "pcie.bin", session_input(
        request(1, 0, ep, 4, space="SPACE_CONFIG"), request(2, 0, ep + 0x10, 4, "\\377\\377\\377\\377", "SPACE_CONFIG"),
        request(3, 0, ep + 0x10, 4, space="SPACE_CONFIG"),
        request(4, 0, ep + 0x10, 4, "\\000\\000\\000\\100", "SPACE_CONFIG"),
        request(5, 0, ep + 0x04, 2, "\\006\\000", "SPACE_CONFIG"), request(6, 10, 0x40000000, 4),
        request(7, 10, 0x40000004, 4, "\\001\\000\\000\\000"), "sync { id: 8 time_ps: 10000000 }",
        request(9, 10000000, 0x40000000, 4), request(10, 10000000, 3 << 15, 4, space="SPACE_CONFIG")))
    # virtio-blk, the RTC and the test (power) device.
    write("session", "devices.bin", session_input(
        request(1, 0, disk, 4), request(2, 0, disk + 4, 4), request(3, 0, disk + 8, 4), request(4, 0, disk + 0x70, 4, "\\001\\000\\000\\000"),
        request(5, 0, disk + 0x100, 8), request(6, 0, rtc, 4), request(7, 0, rtc + 4, 4),
        request(8, 0, rtc + 8, 4, "\\000\\000\\001\\000"), request(9, 0, rtc + 0x10, 4, "\\001\\000\\000\\000"),
        "sync { id: 10 time_ps: 70000000 }", request(11, 70000000, test, 4, "\\125\\125\\000\\000")))
    # Handshakes the server refuses, and malformed messages after a good one.
    write("session", "bad-hello.bin", session_input(
        'hello { version: 2 server_name: "io" devices { name: "a" type: "ns16550a" base: 0x1000 size: 0x100 irqs: 1 }'
        ' devices { name: "b" type: "loom,test-device" base: 0x1080 size: 0x1000 } }'))
    write("session", "unknown-type.bin", session_input(
        'hello { version: 2 devices { name: "x" type: "acme,widget" base: 0x1000 size: 0x100 } '
        'devices { name: "ep" type: "loom,pci-endpoint-test" pcie { bus: 300 } } }'))
    write("session", "malformed.bin", session_input(
        request(1, 0, uart, 0), request(2, 0, uart, 2, "x"), "hello { version: 2 }"))
    # Snapshots: a save, and restores of a damaged and a foreign state.
    write("session", "snapshots.bin", session_input(
        request(1, 0, dev + 8, 8, "\\001\\002\\003\\004\\005\\006\\007\\010"), "save_state { id: 2 }",
        'restore_state { id: 3 time_ps: 0 data: "\\007\\000\\000\\000session" last: true }',
        'restore_state { id: 4 time_ps: 0 data: "garbage" last: false }',
        'restore_state { id: 4 time_ps: 0 data: "more" last: true }'))


def main():
    with tempfile.TemporaryDirectory() as work:
        decoder_seeds(work)
        elf_seeds(work)
    server_link_seeds()
    session_seeds()


if __name__ == "__main__":
    sys.exit(main())
