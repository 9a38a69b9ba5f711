"""The query engine's confinement, below the HTTP layer: no network, bounded time, memory and concurrency."""

import os
import subprocess
import sys
import threading
import time

import pytest
from hostile_queries import HUNGRY, SLOW, hostile_queries
from rdflib import Graph

from subgraph.rdf.sparql import (
    CheckedQuery,
    EngineBusy,
    QueryAbandoned,
    QueryFailed,
    QueryRefused,
    QuerySlots,
    QueryTimeout,
    SparqlEngine,
)

ASK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def engine(kg):
    engine = SparqlEngine(kg.rdf, timeout=2, slots=QuerySlots(2))
    yield engine
    engine.close()


def test_the_query_process_is_confined(engine):
    assert "seccomp" in engine.sandbox
    if os.geteuid() == 0:  # root can always make a network namespace
        assert "network namespace" in engine.sandbox


def test_no_query_reaches_the_network_even_unchecked(engine, listener):
    """Past the checks (as a query they missed would be), the query process still reaches nothing."""
    for text in hostile_queries(listener.url)[:3] + [f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"]:
        with pytest.raises(QueryRefused) as error:
            engine.query(CheckedQuery("SELECT", text.replace("\r", "\n").replace("ASK", "SELECT *")))
        assert str(listener.port) not in str(error.value)  # the engine's own error text is never passed on
    assert listener.connections == 0
    assert engine.query(ASK)[0] == b'{"head":{},"boolean":true}'


@pytest.mark.slow
def test_a_slow_query_is_stopped_at_the_time_limit(engine):
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        engine.query(SLOW)
    assert time.monotonic() - started < 4
    assert engine.query(ASK)[0] == b'{"head":{},"boolean":true}'


@pytest.mark.slow
def test_a_query_slow_to_parse_is_held_to_the_time_limit(engine):
    """rdflib's parser takes seconds on a long sum; that happens in the query process, inside the limit."""
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        engine.query("SELECT * WHERE { ?s ?p ?o FILTER(" + "+".join(["1"] * 9000) + ") }")
    assert time.monotonic() - started < 4


@pytest.mark.slow
def test_a_query_that_needs_too_much_memory_is_stopped(kg):
    engine = SparqlEngine(kg.rdf, timeout=30, memory_bytes=400 * 1024 * 1024, slots=QuerySlots(1))
    try:
        started = time.monotonic()
        with pytest.raises(QueryFailed):
            engine.query(HUNGRY)
        assert time.monotonic() - started < 20  # stopped by its memory limit, well before its time limit
        assert engine.query(ASK)[0] == b'{"head":{},"boolean":true}'
    finally:
        engine.close()


def test_an_abandoned_query_is_stopped_at_once(engine):
    asked = time.monotonic()
    with pytest.raises(QueryAbandoned):
        engine.query(SLOW, abandoned=lambda: time.monotonic() - asked > 0.3)
    assert time.monotonic() - asked < 1.5


@pytest.mark.slow
def test_beyond_its_slots_the_engine_answers_busy_at_once(kg):
    engine = SparqlEngine(kg.rdf, timeout=3, slots=QuerySlots(1))
    try:
        engine.query(ASK)  # a warm process, so the slow query below starts at once
        slow = threading.Thread(target=lambda: pytest.raises(QueryTimeout, engine.query, SLOW))
        slow.start()
        time.sleep(0.5)
        asked = time.monotonic()
        with pytest.raises(EngineBusy):
            engine.query(ASK)
        assert time.monotonic() - asked < 0.5  # never waits behind the slow query
        slow.join()
        assert engine.query(ASK)[0] == b'{"head":{},"boolean":true}'
    finally:
        engine.close()


def test_slots_are_shared_between_processes_and_freed_when_one_dies(tmp_path):
    slots = QuerySlots(1, tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"""
import sys, time
from subgraph.rdf.sparql import QuerySlots
with QuerySlots(1, {str(tmp_path)!r}).hold():
    print("held", flush=True)
    time.sleep(60)
""",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(EngineBusy):
            with slots.hold():
                pass
    finally:
        holder.kill()
        holder.wait()
    with slots.hold():
        pass


@pytest.mark.slow
def test_the_query_process_dies_with_the_process_that_started_it(tmp_path):
    script = f"""
import sys
from rdflib import Graph
from subgraph.rdf.sparql import SparqlEngine
rdf = Graph().parse(data="".join(f"<https://a.test/{{i}}> <https://a.test/p> {{i}} .\\n" for i in range(500)),
                    format="turtle")
engine = SparqlEngine(rdf, timeout=60)
engine.query("ASK {{ ?s ?p ?o }}")
print(engine.processes.idle_pids()[0], flush=True)
engine.query({SLOW!r})
"""
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    time.sleep(0.5)  # the slow query is running
    assert _alive(child)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def test_result_formats_by_query_form():
    rdf = Graph().parse(data="<https://a.test/s> <https://a.test/p> <https://a.test/o> .", format="nt")
    engine = SparqlEngine(rdf, slots=QuerySlots(1))
    try:
        body, media = engine.query("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
        assert (
            media == "application/n-triples"
            and body.strip() == b"<https://a.test/s> <https://a.test/p> <https://a.test/o> ."
        )
        with pytest.raises(QueryRefused) as error:
            engine.query(ASK, "text/csv")
        assert error.value.reason == "not-acceptable"
    finally:
        engine.close()


def test_a_process_left_holding_much_memory_is_not_kept(kg, monkeypatch):
    engine = SparqlEngine(kg.rdf, slots=QuerySlots(1))
    try:
        engine.query(ASK)
        assert len(engine.processes.idle_pids()) == 1  # a lean process is kept for the next query
        monkeypatch.setattr("subgraph.rdf.sparql.engine.RECYCLE_RESIDENT_BYTES", 1)  # every process is now "heavy"
        engine.query(ASK)
        assert engine.processes.idle_pids() == []
    finally:
        engine.close()
