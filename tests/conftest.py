import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from subgraph import default_graph_dir, load_graph

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def kg():
    """The embedded graph, loaded once for the whole session."""
    return load_graph()


@pytest.fixture(scope="session")
def catalogue(kg):
    return kg.catalogue


@pytest.fixture()
def graph_copy(tmp_path):
    """A writable copy of the embedded graph, to break on purpose."""
    target = tmp_path / "graph"
    shutil.copytree(default_graph_dir(), target)
    return target


@pytest.fixture(scope="session")
def app():
    """The Flask application on the embedded graph, created once."""
    from api import create_app

    return create_app(test_config={"TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()


def free_port():
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, data=None, headers=None):
    """(status, headers, body) of a request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="session")
def gunicorn_server():
    """The service as a user starts it: gunicorn with the repository's settings, on a free port."""
    port = free_port()
    env = {**os.environ, "SUBGRAPH_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2",
           "SUBGRAPH_ACCESS_LOG": "/dev/null"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen([str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"), "api:create_app()"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(base + "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("gunicorn did not answer /healthz: " + process.stdout.read().decode(errors="replace")[-2000:])
    yield base
    process.terminate()
    process.wait(timeout=20)


