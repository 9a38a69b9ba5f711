"""SPARQL under gunicorn as a user starts it: slow queries never take the rest of the service down."""

import http.client
import threading
import time
from urllib.parse import quote, urlsplit

import pytest
from conftest import get, serving
from hostile_queries import SLOW

# starts real servers or runs whole programs: not in the fast loop (-m "not slow")
pytestmark = pytest.mark.slow

ASK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server():
    # one query at a time across both workers (the default for two sync workers), and a long time
    # limit, so that only abandoning a query can free its slot early
    with serving(SUBGRAPH_SPARQL_TIMEOUT="20", SUBGRAPH_SPARQL_RATE_LIMIT="off") as base:
        yield base


def _sparql(base, query, timeout=30):
    return get(f"{base}/sparql?query={quote(query)}", timeout=timeout)


def _abandon(base, query, after):
    """Send a query and hang up after ``after`` seconds, as a client that gives up does."""
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=after)
    connection.request("GET", f"/sparql?query={quote(query)}")
    try:
        return connection.getresponse().status
    except TimeoutError:
        return None
    finally:
        connection.close()


def test_an_abandoned_query_frees_its_slot(server):
    # the abandoned queries still waiting to be accepted are each stopped as soon as they start
    assert _answered_within(server, seconds=5)
    assert _abandon(server, SLOW, after=1) is None
    # its query is stopped (not left to run for 20 s), so the one slot is free again
    assert _answered_within(server, seconds=3)


def _answered_within(base, seconds):
    """True when a quick query is answered 200 within ``seconds`` (busy answers are retried)."""
    deadline = time.monotonic() + seconds
    while (status := _sparql(base, ASK)[0]) == 503 and time.monotonic() < deadline:
        time.sleep(0.1)
    return status == 200


def test_the_service_answers_while_sparql_is_saturated(server):
    """12 slow queries kept in flight: /healthz answers in under a second every time."""
    stop = threading.Event()
    statuses = []

    def keep_a_slow_query_in_flight():
        while not stop.is_set():
            statuses.append(_abandon(server, SLOW, after=2))

    clients = [threading.Thread(target=keep_a_slow_query_in_flight) for _ in range(12)]
    for client in clients:
        client.start()
    try:
        time.sleep(1)
        probes = []
        for _ in range(6):
            started = time.monotonic()
            status = get(server + "/healthz", timeout=5)[0]
            probes.append((status, time.monotonic() - started))
            time.sleep(0.3)
    finally:
        stop.set()
        for client in clients:
            client.join()
    assert all(status == 200 for status, _ in probes), probes
    assert max(seconds for _, seconds in probes) < 1, probes
    assert 503 in statuses  # the queries beyond the slot were turned away, not queued
    # the abandoned queries still waiting to be accepted are each stopped as soon as they start
    assert _answered_within(server, seconds=5)


def test_a_burst_of_queries_on_threaded_workers_leaves_every_worker_answering():
    """With gthread workers, a burst of concurrent queries once broke rdflib's parser for good."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    with serving(SUBGRAPH_THREADS="8", SUBGRAPH_SPARQL_CONCURRENCY="2", SUBGRAPH_SPARQL_RATE_LIMIT="off") as base:
        statuses = []
        burst = [threading.Thread(target=lambda: statuses.append(_sparql(base, count)[0])) for _ in range(16)]
        for thread in burst:
            thread.start()
        for thread in burst:
            thread.join()
        assert set(statuses) <= {200, 503} and 200 in statuses
        # every later query is answered, in whichever worker it lands
        for _ in range(8):
            assert _answered_within(base, seconds=3)
