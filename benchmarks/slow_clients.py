#!/usr/bin/env python3
"""Slow clients must not starve the others: 200 connections that trickle their request, and the rest.

Starts the service as ``python3 dev.py serve`` does, opens ``--slow`` connections that send a
request a byte at a time (half never finish their headers, half never finish a declared body),
then measures ordinary clients asking for recommendations beside them. Goal: the ordinary
clients' p99 under 200 ms and none of their requests failed.

    python benchmarks/slow_clients.py [--slow 200] [--seconds 10] [--connections 4]

Loopback only. gunicorn settings come from gunicorn.conf.py and the environment (so
``GUNICORN_CMD_ARGS="--worker-class sync"`` measures another worker model).
"""

import argparse
import os
import socket
import sys
import threading
import time

from service_load import Load, serving

GOAL_P99_MS = 200


class Trickle:
    """``count`` connections that each send one more byte of a never-ending request every second."""

    def __init__(self, host: str, port: int, count: int) -> None:
        self.sockets: list[tuple[socket.socket, bytes]] = []
        for i in range(count):
            sock = socket.create_connection((host, port), timeout=5)
            if i % 2:  # headers complete, a body of 10,000 bytes declared: it comes a byte a second
                head = b"POST /v1/recommendations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                sock.sendall(head + b"Content-Length: 10000\r\n\r\n{")
                self.sockets.append((sock, b" "))
            else:  # headers that never end
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
                self.sockets.append((sock, b"X"))
        self.closed_by_server = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            for sock, byte in list(self.sockets):
                try:
                    sock.send(byte)
                except OSError:  # the server gave up on it: that is allowed, and counted
                    self.sockets.remove((sock, byte))
                    self.closed_by_server += 1
                    sock.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for sock, _ in self.sockets:
            sock.close()


def measure(*, slow: int = 200, seconds: float = 10, connections: int = 4, environment=None) -> dict:
    """Run the measurement; a dict of what the ordinary clients saw beside the slow ones."""
    with serving(environment) as service:
        with Load(service, connections=connections) as load:  # warm up the workers
            time.sleep(1)
        trickle = Trickle(service.host, service.port, slow)
        try:
            time.sleep(1)  # every slow connection accepted and mid-request
            with Load(service, connections=connections) as load:
                time.sleep(seconds)
            tally = load.stop()
            try:
                health: int | str = service.get("/healthz", timeout=10)[0]
            except OSError as error:
                health = f"no answer ({type(error).__name__})"
        finally:
            trickle.close()
    return {
        "tally": tally,
        "p99_ms": tally.percentile(99),
        "failed": tally.failed,
        "healthz": health,
        "slow_closed_by_server": trickle.closed_by_server,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args(argv)
    worker = os.environ.get("GUNICORN_CMD_ARGS", "gunicorn.conf.py's worker model")
    print(f"{args.slow} slow connections, {args.connections} ordinary clients, {args.seconds:.0f} s ({worker})")
    result = measure(slow=args.slow, seconds=args.seconds, connections=args.connections)
    print(f"ordinary clients: {result['tally'].summary()}")
    print(f"slow connections the server closed: {result['slow_closed_by_server']}; /healthz after: {result['healthz']}")
    ok = result["p99_ms"] < GOAL_P99_MS and result["failed"] == 0
    print(f"p99 {result['p99_ms']:.1f} ms (goal < {GOAL_P99_MS} ms, 0 failed): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
