"""Request ids on every answer, and access logs as JSON lines that hold no text a person typed."""

import json
import time
import urllib.parse

import pytest
from conftest import get


def test_a_plausible_request_id_is_echoed_and_any_other_replaced(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123.x:1"}).headers["X-Request-ID"] == "abc-123.x:1"
    for hostile in ['x" "y', "a" * 129, "", "é"]:
        made = client.get("/healthz", headers={"X-Request-ID": hostile}).headers["X-Request-ID"]
        assert made != hostile and len(made) == 32
    # errors carry one too
    assert client.get("/v1/services/nope").headers["X-Request-ID"]


@pytest.mark.slow
def test_access_log_is_one_json_line_per_request_without_free_text(gunicorn_server):
    base, marks = gunicorn_server, gunicorn_server.log_marks()
    get(base + "/v1/services/kaspersky", headers={"X-Request-ID": "req-1"})
    get(base + "/v1/resolve?" + urllib.parse.urlencode({"q": "my secret renewal rant", "kind": "reason"}))
    get(
        base + "/v1/recommendations",
        data=json.dumps({"service": "norton", "reasons": ["qqqq zzzz xxxx"]}).encode(),
        headers={"Content-Type": "application/json", "X-Request-ID": "req-3"},
    )
    get(base + '/nope\\x"y')
    deadline = time.monotonic() + 5
    while len(base.logged_since(marks)[0].splitlines()) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    text, errors = base.logged_since(marks)
    lines = [json.loads(line) for line in text.splitlines()]
    assert [(line["method"], line["route"], line["status"]) for line in lines] == [
        ("GET", "/v1/services/<service_id>", 200),
        ("GET", "/v1/resolve", 200),
        ("POST", "/v1/recommendations", 422),  # the reason means nothing: still not logged
        ("GET", "(no route)", 404),
    ]
    assert lines[0]["request_id"] == "req-1" and lines[2]["request_id"] == "req-3"
    assert all(line["duration_ms"] >= 0 and line["bytes"] > 0 for line in lines)
    assert "secret" not in text + errors and "private" not in text + errors
