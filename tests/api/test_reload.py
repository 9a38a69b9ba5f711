"""SIGHUP reads the graph again: a valid change is served with no failed request, an invalid one refused."""

import json
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
from conftest import get, serving

pytestmark = pytest.mark.slow


def _triples(base):
    status, _, body = get(base + "/healthz")
    assert status == 200
    return json.loads(body)["graph"]["triples"]


def _until(condition, seconds=60):
    """True as soon as `condition` holds: it is asked again, not re-read, as answers can differ by worker."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _every_worker_shows(base, triples, probes=6):
    """Old workers answer until their requests are done: the swap is over when no probe reaches one."""
    return all(_triples(base) == triples for _ in range(probes))


def test_sighup_swaps_in_a_valid_graph_under_load_and_refuses_an_invalid_one(small_graph, tmp_path):
    log = tmp_path / "gunicorn.log"
    with serving(SUBGRAPH_GRAPH=str(small_graph), SUBGRAPH_ERROR_LOG=str(log), SUBGRAPH_CACHE="off") as base:
        before = _triples(base)
        failures, answered, stop = [], [], threading.Event()

        def load():  # a client asking all along, bounded by the test's own length
            while not stop.is_set():
                status = get(base + "/v1/services/norton")[0]
                (answered if status == 200 else failures).append(status)

        client = threading.Thread(target=load)
        client.start()
        try:
            norton = small_graph / "services" / "norton.ttl"
            norton.write_text(norton.read_text() + '\n:norton schema:alternateName "Norton reload test" .\n')
            base.process.send_signal(signal.SIGHUP)
            assert _until(lambda: _every_worker_shows(base, before + 1)), log.read_text()[-2000:]
            # an invalid graph: refused, logged with its file, and the last good one keeps serving
            shutil.copyfile(norton, tmp_path / "norton.good")
            norton.write_text(":norton a .")
            base.process.send_signal(signal.SIGHUP)
            assert _until(lambda: "norton.ttl" in log.read_text()), log.read_text()[-2000:]
            time.sleep(2)  # the workers gunicorn restarts meanwhile must still serve the good graph
            assert _every_worker_shows(base, before + 1)
        finally:
            stop.set()
            client.join()
        assert failures == [] and len(answered) > 20
        assert base.process.poll() is None


def test_the_master_forks_its_workers_from_a_single_thread(gunicorn_server):
    """gunicorn's control socket is a thread in the master, around every fork: it is off (gunicorn.conf.py)."""
    threads = Path(f"/proc/{gunicorn_server.process.pid}/task")
    if not threads.exists():
        pytest.skip("needs Linux's /proc to count a process's threads")
    assert len(list(threads.iterdir())) == 1
