#!/usr/bin/env python3
"""How long a person waits for a first answer: a CLI command and a served /healthz, cold and warm.

Each figure is the median of several whole-process runs, timed from the
outside, all in one run of this script:

* ``python -c pass``: the interpreter alone, the floor under every figure;
* a CLI answer (``subgraph recommend kaspersky --reason ...``) with the graph
  unchanged since the last run (its compiled snapshot exists: *warm*),
  with an empty cache (*cold*: a full load that also fits the resolver and
  saves the snapshot), and right after a data file was edited (*after an
  edit*: the graph is read and validated again; what is keyed on other
  inputs, such as the resolver's fitted classifiers, is read back);
* gunicorn as ``python3 dev.py serve`` starts it, to the first 200 on
  ``/healthz``, warm and cold;
* with ``--baseline REV``, the same CLI answer and serve time by the code of
  an earlier commit (checked out into a temporary worktree and put first on
  ``PYTHONPATH``), for a before/after on this machine in this run.

    python benchmarks/startup.py [--runs 5] [--baseline 63250ac]

Targets (issue "Answers in under a second"): a warm CLI answer at most 1 s,
a warm serve at most 5 s, a load after a change no slower than the baseline's.
Not part of the test suite.
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ANSWER = [str(BIN / "subgraph"), "recommend", "kaspersky", "--reason", "renewal price doubled"]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _timed(command, env, cwd=ROOT):
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _serve_time(env, cwd=ROOT, tries=3):
    """Seconds from starting gunicorn to the first 200 on /healthz (a lost race for the port is tried again)."""
    for _ in range(tries - 1):
        try:
            return _serve_once(env, cwd)
        except ChildProcessError:
            continue
    return _serve_once(env, cwd)


def _serve_once(env, cwd):
    # the web package installs as subgraph_api; checkouts from before that imported it as api
    app = "subgraph_api" if "subgraph_api" in (cwd / "pyproject.toml").read_text() else "api"
    port = _free_port()
    env = {**env, "SUBGRAPH_BIND": f"127.0.0.1:{port}", "SUBGRAPH_ACCESS_LOG": "/dev/null"}
    started = time.perf_counter()
    server = subprocess.Popen(
        # each checkout's own settings: today's worker class imports today's web package
        [str(BIN / "gunicorn"), "-c", str(cwd / "gunicorn.conf.py"), f"{app}:create_app()"],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - started < 120:
            if server.poll() is not None:
                raise ChildProcessError(f"gunicorn exited with {server.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("gunicorn did not answer /healthz within 120 s")
    finally:
        # measured already: a worker still starting when TERM arrives may miss it (gunicorn then waits its
        # graceful timeout, 30 s), so a server not gone in 10 s is killed
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _reads(env, cwd):
    """Whether the code in ``cwd`` answers from the graph ``env`` names (a newer graph can break older rules)."""
    with tempfile.TemporaryDirectory() as cache:
        done = subprocess.run(ANSWER, env={**env, "SUBGRAPH_CACHE": cache}, cwd=cwd, capture_output=True)
    return done.returncode == 0


def _median(runs, measure):
    return statistics.median(measure() for _ in range(runs))


def _figures(runs, env, label, cwd=ROOT):
    """Warm and cold CLI and serve times of the code in ``cwd`` (its ``api`` is imported from there)."""
    figures = {}
    with tempfile.TemporaryDirectory() as cache:
        warm = {**env, "SUBGRAPH_CACHE": cache}
        _timed(ANSWER, warm, cwd)  # compile once
        figures[f"{label}: CLI answer, warm"] = _median(runs, lambda: _timed(ANSWER, warm, cwd))
        figures[f"{label}: serve to /healthz, warm"] = _median(runs, lambda: _serve_time(warm, cwd))

    def cold(measure):
        with tempfile.TemporaryDirectory() as empty:
            return measure({**env, "SUBGRAPH_CACHE": empty})

    figures[f"{label}: CLI answer, cold"] = _median(runs, lambda: cold(lambda e: _timed(ANSWER, e, cwd)))
    figures[f"{label}: serve to /healthz, cold"] = _median(runs, lambda: cold(lambda e: _serve_time(e, cwd)))
    figures[f"{label}: CLI answer, after an edit"] = _after_edits(runs, env, cwd, lambda e: _timed(ANSWER, e, cwd))
    figures[f"{label}: serve to /healthz, after an edit"] = _after_edits(runs, env, cwd, lambda e: _serve_time(e, cwd))
    return figures


def _after_edits(runs, env, cwd, measure):
    """Median of ``measure`` right after a data file changed, its cache otherwise kept (what an edit costs)."""
    with tempfile.TemporaryDirectory() as folder:
        graph = Path(folder) / "graph"  # named as the original: the snapshot key reads the directory's name
        shutil.copytree(env.get("SUBGRAPH_GRAPH") or ROOT / "graph", graph)
        edited = {**env, "SUBGRAPH_GRAPH": str(graph), "SUBGRAPH_CACHE": str(Path(folder) / "cache")}
        _timed(ANSWER, edited, cwd)  # compile once
        norton = graph / "services" / "norton.ttl"
        times = []
        for run in range(runs):
            norton.write_text(norton.read_text() + f"\n# edited {run}\n")
            times.append(measure(edited))
        return statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median reported)")
    parser.add_argument("--baseline", help="an earlier commit to time the same way, e.g. 63250ac")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    figures = {"python -c pass": _median(args.runs, lambda: _timed([sys.executable, "-c", "pass"], env))}
    figures.update(_figures(args.runs, env, "now"))
    if args.baseline:
        with tempfile.TemporaryDirectory() as folder:
            worktree = Path(folder) / "baseline"
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(worktree), args.baseline],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            try:
                # the baseline's code first on the path; SUBGRAPH_GRAPH keeps the graph the same, unless the
                # baseline's rules refuse today's graph: then it reads the graph of its own commit
                base = {
                    **env,
                    "PYTHONPATH": str(worktree / "src") + os.pathsep + str(worktree),
                    "SUBGRAPH_GRAPH": str(ROOT / "graph"),
                }
                if not _reads(base, worktree):
                    base["SUBGRAPH_GRAPH"] = str(worktree / "graph")
                    print(f"the baseline refuses today's graph: it reads its own ({args.baseline}:graph)")
                figures.update(_figures(args.runs, base, f"baseline {args.baseline}", worktree))
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, check=True)
    print(f"median of {args.runs} runs, seconds")
    for name, seconds in figures.items():
        print(f"  {name:<44}{seconds:>8.2f}")
    if args.baseline:
        print("ratios, baseline / now (higher is faster now)")
        for name in [n for n in figures if n.startswith("now: ")]:
            before = figures[f"baseline {args.baseline}: {name[5:]}"]
            print(f"  {name[5:]:<44}{before / figures[name]:>7.1f}x")


if __name__ == "__main__":
    main()
