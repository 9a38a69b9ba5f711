"""Rate limits on heavy work: a client over its SPARQL rate gets a 429 problem, others answer on."""

from urllib.parse import quote

import pytest

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
        assert 0 < int(refused.headers["Retry-After"]) <= 60
        assert "3 requests per minute" in refused.get_json()["detail"]
        assert refused.headers["X-RateLimit-Limit"] == "3" and refused.headers["X-RateLimit-Remaining"] == "0"
        # other clients, and the rest of the API, are not limited by it
        assert client.get(ASK, environ_base={"REMOTE_ADDR": "127.0.0.2"}).status_code == 200
        assert client.get("/healthz").status_code == 200
    finally:
        app.extensions["subgraph.rdf.sparql"].close()


def test_limits_can_be_turned_off_and_are_in_the_openapi_document(kg, monkeypatch):
    monkeypatch.setenv("SUBGRAPH_PORTFOLIO_RATE_LIMIT", "off")
    app = create_app(test_config={"TESTING": True}, graph=kg)
    assert app.config["PORTFOLIO_RATE_LIMIT"] is None
    client = app.test_client()
    # past the default rate (60/minute), nothing is refused or counted
    for _ in range(65):
        answer = client.post("/v1/portfolio", json={"items": [{"service": "norton"}]})
        assert answer.status_code == 200 and "X-RateLimit-Limit" not in answer.headers
    responses = client.get("/openapi.json").get_json()["paths"]["/sparql"]["get"]["responses"]
    assert "429" in responses


def test_only_limited_routes_count_and_say_where_the_client_stands(kg):
    app = create_app(test_config={"TESTING": True, "SPARQL_RATE_LIMIT": "5/minute"}, graph=kg)
    client = app.test_client()
    try:
        remaining = [client.get(ASK).headers["X-RateLimit-Remaining"] for _ in range(2)]
        assert remaining == ["4", "3"]
        for _ in range(10):  # the rest of the API neither counts against SPARQL's rate nor pays for it
            other = client.get("/healthz")
            assert other.status_code == 200 and "X-RateLimit-Limit" not in other.headers
        assert client.get(ASK).headers["X-RateLimit-Remaining"] == "2"
    finally:
        app.extensions["subgraph.rdf.sparql"].close()


def test_a_malformed_rate_stops_the_start_naming_the_setting(kg):
    with pytest.raises(ValueError, match="SPARQL_RATE_LIMIT"):
        create_app(test_config={"TESTING": True, "SPARQL_RATE_LIMIT": "sixty a minute"}, graph=kg)


@pytest.mark.parametrize(
    "setting,path,body,content_type",
    [
        ("STATEMENTS_RATE_LIMIT", "/v1/statements", "Date,Description,Amount\n2025-01-05,SHOP,-3.00\n", "text/csv"),
        ("PORTFOLIO_RATE_LIMIT", "/v1/portfolio", '{"items": [{"service": "norton"}]}', "application/json"),
        ("PORTFOLIO_RATE_LIMIT", "/v1/portfolio/calendar", '{"items": [{"service": "norton"}]}', "application/json"),
    ],
)
def test_statements_and_portfolios_are_limited_per_client(kg, setting, path, body, content_type):
    app = create_app(test_config={"TESTING": True, setting: "2/minute"}, graph=kg)
    client = app.test_client()
    statuses = [client.post(path, data=body, content_type=content_type).status_code for _ in range(3)]
    assert statuses[:2] == [200, 200] and statuses[2] == 429
    assert (
        client.post(path, data=body, content_type=content_type, environ_base={"REMOTE_ADDR": "127.0.0.2"}).status_code
        == 200
    )
    assert "429" in app.test_client().get("/openapi.json").get_json()["paths"][path]["post"]["responses"]
