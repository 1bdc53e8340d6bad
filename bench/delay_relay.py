#!/usr/bin/env python3
"""A TCP relay that delays every byte by a fixed time in each direction.

bench/remote.sh puts it between `loom run` and a `loom serve` in another
network namespace, to stand in for a link to another host (the kernel here
has no netem).

    delay_relay.py --listen 127.0.0.1:0 --target 10.213.7.2:7000 --delay-us 500

Each chunk read from one side is written to the other at its arrival time
plus the delay, in order. Chunks are neither merged nor split beyond what
the kernel does on a real link, so a delayed link sees the same batching
(the relay never waits for more data before forwarding what it has).
TCP_NODELAY is set on both sides, as gRPC sets it on its own sockets.

The relay prints its listening port on stdout ("port N") once it listens,
and runs until killed. Timers: asyncio's default epoll selector rounds
timeouts up to whole milliseconds, so the loop uses select(), whose timeout
is in microseconds, and the thread's timer slack is lowered to 1 us.
"""
import argparse
import asyncio
import ctypes
import selectors
import socket
import sys
import time

PR_SET_TIMERSLACK = 29


def lower_timer_slack() -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_TIMERSLACK, 1000, 0, 0, 0)  # nanoseconds
    except OSError:
        pass  # only precision is lost


def host_port(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError(f"{text}: expected HOST:PORT")
    return host or "127.0.0.1", int(port)


async def pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay_s: float) -> None:
    """Copies reader to writer, each chunk delayed by delay_s from its arrival."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()

    async def receive() -> None:
        while True:
            chunk = await reader.read(1 << 16)
            queue.put_nowait((loop.time() + delay_s, chunk))
            if not chunk:
                return

    receiver = asyncio.create_task(receive())
    try:
        while True:
            due, chunk = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if not chunk:
                break
            writer.write(chunk)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    finally:
        receiver.cancel()


def log(text: str) -> None:
    """One line per connection event on stderr, for a run that goes wrong."""
    print(f"delay_relay: {time.strftime('%H:%M:%S')} {text}", file=sys.stderr, flush=True)


async def relay(target: tuple[str, int], delay_s: float, client_reader, client_writer) -> None:
    peer = client_writer.get_extra_info("peername")
    try:
        server_reader, server_writer = await asyncio.open_connection(*target)
    except OSError as e:
        log(f"{peer}: cannot reach {target[0]}:{target[1]}: {e}")
        client_writer.close()
        return
    log(f"{peer}: connected to {target[0]}:{target[1]}")
    for w in (client_writer, server_writer):
        w.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        await asyncio.gather(pump(client_reader, server_writer, delay_s),
                             pump(server_reader, client_writer, delay_s))
    except (ConnectionError, asyncio.IncompleteReadError) as e:
        log(f"{peer}: {e}")  # one side went away: close both
    finally:
        log(f"{peer}: closed")
        client_writer.close()
        server_writer.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", type=host_port, default=("127.0.0.1", 0), help="HOST:PORT (port 0: any)")
    parser.add_argument("--target", type=host_port, required=True, help="HOST:PORT to relay to")
    parser.add_argument("--delay-us", type=int, required=True, help="one-way delay per direction, microseconds")
    args = parser.parse_args()
    if args.delay_us < 0:
        parser.error("--delay-us must not be negative")
    delay_s = args.delay_us / 1e6
    server = await asyncio.start_server(lambda r, w: relay(args.target, delay_s, r, w), *args.listen)
    print(f"port {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    lower_timer_slack()
    loop = asyncio.SelectorEventLoop(selectors.SelectSelector())
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(main())
    except KeyboardInterrupt:
        pass
