"""The graph kept in an external SPARQL store: a real Oxigraph server, started here."""

import http.server
import json
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import free_port, recommend_plain
from hostile_queries import hostile_queries
from rdflib import Literal

from subgraph import load_graph
from subgraph.rdf.export import export
from subgraph.rdf.remote import RemoteSparqlEngine
from subgraph.rdf.sparql import QueryRefused

# starts real servers or runs whole programs: not in the fast loop (-m "not slow")
pytestmark = pytest.mark.slow

# the Oxigraph server comes from PyPI with the dev extra
OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


@pytest.fixture(scope="module")
def store(tmp_path_factory, kg):
    assert OXIGRAPH, "oxigraph must be installed for this test (it is in the dev extra)"
    root = tmp_path_factory.mktemp("oxigraph")
    dump = root / "graph.nt"
    dump.write_bytes(export(kg, "ntriples"))
    subprocess.run(
        [OXIGRAPH, "load", "--location", str(root / "db"), "--file", str(dump)], check=True, capture_output=True
    )
    port = free_port()
    server = subprocess.Popen(
        [OXIGRAPH, "serve-read-only", "--location", str(root / "db"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}/query"
    for _ in range(100):
        try:
            urllib.request.urlopen(endpoint + "?query=" + quote("ASK {}"), timeout=2).read()
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("oxigraph server did not start")
    yield endpoint
    server.terminate()
    server.wait(10)


def _values(graph):
    """Triples with literals compared by value: the store writes 80.00 as the equal decimal 80."""
    return {(s, p, (o.datatype, o.language, o.toPython()) if isinstance(o, Literal) else o) for s, p, o in graph}


@pytest.fixture(scope="module")
def remote(store):
    """The graph loaded from the store (seconds: every triple over SPARQL, then checked and read)."""
    return load_graph(sparql_endpoint=store)


def test_graph_read_from_the_store_is_the_same_graph(remote, kg):
    assert len(remote.rdf) == len(kg.rdf)
    assert _values(remote.rdf) == _values(kg.rdf)
    assert set(remote.catalogue.services) == set(kg.catalogue.services)


def test_recommendations_from_the_store(remote):
    assert recommend_plain(remote, "norton", reasons=["never use it"], usage="never")["decision"] == "cancel"


@pytest.fixture(scope="module")
def remote_client(store, remote):
    from subgraph_api import create_app

    config = {"TESTING": True, "SPARQL_ENDPOINT": store, "SPARQL_RATE_LIMIT": None}
    return create_app(test_config=config, graph=remote).test_client()


def test_sparql_endpoint_forwards_to_the_store(remote_client):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://schema.org/Offer> }"
    response = remote_client.get("/sparql?query=" + quote(query))
    assert response.status_code == 200
    assert int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"]) >= 1
    refused = remote_client.get("/sparql?query=" + quote("SELECT * WHERE { SERVICE <http://x.test/> { ?s ?p ?o } }"))
    assert refused.status_code == 400


def test_the_store_itself_follows_service(store, listener):
    """Why nothing unchecked may reach the store: it calls what a query names."""
    query = hostile_queries(listener.url)[0]
    request = urllib.request.Request(store, data=query.encode(), headers={"Content-Type": "application/sparql-query"})
    try:
        urllib.request.urlopen(request, timeout=10).read()
    except urllib.error.HTTPError:
        pass  # the store answers an error once the listener hangs up; the request has left all the same
    assert listener.connections >= 1


@pytest.mark.parametrize("way", ["GET", "form", "sparql-query"])
def test_no_spelling_of_service_reaches_the_network_through_the_store(remote_client, listener, way):
    for query in hostile_queries(listener.url):
        if way == "GET":
            response = remote_client.get("/sparql?query=" + quote(query))
        elif way == "form":
            response = remote_client.post("/sparql", data={"query": query})
        else:
            response = remote_client.post("/sparql", data=query.encode(), content_type="application/sparql-query")
        assert response.status_code == 400, query
    assert listener.connections == 0


def test_the_store_error_text_is_not_passed_on():
    """A store's error may carry what it met elsewhere: the client gets our words, never its text."""

    class Erring(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"connection to 10.0.0.7:6379 refused: internal detail")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Erring)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        engine = RemoteSparqlEngine(f"http://127.0.0.1:{server.server_port}/query", timeout=5)
        with pytest.raises(QueryRefused) as error:
            engine.query("ASK { ?s ?p ?o }")
        assert "10.0.0.7" not in str(error.value) and "internal detail" not in str(error.value)
    finally:
        server.shutdown()
        server.server_close()
