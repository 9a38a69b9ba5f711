import shutil
import socket

import pytest

from subgraph import default_graph_dir, load_graph


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
