#!/usr/bin/env python3
"""Kill a worker under load: gunicorn starts another and under 0.1% of requests fail.

Starts the service as ``python3 dev.py serve`` does, asks for recommendations on
``--connections`` kept-alive connections, SIGKILLs one worker halfway through and counts every
request that got no answer or an error. A killed worker takes the requests it holds with it;
the goal is that they stay under 0.1% of the whole and the service keeps its workers.

    python benchmarks/kill_worker.py [--seconds 20] [--connections 16]

Loopback only.
"""

import argparse
import os
import signal
import sys
import time

from service_load import Load, serving

GOAL_FAILED = 0.001


def measure(*, seconds: float = 20, connections: int = 16) -> dict:
    """Run the load, kill a worker halfway; what the clients saw and the workers before and after."""
    with serving() as service:
        workers_before = service.workers()
        with Load(service, connections=connections) as load:
            time.sleep(seconds / 2)
            os.kill(workers_before[0], signal.SIGKILL)
            time.sleep(seconds / 2)
        tally = load.stop()
        workers_after = service.workers()
    total = tally.answered + len(tally.failures)
    return {
        "tally": tally,
        "failed_share": tally.failed / max(total, 1),
        "killed": workers_before[0],
        "workers_before": len(workers_before),
        "workers_after": len(workers_after),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args(argv)
    print(f"POST /v1/recommendations, {args.connections} connections, {args.seconds:.0f} s, SIGKILL a worker halfway")
    result = measure(seconds=args.seconds, connections=args.connections)
    print(f"clients: {result['tally'].summary()}")
    print(f"workers: {result['workers_before']} before, {result['workers_after']} after")
    ok = result["failed_share"] < GOAL_FAILED and result["workers_after"] == result["workers_before"]
    print(f"failed {100 * result['failed_share']:.3f}% (goal < 0.1%): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
