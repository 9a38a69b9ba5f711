from subgraph_api.schemas import Resolution


def test_resolve_service(client):
    body = client.get("/v1/resolve?q=kaspersy").get_json()
    Resolution.model_validate(body)
    assert body["id"] == "kaspersky" and 0 < body["confidence"] <= 1


def test_resolve_reason(client):
    assert client.get("/v1/resolve?q=renewal price doubled&kind=reason").get_json()["id"] == "price-increase"


def test_a_sentence_giving_several_reasons_says_each_with_the_part_it_read(client):
    body = client.get("/v1/resolve?q=the price went up again and I barely use it&kind=reason").get_json()
    Resolution.model_validate(body)
    assert body["id"] == "price-increase"
    assert body["also"] == [{"text": "I barely use it", "id": "not-using"}]
    # one reason with its context is one reason; names are never split into parts
    one = client.get("/v1/resolve?q=I've had it for years but the renewal price just doubled&kind=reason").get_json()
    assert (one["id"], one["also"]) == ("price-increase", [])
    assert client.get("/v1/resolve?q=norton and mcafee&kind=service").get_json()["also"] == []


def test_resolve_did_you_mean(client):
    body = client.get("/v1/resolve?q=qqqzzz&kind=service").get_json()
    assert body["id"] is None and body["did_you_mean"] == []  # nothing like it
    body = client.get("/v1/resolve?q=nrtn&kind=service").get_json()
    assert body["id"] is None and body["did_you_mean"][0]["id"] == "norton"


def test_openapi_document_and_docs_page(client):
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert {"/v1/recommendations", "/v1/services/{service_id}/cancel-path", "/v1/resolve"} <= set(spec["paths"])
    page = client.get("/docs", follow_redirects=True)
    assert page.status_code == 200 and b"swagger-ui-bundle.js" in page.data
    assert "//" not in page.get_data(as_text=True).split("swagger-ui-bundle.js")[0].rsplit("src=", 1)[-1]
    assert client.get("/docs/swagger/js/swagger-ui-bundle.js").status_code == 200
