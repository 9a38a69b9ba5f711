"""The graph kept in an external SPARQL store: a real Oxigraph server, started here."""

import json
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import free_port
from rdflib import Literal

from subgraph import load_graph
from subgraph.export import export
from subgraph.recommend import recommend

# the Oxigraph server comes from PyPI with the dev extra
OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


@pytest.fixture(scope="module")
def store(tmp_path_factory, kg):
    assert OXIGRAPH, "oxigraph must be installed for this test (it is in the dev extra)"
    root = tmp_path_factory.mktemp("oxigraph")
    dump = root / "graph.nt"
    dump.write_bytes(export(kg, "ntriples"))
    subprocess.run([OXIGRAPH, "load", "--location", str(root / "db"), "--file", str(dump)], check=True,
                   capture_output=True)
    port = free_port()
    server = subprocess.Popen([OXIGRAPH, "serve-read-only", "--location", str(root / "db"),
                               "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


def test_graph_read_from_the_store_is_the_same_graph(store, kg):
    remote = load_graph(sparql_endpoint=store)
    assert len(remote.rdf) == len(kg.rdf)
    assert _values(remote.rdf) == _values(kg.rdf)
    assert set(remote.catalogue.services) == set(kg.catalogue.services)


def test_recommendations_from_the_store(store):
    remote = load_graph(sparql_endpoint=store)
    assert recommend(remote, "norton", reasons=["never use it"], usage="never")["decision"] == "cancel"


def test_sparql_endpoint_forwards_to_the_store(store, monkeypatch):
    from api import create_app

    monkeypatch.setenv("SUBGRAPH_SPARQL_ENDPOINT", store)
    client = create_app(test_config={"TESTING": True}).test_client()
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://schema.org/Offer> }"
    response = client.get("/sparql?query=" + quote(query))
    assert response.status_code == 200
    assert int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"]) >= 1
    refused = client.get("/sparql?query=" + quote("SELECT * WHERE { SERVICE <http://x.test/> { ?s ?p ?o } }"))
    assert refused.status_code == 400
