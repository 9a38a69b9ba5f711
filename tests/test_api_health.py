import pytest

from api import create_app
from subgraph import GraphInvalid


def test_healthz_reports_the_loaded_graph(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["graph"]["services"] >= 4 and body["graph"]["triples"] > 1000
    assert response.headers["Cache-Control"] == "no-store"


def test_app_refuses_to_start_on_invalid_graph(graph_copy):
    (graph_copy / "billers" / "costco.ttl").write_text(":costco a .")
    with pytest.raises(GraphInvalid, match="costco.ttl"):
        create_app(graph_copy)
