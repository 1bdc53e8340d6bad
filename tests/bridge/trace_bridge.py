#!/usr/bin/env python3
"""trace_bridge.py LOOM DMA_ELF IRQ_ELF DEVICE: --trace-bridge writes a
Chrome trace (JSON) that Perfetto opens: every event well formed, reads and
writes of the device with address, size and data, the DMA the device made,
its interrupts, each server on a named track; and the timeline is simulated
time, so two runs write the same events apart from host latencies."""
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile

loom, dma_elf, irq_elf, device = sys.argv[1:5]
work = tempfile.mkdtemp(prefix="loom-trace-bridge-")
atexit.register(shutil.rmtree, work, ignore_errors=True)  # pass or fail, nothing is left behind


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def traced(elf, name):
    path = os.path.join(work, name)
    run = subprocess.run([loom, "run", "--elf", elf, "--remote", device, "--trace-bridge", path],
                         capture_output=True, text=True, timeout=60)
    if run.returncode != 0 or "ok bridge" not in run.stdout:
        fail(f"{elf}: status {run.returncode}: {run.stderr.strip()}")
    with open(path) as f:
        try:
            return json.load(f)["traceEvents"]
        except (ValueError, KeyError) as e:
            fail(f"{path} is not a Chrome trace: {e}")


def without_latency(events):
    return [{k: v for k, v in e.items() if k != "args"} | {"args": {k: v for k, v in e.get("args", {}).items()
                                                                     if k != "latency_us"}} for e in events]


events = traced(dma_elf, "dma.json")
for e in events:
    if e.get("ph") not in ("M", "X", "i") or "name" not in e or "pid" not in e:
        fail(f"malformed event {e}")
names = {e["args"]["name"] for e in events if e.get("name") == "thread_name"}
if names != {"server s0"}:
    fail(f"tracks {names}")
accesses = [e for e in events if e.get("ph") == "X"]
kinds = {e["name"].split(" test0")[0] for e in accesses if e["name"].endswith("test0")}
for kind in ("read", "write (posted)", "dma read", "dma write"):
    if kind not in kinds:
        fail(f"no '{kind}' of test0 among {sorted(kinds)}")
read = next(e for e in accesses if e["name"] == "read test0")
if not read["args"]["address"].startswith("0x1000") or read["args"]["size"] not in (1, 2, 4, 8):
    fail(f"read {read}")
if "latency_us" not in read["args"] or "data" not in read["args"]:
    fail(f"read without data or latency: {read}")
if without_latency(traced(dma_elf, "again.json")) != without_latency(events):
    fail("two runs of one program traced different events")

irq_events = [e for e in traced(irq_elf, "irq.json") if e.get("ph") == "i"]
if not any(e["name"].startswith("irq 3 raised") for e in irq_events):
    fail(f"no 'irq 3 raised' among {[e['name'] for e in irq_events][:10]}")
print(f"ok trace bridge: {len(events)} events")
