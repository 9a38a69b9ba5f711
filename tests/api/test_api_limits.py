"""Rate limits on heavy work: a client over its SPARQL rate gets a 429 problem, others answer on."""

from urllib.parse import quote

from subgraph_api import create_app

ASK = "/sparql?query=" + quote("ASK { ?s ?p ?o }")


def test_over_the_rate_a_client_gets_429_with_retry_after(kg):
    app = create_app(test_config={"TESTING": True, "SPARQL_RATE_LIMIT": "3/minute"}, graph=kg)
    client = app.test_client()
    try:
        statuses = [client.get(ASK).status_code for _ in range(3)]
        refused = client.get(ASK)
        assert statuses == [200, 200, 200]
        assert refused.status_code == 429 and refused.content_type == "application/problem+json"
        assert refused.get_json()["type"].endswith("/too-many-requests")
        assert int(refused.headers["Retry-After"]) > 0
        # other clients, and the rest of the API, are not limited by it
        assert client.get(ASK, environ_base={"REMOTE_ADDR": "127.0.0.2"}).status_code == 200
        assert client.get("/healthz").status_code == 200
    finally:
        app.extensions["subgraph.rdf.sparql"].close()


def test_limits_can_be_turned_off_and_are_in_the_openapi_document(kg, monkeypatch):
    monkeypatch.setenv("SUBGRAPH_SPARQL_RATE_LIMIT", "off")
    app = create_app(test_config={"TESTING": True}, graph=kg)
    assert app.config["SPARQL_RATE_LIMIT"] is None
    responses = app.test_client().get("/openapi.json").get_json()["paths"]["/sparql"]["get"]["responses"]
    assert "429" in responses
