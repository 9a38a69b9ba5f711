import pytest

from subgraph import GraphInvalid
from subgraph_api import create_app


def test_healthz_reports_the_loaded_graph(client, kg):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["graph"] == {
        "version": kg.version,
        "triples": kg.triples,
        "services": len(kg.catalogue.services),
        "billers": len(kg.catalogue.billers),
    }
    assert response.headers["Cache-Control"] == "no-store"


def test_app_refuses_to_start_on_invalid_graph(small_graph):
    (small_graph / "billers" / "costco.ttl").write_text(":costco a .")
    with pytest.raises(GraphInvalid, match=r"\(1 problem\):\ngraph/billers/costco\.ttl:1: syntax error"):
        create_app(small_graph)


def test_healthz_never_reads_the_networkx_projection(client, kg, monkeypatch):
    # a probe asked every few seconds must not make the worker answering it unpickle and keep the
    # projection (its objects would then be walked by each of that worker's full garbage collections)
    def refuse(graph):
        raise AssertionError("/healthz read the networkx projection")

    monkeypatch.setattr(type(kg), "nx", property(refuse))
    assert client.get("/healthz").status_code == 200
