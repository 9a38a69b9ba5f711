#!/usr/bin/env python3
"""Soak: a minute at 64 connections on recommendations, no errors and flat worker memory.

Starts the service as ``python3 dev.py serve`` does and asks for recommendations (12 questions in
rotation) on ``--connections`` kept-alive connections for ``--seconds``; prints the requests,
failures, latency and each worker's resident memory after a warm-up and at the end. Goal: 0 failed
and no worker growing by 10% or more.

    python benchmarks/soak.py [--seconds 60] [--connections 64]

Loopback only.
"""

import argparse
import sys
import time

from service_load import Load, rss_mb, serving

GOAL_RSS_GROWTH = 0.10


def measure(*, seconds: float = 60, connections: int = 64, warmup: float = 5) -> dict:
    """Run the soak; what the clients saw and each worker's memory (MB) after warm-up and at the end."""
    with serving() as service:
        with Load(service, connections=connections) as load:
            time.sleep(warmup)  # every question answered once and memoised, every connection open
            workers = service.workers()
            before = {pid: rss_mb(pid) for pid in workers}
            first = load.tally.answered + len(load.tally.failures)
            time.sleep(seconds)
            after = {pid: rss_mb(pid) for pid in workers if pid in service.workers()}
        tally = load.stop()
    growth = max((after[pid] - before[pid]) / before[pid] for pid in after) if after else float("inf")
    return {
        "tally": tally,
        "requests_measured": tally.answered + len(tally.failures) - first,
        "before": before,
        "after": after,
        "growth": growth,
        "workers_replaced": len(after) < len(before),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args(argv)
    print(f"POST /v1/recommendations, {args.connections} connections, {args.seconds:.0f} s after a 5 s warm-up")
    result = measure(seconds=args.seconds, connections=args.connections)
    print(f"clients: {result['tally'].summary()} ({result['requests_measured']} after the warm-up)")
    for pid, mb in result["before"].items():
        print(f"worker {pid}: {mb:.0f} MB after warm-up, {result['after'].get(pid, float('nan')):.0f} MB at the end")
    ok = result["tally"].failed == 0 and result["growth"] < GOAL_RSS_GROWTH and not result["workers_replaced"]
    print(f"largest growth {100 * result['growth']:+.1f}% (goal < 10%, 0 failed): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
