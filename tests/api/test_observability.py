"""Request ids on every answer, and access logs as JSON lines that hold no text a person typed."""

import json
import os
import time
import urllib.parse

import pytest
from conftest import get

from subgraph_api.observability import _FRESH_IDS, new_request_id


def test_a_plausible_request_id_is_echoed_and_any_other_replaced(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123.x:1"}).headers["X-Request-ID"] == "abc-123.x:1"
    for hostile in ['x" "y', "a" * 129, "", "é"]:
        made = client.get("/healthz", headers={"X-Request-ID": hostile}).headers["X-Request-ID"]
        assert made != hostile and len(made) == 32
    # errors carry one too
    assert client.get("/v1/services/nope").headers["X-Request-ID"]


def test_new_request_ids_are_never_given_twice_and_look_alike(client):
    made = [client.get("/healthz").headers["X-Request-ID"] for _ in range(150)]  # past two batches of 64
    assert len(set(made)) == len(made)
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in made)  # int(): each is hex digits only


def test_a_forked_worker_gives_none_of_the_ids_its_parent_will_give():
    _FRESH_IDS.clear()
    new_request_id()
    assert _FRESH_IDS, "the parent should hold ids made and not yet given"
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # a gunicorn worker, forked from the master
        try:
            os.write(write, "".join(new_request_id() for _ in range(64)).encode())
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    with os.fdopen(read) as pipe:
        given = pipe.read()
    theirs = {given[i : i + 32] for i in range(0, len(given), 32)}
    assert len(theirs) == 64
    assert not theirs & {new_request_id() for _ in range(64)}


@pytest.mark.slow
def test_access_log_is_one_json_line_per_request_without_free_text(gunicorn_server):
    base, marks = gunicorn_server, gunicorn_server.log_marks()
    ids = [f"{os.urandom(6).hex()}-{n}" for n in range(4)]  # this test's lines, among any others
    get(base + "/v1/services/kaspersky", headers={"X-Request-ID": ids[0]})
    query = urllib.parse.urlencode({"q": "my secret renewal rant", "kind": "reason"})
    get(base + "/v1/resolve?" + query, headers={"X-Request-ID": ids[1]})
    get(
        base + "/v1/recommendations",
        data=json.dumps({"service": "norton", "reasons": ["qqqq zzzz xxxx"]}).encode(),
        headers={"Content-Type": "application/json", "X-Request-ID": ids[2]},
    )
    get(base + '/nope\\x"y', headers={"X-Request-ID": ids[3]})
    deadline = time.monotonic() + 5
    while not all(i in base.logged_since(marks)[0] for i in ids) and time.monotonic() < deadline:
        time.sleep(0.05)
    text, errors = base.logged_since(marks)
    logged = [json.loads(line) for line in text.splitlines()]
    mine = {line["request_id"]: line for line in logged if line["request_id"] in ids}
    lines = [mine[i] for i in ids if i in mine]
    assert [(line["method"], line["route"], line["status"]) for line in lines] == [
        ("GET", "/v1/services/<service_id>", 200),
        ("GET", "/v1/resolve", 200),
        ("POST", "/v1/recommendations", 422),  # the reason means nothing: still not logged
        ("GET", "(no route)", 404),
    ]
    assert len([line for line in logged if line["request_id"] in ids]) == 4  # one line per request
    assert all(line["duration_ms"] >= 0 and line["bytes"] > 0 for line in lines)
    assert "secret" not in text + errors and "private" not in text + errors
