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


def test_healthz_leaves_the_networkx_projection_unread():
    # a snapshot keeps the projection as bytes until it is used; a probe answered by a worker must not
    # make that worker hold it (its objects would be walked by each full garbage collection)
    from subgraph import load_graph

    kg = load_graph()
    assert kg.__dict__["_nx"] is None, "the snapshot's projection was read before the probe"
    client = create_app(test_config={"TESTING": True}, graph=kg).test_client()
    assert client.get("/healthz").status_code == 200
    assert kg.__dict__["_nx"] is None
