"""The service as a user starts it: gunicorn with the repository's settings, over loopback."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, free_port, get

# starts real servers or runs whole programs: not in the fast loop (-m "not slow")
pytestmark = pytest.mark.slow


def test_gunicorn_serves_a_recommendation(gunicorn_server):
    status, headers, body = get(
        gunicorn_server + "/v1/recommendations",
        data=json.dumps({"service": "norton", "usage": "never", "reasons": ["never use it"]}).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert status == 200 and json.loads(body)["decision"] == "cancel"


def test_gunicorn_answers_bad_input_with_problems_and_stays_up(gunicorn_server):
    status, headers, body = get(
        gunicorn_server + "/v1/recommendations", data=b"{", headers={"Content-Type": "application/json"}
    )
    assert status == 400 and headers["Content-Type"] == "application/problem+json"
    assert _post_too_large(gunicorn_server) == 413
    assert get(gunicorn_server + "/healthz")[0] == 200


def _post_too_large(gunicorn_server):
    """POST 2 MiB; the server may answer 413 and close before the body is sent."""
    import http.client
    from urllib.parse import urlsplit

    connection = http.client.HTTPConnection(urlsplit(gunicorn_server).netloc, timeout=10)
    connection.putrequest("POST", "/v1/recommendations")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(2 * 1024 * 1024))
    connection.endheaders()
    try:
        for _ in range(32):
            connection.send(b"x" * 65536)
    except (BrokenPipeError, ConnectionResetError):
        pass  # refused mid-body, as it should be: the answer is already waiting
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "application/problem+json"
    connection.close()
    return response.status


def test_gunicorn_refuses_to_start_on_an_invalid_graph(graph_copy, tmp_path):
    (graph_copy / "services" / "norton.ttl").write_text(":norton a .")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {
        **os.environ,
        "SUBGRAPH_GRAPH": str(graph_copy),
        "SUBGRAPH_BIND": f"127.0.0.1:{free_port()}",
        "TMPDIR": str(temporary),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    done = subprocess.run(
        [str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"), "subgraph_api:create_app()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "norton.ttl" in done.stdout + done.stderr
    # the metrics directory made for this start is gone with it
    assert list(temporary.iterdir()) == []


def _post_chunked(
    base, body, chunk=65536, *, path="/v1/recommendations", content_type="application/json", request_id=None
):
    """POST ``body`` with Transfer-Encoding: chunked (no Content-Length), as streaming clients do."""
    import http.client
    from urllib.parse import urlsplit

    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=20)
    connection.putrequest("POST", path)
    connection.putheader("Content-Type", content_type)
    if request_id is not None:
        connection.putheader("X-Request-ID", request_id)
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()
    try:
        for start in range(0, len(body), chunk):
            part = body[start : start + chunk]
            connection.send(b"%x\r\n%s\r\n" % (len(part), part))
        connection.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # refused mid-body: the answer is already waiting
    response = connection.getresponse()
    answer = response.status, response.getheader("Content-Type"), response.read()
    connection.close()
    return answer


def test_chunked_bodies_are_bounded_like_any_other(gunicorn_server):
    question = json.dumps({"service": "norton", "reasons": ["never use it"], "usage": "never"}).encode()
    status, _, body = _post_chunked(gunicorn_server, question)
    assert status == 200 and json.loads(body)["decision"] == "cancel"
    # valid JSON in the first MiB, then more: the whole body is over the bound, so it is refused
    status, content_type, body = _post_chunked(gunicorn_server, question + b" " * (2 * 1024 * 1024))
    assert status == 413 and content_type == "application/problem+json"
    assert json.loads(body)["type"].endswith("/payload-too-large")
    assert get(gunicorn_server + "/healthz")[0] == 200


def _raw(base, request_bytes):
    """Send raw bytes and return (status, content type, body) of the answer."""
    import socket
    from urllib.parse import urlsplit

    url = urlsplit(base)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(request_bytes)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers.get("Content-Type"), body


@pytest.mark.parametrize(
    "request_bytes,status,slug",
    [
        (b"NOT HTTP AT ALL\r\n\r\n", 400, "bad-request"),
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri-too-long"),
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n", 431, "request-header-fields-too-large"),
    ],
)
def test_gunicorn_own_errors_are_problems_too(gunicorn_server, request_bytes, status, slug):
    got, content_type, body = _raw(gunicorn_server, request_bytes)
    assert (got, content_type) == (status, "application/problem+json")
    problem = json.loads(body)
    assert problem["type"].endswith("/" + slug) and problem["status"] == status
    assert b"aaaa" not in body and b"bbbb" not in body  # the client's bytes are not echoed


def test_the_master_forks_its_workers_from_a_single_thread(gunicorn_server):
    """gunicorn's control socket is a thread in the master, around every fork: it is off (gunicorn.conf.py)."""
    threads = Path(f"/proc/{gunicorn_server.process.pid}/task")
    if not threads.exists():
        pytest.skip("needs Linux's /proc to count a process's threads")
    assert len(list(threads.iterdir())) == 1
