"""The service as an operator runs it, and clients to load it: shared by the proof scripts.

``serving()`` starts gunicorn exactly as ``python3 dev.py serve`` does (``gunicorn -c
gunicorn.conf.py "subgraph_api:create_app()"``) on a free loopback port; ``Load`` drives it with
threads, each on its own kept-alive connection, and counts every answer and every failure.
Loopback only; nothing here reaches the network.
"""

import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Questions the load rotates through: several services, channels and reasons (all answer 200).
QUESTIONS = [
    json.dumps({"service": service, "purchased_via": via, "reasons": [reason], "region": region}).encode()
    for service, region in (("norton", "US"), ("kaspersky", "GB"), ("mcafee", "US"))
    for via in ("direct", "Google Play")
    for reason in ("the renewal price went up", "I never use it")
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Service:
    """A running gunicorn: its address and master process."""

    host: str
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def workers(self) -> list[int]:
        """The pids of the master's live worker processes."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid and fields[0] != "Z":
                children.append(int(stat.parent.name))
        return sorted(children)

    def get(self, path: str, timeout: float = 10) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise ProcessLookupError(pid)


@contextmanager
def serving(
    environment: dict[str, str] | None = None,
    *,
    log: Path | None = None,
    start_timeout: float = 120,
    app: str = "subgraph_api:create_app()",
    pythonpath: Path | None = None,
) -> Iterator[Service]:
    """gunicorn with the repository's gunicorn.conf.py, as ``python3 dev.py serve`` starts it.

    ``environment`` adds to the process environment; gunicorn's own log goes to ``log`` if given;
    ``app`` (found on ``pythonpath`` too) is another app to serve the same way, such as a baseline
    with a ``/healthz`` of its own.
    """
    port = free_port()
    env = {
        **os.environ,
        "SUBGRAPH_BIND": f"127.0.0.1:{port}",
        "SUBGRAPH_ACCESS_LOG": "/dev/null",
        **(environment or {}),
    }
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH")]))
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"), app],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab") if log else subprocess.DEVNULL,
    )
    service = Service("127.0.0.1", port, process)
    deadline = time.monotonic() + start_timeout
    workers = int(env.get("WEB_CONCURRENCY", "2"))
    while True:
        try:  # up when it answers and every worker has started
            if service.get("/healthz", timeout=5)[0] == 200 and len(service.workers()) >= workers:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"gunicorn did not start {app}")
        time.sleep(0.2)
    try:
        yield service
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Tally:
    """What the clients saw: latencies of answers, statuses, and failures (no answer at all)."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return len(self.latencies)

    @property
    def failed(self) -> int:
        """Requests with no answer, or an answer other than 200."""
        return len(self.failures) + sum(n for status, n in self.statuses.items() if status != 200)

    def percentile(self, q: float) -> float:
        """The q-th percentile of latency, in milliseconds."""
        if len(self.latencies) < 2:
            return self.latencies[0] * 1000 if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=1000, method="inclusive")[round(q * 10) - 1] * 1000

    def summary(self) -> str:
        total = self.answered + len(self.failures)
        kinds = {kind: self.failures.count(kind) for kind in sorted(set(self.failures))}
        kinds.update({f"HTTP {status}": n for status, n in sorted(self.statuses.items()) if status != 200})
        why = f" ({', '.join(f'{n} {kind}' for kind, n in kinds.items())})" if kinds else ""
        return (
            f"{total} requests, {self.failed} failed ({100 * self.failed / max(total, 1):.3f}%){why}, "
            f"p50 {self.percentile(50):.1f} ms, p99 {self.percentile(99):.1f} ms"
        )


class Load:
    """``connections`` threads, each asking the service on a kept-alive connection until stopped.

    A request that gets no answer (a reset, a timeout) is counted as failed and the thread
    reconnects; ``path`` is GET unless ``bodies`` are given (then POST of JSON, in rotation).
    """

    def __init__(
        self,
        service: Service,
        *,
        connections: int,
        path: str = "/v1/recommendations",
        bodies: list[bytes] | None = QUESTIONS,
        timeout: float = 10,
    ) -> None:
        self.service, self.path, self.bodies, self.timeout = service, path, bodies, timeout
        self.tally = Tally()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(connections)]

    def __enter__(self) -> "Load":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> Tally:
        self._stop.set()
        for thread in self._threads:
            thread.join(self.timeout + 5)
        return self.tally

    def _run(self, index: int) -> None:
        connection = None
        n = index
        while not self._stop.is_set():
            if connection is None:
                connection = http.client.HTTPConnection(self.service.host, self.service.port, timeout=self.timeout)
            n += 1
            started = time.perf_counter()
            try:
                if self.bodies:
                    body = self.bodies[n % len(self.bodies)]
                    connection.request("POST", self.path, body, {"Content-Type": "application/json"})
                else:
                    connection.request("GET", self.path)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                with self._lock:
                    self.tally.failures.append(type(error).__name__)
                connection.close()
                connection = None
                continue
            elapsed = time.perf_counter() - started
            with self._lock:
                self.tally.latencies.append(elapsed)
                self.tally.statuses[response.status] = self.tally.statuses.get(response.status, 0) + 1
            if response.will_close:
                connection.close()
                connection = None
        if connection is not None:
            connection.close()
