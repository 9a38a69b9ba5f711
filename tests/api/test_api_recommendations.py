import io
import json

import pytest
from conftest import recommend_plain

from subgraph_api.schemas import Recommendation


def post(client, body):
    return client.post("/v1/recommendations", json=body)


def test_norton_never_used(client):
    response = post(client, {"service": "norton", "reasons": ["I never use it"], "usage": "never"})
    assert response.status_code == 200
    body = response.get_json()
    Recommendation.model_validate(body)
    assert body["decision"] == "cancel" and body["cancel_path"]
    assert response.headers["Cache-Control"] == "no-store"


def test_same_object_as_the_core(client, kg):
    request = {
        "service": "kaspersy",
        "reasons": ["switching to windows defender"],
        "needs": ["antivirus"],
        "purchased_via": "direct",
        "region": "GB",
    }
    body = post(client, request).get_json()
    assert body == recommend_plain(kg, **request)
    kinds = {c["id"]: c["kind"] for c in body["caveats"]}
    assert {kinds[caveat] for caveat in body["before_cancelling"]} >= {"uninstall-does-not-cancel"}


def test_the_currency_of_the_amount_is_the_cores_to_decide(client, kg):
    request = {"service": "netflix", "plan": "standard", "billing_cycle": "monthly", "price_paid": 10.99}
    body = post(client, request | {"currency": "eur"}).get_json()
    assert body == recommend_plain(kg, **request, currency="EUR")
    assert body["current"]["currency"] == "EUR"
    assert "price-in-other-currency" in [n["code"] for n in body["notes"]]


def test_kaspersky_via_retailer(client):
    body = post(client, {"service": "kaspersky", "purchased_via": "Costco", "usage": "never"}).get_json()
    assert body["cancel_path"]["biller"]["id"] == "costco"


@pytest.mark.parametrize(
    "payload,field",
    [
        ({}, "service"),
        ({"service": ""}, "service"),
        ({"service": 42}, "service"),
        ({"service": "norton", "usage": "sometimes"}, "usage"),
        ({"service": "norton", "price_paid": -1}, "price_paid"),
        ({"service": "norton", "price_paid": "cheap"}, "price_paid"),
        ({"service": "norton", "reasons": "never use it"}, "reasons"),
        ({"service": "norton", "billing_cycle": "weekly"}, "billing_cycle"),
        ({"service": "norton", "region": "United States"}, "region"),
        ({"service": "norton", "price_paid": 9.99, "currency": "euro"}, "currency"),
        ({"service": "norton", "price_paid": 9.99, "currency": "€"}, "currency"),
        ({"service": "norton", "reasonz": ["x"]}, "reasonz"),
    ],
)
def test_validation_errors_name_the_field(client, payload, field):
    response = post(client, payload)
    assert response.status_code == 400
    body = response.get_json()
    assert body["type"].endswith("/validation-error")
    assert field in [e["field"].split(".")[0] for e in body["errors"]]


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"service": "zzqxv wobble"}, "service"),
        ({"service": "norton", "reasons": ["purple elephants dancing"]}, "reasons"),
        ({"service": "norton", "needs": ["teleportation"]}, "needs"),
        ({"service": "norton", "plan": "Platinum Galaxy"}, "plan"),
    ],
)
def test_unresolvable_text_is_422_naming_the_field(client, payload, field):
    response = post(client, payload)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == field


def test_malformed_json(client):
    response = client.post("/v1/recommendations", data='{"service": "norton"', content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["type"].endswith("/malformed-json")


def test_wrong_content_type(client):
    response = client.post(
        "/v1/recommendations", data="service=norton", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert response.content_type == "application/problem+json"


def test_body_over_one_mebibyte(client):
    response = client.post("/v1/recommendations", data=b"[" + b"1," * 600_000 + b"1]", content_type="application/json")
    assert response.status_code == 413


def _chunked(client, method, path, body):
    """A body with no length, as a server that has read a chunked one whole hands it on."""
    return client.open(
        path,
        method=method,
        input_stream=io.BytesIO(body),
        headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        environ_overrides={"CONTENT_LENGTH": "", "wsgi.input_terminated": True},
    )


def test_a_chunked_body_is_bounded_when_it_is_read_as_one_with_a_length_is(client):
    question = json.dumps({"service": "norton", "usage": "never"}).encode()
    assert _chunked(client, "POST", "/v1/recommendations", question).status_code == 200
    # valid JSON in the first MiB, then more: the whole body is over the bound
    too_long = _chunked(client, "POST", "/v1/recommendations", question + b" " * (2 * 1024 * 1024))
    assert too_long.status_code == 413 and too_long.get_json()["type"].endswith("/payload-too-large")
    assert "1048576 bytes" in too_long.get_json()["detail"]
    # a route that reads no body answers as it would with a Content-Length
    assert _chunked(client, "GET", "/v1/services/norton", b" " * (2 * 1024 * 1024)).status_code == 200


def test_json_that_is_not_an_object(client):
    response = client.post("/v1/recommendations", data="[1, 2]", content_type="application/json")
    assert response.status_code == 400


def test_a_json_string_holding_a_question_is_not_one(client):
    twice = json.dumps(json.dumps({"service": "norton"}))
    response = client.post("/v1/recommendations", data=twice, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["errors"][0]["field"] == "body"


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "application/vnd.question+json"])
def test_any_json_media_type_is_json(client, content_type):
    response = client.post("/v1/recommendations", data='{"service": "norton"}', content_type=content_type)
    assert response.status_code == 200 and response.get_json()["service"]["id"] == "norton"


@pytest.mark.parametrize("price", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_a_price_that_is_no_number_is_refused(client, price):
    body = '{"service": "norton", "billing_cycle": "monthly", "price_paid": ' + price + "}"
    response = client.post("/v1/recommendations", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"field": "price_paid", "message": "Input should be a finite number"}]


def _sent(client, body, length, *, terminated=True):
    """A body handed on by a server that says the stream holds it all (as ours and gunicorn's do), or not."""
    return client.post(
        "/v1/recommendations",
        input_stream=io.BytesIO(body),
        content_type="application/json",
        environ_overrides={"CONTENT_LENGTH": str(length), **({"wsgi.input_terminated": True} if terminated else {})},
    )


@pytest.mark.parametrize("terminated", [True, False])
def test_a_body_is_read_as_long_as_it_says_it_is(client, terminated):
    question = b'{"service": "norton"}'
    # a server that buffered more than the request's body (the next request's start) hands on all of it
    response = _sent(client, question + b"GET / HTTP/1.1", len(question), terminated=terminated)
    assert response.status_code == 200 and response.get_json()["service"]["id"] == "norton"


@pytest.mark.parametrize("terminated", [True, False])
def test_a_body_shorter_than_it_says_is_refused(client, terminated):
    question = b'{"service": "norton"}'
    response = _sent(client, question, len(question) + 10, terminated=terminated)
    assert response.status_code == 400 and response.get_json()["type"].endswith("/bad-request")


def test_answers_are_remembered_by_the_bytes_asked(client, kg):
    question = {"service": "norton", "billing_cycle": "monthly", "price_paid": 4.17}
    kg.answers.clear()  # so that no entry is pushed out, whatever the tests before asked
    compact, spaced = json.dumps(question, separators=(",", ":")), json.dumps(question, indent=2)
    answers = [
        client.post("/v1/recommendations", data=body, content_type="application/json")
        for body in (compact, compact, spaced)
    ]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[0].data == answers[1].data == answers[2].data
    # the same bytes are one entry; the same question in other bytes is another
    assert kg.answers.sizes()["encoded"] == 2


def test_a_padded_body_is_answered_but_not_remembered(client, kg):
    question = {"service": "norton", "billing_cycle": "monthly", "price_paid": 4.18}
    padded = json.dumps(question).encode() + b" " * 500_000
    kg.answers.clear()
    response = client.post("/v1/recommendations", data=padded, content_type="application/json")
    assert response.status_code == 200 and response.get_json() == post(client, question).get_json()
    # only the unpadded question is remembered: a cache entry holds no half-megabyte key
    assert kg.answers.sizes()["encoded"] == 1


def test_the_request_body_is_documented(client):
    body = client.get("/openapi.json").get_json()["paths"]["/v1/recommendations"]["post"]["requestBody"]
    assert body["required"] and body["content"]["application/json"]["schema"]["$ref"].endswith("/Question")


def test_total_security_downgrade_over_http(small_graph):
    """The Total Security scenario, on the illustrative prices of tests/data/kaspersky-prices.ttl."""
    import shutil
    from pathlib import Path

    from subgraph_api import create_app

    prices = Path(__file__).parents[1] / "data" / "kaspersky-prices.ttl"
    shutil.copy(prices, small_graph / "services" / "zz-fixture.ttl")
    client = create_app(small_graph, test_config={"TESTING": True}).test_client()
    body = post(
        client,
        {
            "service": "Kaspersky",
            "plan": "Total Security",
            "billing_cycle": "monthly",
            "reasons": ["renewal price went up"],
            "needs": ["antivirus"],
            "region": "GB",
        },
    ).get_json()
    assert body["decision"] == "downgrade"
    best = body["options"][0]
    assert (best["action"], best["plan"], best["currency"]) == ("downgrade", "kaspersky-standard", "GBP")
    assert (best["annual_cost_before"], best["annual_cost_after"], best["annual_saving"]) == (119.88, 39.99, 79.89)


@pytest.mark.parametrize(
    "field,value",
    [("reasons", ["x" * 301]), ("needs", ["antivirus", "y" * 5000]), ("reasons", [""]), ("price_paid", True)],
)
def test_oversized_items_and_booleans_as_prices_are_refused(client, field, value):
    response = post(client, {"service": "norton", field: value})
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["field"].startswith(field)


def test_limits_are_in_the_openapi_document(client):
    schema = client.get("/openapi.json").get_json()["components"]["schemas"]["Question"]["properties"]
    assert schema["reasons"]["maxItems"] == 10 and schema["reasons"]["items"]["maxLength"] == 300
    assert schema["needs"]["items"]["maxLength"] == 300


def test_a_view_that_takes_its_body_as_bytes_cannot_take_a_query_model_too():
    from pydantic import BaseModel

    from subgraph.decide.question import Question
    from subgraph_api.bodies import JsonBody

    class Page(BaseModel):
        page: int = 1

    with pytest.raises(TypeError, match="nothing would validate"):

        @JsonBody(Question)
        def view(body: bytes, query: Page) -> str:
            return ""
