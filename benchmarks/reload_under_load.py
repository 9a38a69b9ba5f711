#!/usr/bin/env python3
"""Reload under load: SIGHUP swaps in a changed graph with no failed request, and refuses a broken one.

Starts the service as ``python3 dev.py serve`` does on a copy of the embedded graph, asks for
recommendations on ``--connections`` connections, then (1) adds a name to a service and sends
SIGHUP: ``/healthz`` must show the new version with one more triple; (2) breaks that file and
sends SIGHUP: the log must name the file and the new graph keep serving. Goal: 0 failed requests.

    python benchmarks/reload_under_load.py [--connections 16]

Loopback only; the copy and its compiled snapshot live in a temporary directory.
"""

import argparse
import json
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from service_load import Load, Service, serving

from subgraph import default_graph_dir


def _graph(service: Service) -> dict:
    status, body = service.get("/healthz")
    return json.loads(body)["graph"] if status == 200 else {}


def _all_show(service: Service, triples: int, probes: int = 6) -> bool:
    return all(_graph(service).get("triples") == triples for _ in range(probes))


def _until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def measure(
    *, connections: int = 16, graph: Path | None = None, settle: float = 3, wait: float = 120, cache: Path | None = None
) -> dict:
    """Reload a valid and then an invalid graph under load; what the clients and /healthz saw.

    ``graph`` is a writable graph directory with ``services/norton.ttl`` (default: a copy of the
    embedded graph); ``cache`` the snapshot directory (default: a new one, so the first load is cold).
    """
    with tempfile.TemporaryDirectory(prefix="subgraph-reload-") as scratch:
        scratch_path = Path(scratch)
        if graph is None:
            graph = scratch_path / "graph"
            shutil.copytree(default_graph_dir(), graph)
        log = scratch_path / "gunicorn.log"
        norton = graph / "services" / "norton.ttl"
        environment = {"SUBGRAPH_GRAPH": str(graph), "SUBGRAPH_CACHE": str(cache or scratch_path / "cache")}
        with serving(environment, log=log) as service:
            before = _graph(service)
            with Load(service, connections=connections) as load:
                time.sleep(settle)
                norton.write_text(norton.read_text() + '\n:norton schema:alternateName "Norton, reloaded" .\n')
                old_workers = set(service.workers())
                started = time.monotonic()
                service.process.send_signal(signal.SIGHUP)
                # old workers finish what they hold while new ones start, and one not yet stopped may still
                # take a connection: wait until every old worker is gone and every answer is new
                swapped = _until(
                    lambda: not old_workers & set(service.workers()) and _all_show(service, before["triples"] + 1),
                    wait,
                )
                swap_seconds = time.monotonic() - started
                after = _graph(service)
                time.sleep(settle)
                norton.write_text(":norton a .")
                service.process.send_signal(signal.SIGHUP)
                refused = _until(lambda: "norton.ttl" in log.read_text(errors="replace"), wait)
                time.sleep(settle)  # workers restarted meanwhile must serve the last good graph
                still = _graph(service)
            tally = load.stop()
    return {
        "tally": tally,
        "before": before,
        "after": after,
        "swapped": swapped,
        "swap_seconds": swap_seconds,
        "refused": refused,
        "still_serving": still.get("version") == after.get("version") and still.get("triples") == after["triples"],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args(argv)
    print(f"POST /v1/recommendations on {args.connections} connections while the graph is reloaded twice")
    result = measure(connections=args.connections)
    before, after = result["before"], result["after"]
    print(f"clients: {result['tally'].summary()}")
    print(
        f"valid change: version {before.get('version')} ({before.get('triples')} triples) -> "
        f"{after.get('version')} ({after.get('triples')} triples), on /healthz {result['swap_seconds']:.1f} s "
        f"after SIGHUP"
    )
    print(f"broken file refused and logged: {result['refused']}; last good graph serving: {result['still_serving']}")
    ok = result["tally"].failed == 0 and result["swapped"] and result["refused"] and result["still_serving"]
    print(f"0 failed, new version served, broken one refused: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
