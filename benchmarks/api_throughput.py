#!/usr/bin/env python3
"""Throughput of POST /v1/recommendations against a bare Flask app, same gunicorn settings.

Starts each app under gunicorn (the repository's gunicorn.conf.py, so the
same workers and threads), drives it with wrk on the same machine, and
prints requests/s, p50 and p99 for each and the ratio. Goal: the real
endpoint at >= 0.8x the bare app's throughput.

    python benchmarks/api_throughput.py [--seconds 10] [--connections 16] [--runs 3] [--distinct]

By default wrk rotates through 27 different questions, as a service sees
popular questions again and again; answers are memoised per distinct
question, so this measures the warm path. ``--distinct`` makes every
request a new question (a random price paid), so nothing is memoised but
the resolved text and the cancel path.

``--in-process`` drives both apps through Flask's test client instead (no
gunicorn, no sockets) and prints the CPU time of one request, median of
5 x 1,000: where the time goes, steady even on a busy machine.

Needs wrk (Debian: apt-get install wrk), except with --in-process. Not part
of the test suite.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from service_load import serving

ROOT = Path(__file__).resolve().parents[1]
#: The questions wrk rotates through: several services, channels, reasons and usages.
BODIES = [
    {
        "service": service,
        "purchased_via": via,
        "reasons": reasons,
        "needs": ["antivirus"],
        "usage": usage,
        "region": region,
    }
    for service, region in (("norton", "US"), ("kaspersky", "GB"), ("mcafee", "US"))
    for via in ("direct", "Google Play", "no idea")
    for reasons, usage in (
        (["the renewal price went up"], "weekly"),
        (["I never use it"], "never"),
        (["windows defender is enough"], "rarely"),
    )
]


def _wrk(port, seconds, connections, script):
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            script,
            f"http://127.0.0.1:{port}/v1/recommendations",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, latency.get("50"), latency.get("99"), int(errors.group(1)) if errors else 0


def _in_process(distinct):
    """CPU microseconds per request through Flask's test client: bare app, subgraph, and the ratio."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bare_app

    from subgraph_api import create_app

    apps = {"bare Flask": bare_app.create_app(), "subgraph": create_app(test_config={"TESTING": True})}

    def body(n):
        question = BODIES[n % len(BODIES)]
        if distinct:  # a price paid no other request has asked about
            question = {**question, "billing_cycle": "monthly", "price_paid": 1 + n / 100}
        return json.dumps(question)

    medians = {}
    for name, app in apps.items():
        client = app.test_client()
        for n in range(200):  # warm up
            client.post("/v1/recommendations", data=body(n), content_type="application/json")
        runs = []
        for run in range(1, 6):
            batch = [body(run * 1000 + i) for i in range(1000)]
            started = time.process_time()
            for data in batch:
                assert client.post("/v1/recommendations", data=data, content_type="application/json").status_code == 200
            runs.append((time.process_time() - started) / len(batch) * 1e6)
        medians[name] = statistics.median(runs)
        print(f"{name:<12}{medians[name]:>8.0f} us of CPU per request (runs: {', '.join(f'{r:.0f}' for r in runs)})")
    ratio = medians["bare Flask"] / medians["subgraph"]
    print(f"\nsubgraph at {ratio:.2f}x the bare app's requests per CPU second (in-process, no server)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--runs", type=int, default=3, help="paired runs; the ratio printed is their median")
    parser.add_argument("--distinct", action="store_true", help="every request a new question")
    parser.add_argument("--in-process", action="store_true", help="Flask's test client, CPU time per request")
    args = parser.parse_args(argv)
    if args.in_process:
        _in_process(args.distinct)
        return 0
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        # with --distinct each body gets a new price paid: '"price_paid": 12.34, ' spliced in after '{'
        bodies = ", ".join(json.dumps(json.dumps(b)[1:]) for b in BODIES)
        price = (
            (
                'string.format(\'"billing_cycle": "monthly", "price_paid": %d.%02d, \', '
                "math.random(1, 99), math.random(0, 99))"
            )
            if args.distinct
            else '""'
        )
        script.write(
            'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
            f"local bodies = {{{bodies}}}\nlocal i = 0\n"
            "request = function()\n  i = i % #bodies + 1\n"
            f'  return wrk.format(nil, nil, nil, "{{" .. {price} .. bodies[i])\nend\n'
        )
    print(f"{'every request a new question' if args.distinct else f'{len(BODIES)} questions in rotation'}; ", end="")
    print(
        f"gunicorn: WEB_CONCURRENCY={os.environ.get('WEB_CONCURRENCY', '2')} workers, "
        f"SUBGRAPH_THREADS={os.environ.get('SUBGRAPH_THREADS', '2')}, "
        f"GUNICORN_CMD_ARGS={os.environ.get('GUNICORN_CMD_ARGS', '')!r}; wrk -t2 -c{args.connections} "
        f"-d{args.seconds}s on the same {os.cpu_count()}-core machine\n"
    )
    apps = [
        ("bare Flask", "bare_app:create_app()", ROOT / "benchmarks"),
        ("subgraph", "subgraph_api:create_app()", None),
    ]
    with ExitStack() as services:
        ports = {}
        for name, spec, path in apps:
            ports[name] = services.enter_context(serving(app=spec, pythonpath=path)).port
            _wrk(ports[name], 2, args.connections, script.name)  # warm up
        # paired runs, bare then subgraph, so a change in the machine's load falls on both alike
        runs = []
        for _ in range(args.runs):
            runs.append({name: _wrk(ports[name], args.seconds, args.connections, script.name) for name, _, _ in apps})
    print(f"{'run':<5}{'app':<12}{'req/s':>10}{'p50':>10}{'p99':>10}{'non-2xx':>9}{'ratio':>8}")
    ratios = []
    for number, results in enumerate(runs, 1):
        ratios.append(results["subgraph"][0] / results["bare Flask"][0])
        for name, (rps, p50, p99, errors) in results.items():
            ratio = f"{ratios[-1]:.2f}" if name == "subgraph" else ""
            print(f"{number:<5}{name:<12}{rps:>10.0f}{p50:>10}{p99:>10}{errors:>9}{ratio:>8}")
    medians = {name: statistics.median(r[name][0] for r in runs) for name, _, _ in apps}
    print(
        f"\nmedian of {len(runs)} paired runs: bare Flask {medians['bare Flask']:.0f} req/s, "
        f"subgraph {medians['subgraph']:.0f} req/s"
    )
    print(f"POST /v1/recommendations at {statistics.median(ratios):.2f}x the bare app's throughput (goal >= 0.8)")
    os.unlink(script.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
