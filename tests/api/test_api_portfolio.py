"""POST /v1/portfolio and /v1/portfolio/calendar: the core's answer, documented, with problems for bad input."""

import json

import pytest
import vobject

from subgraph.portfolio import MAX_ITEMS

TWO_ANTIVIRUS = [
    {"service": "norton", "price_paid": 104.99, "billing_cycle": "annual", "renews_on": "2025-09-01"},
    {"service": "kaspersky", "price_paid": 59.99, "billing_cycle": "annual", "renews_on": "2025-08-01"},
]


def test_a_portfolio_is_answered_with_its_totals(client):
    response = client.post("/v1/portfolio", json={"items": TWO_ANTIVIRUS})
    assert response.status_code == 200
    body = response.get_json()
    assert body["totals"]["by_currency"][0]["annual_now"] == 164.98
    assert body["overlaps"][0]["kind"] == "same-job"


def test_the_region_applies_to_items_that_do_not_say_theirs(client):
    items = [{"service": "uber-one", "price_paid": 498, "billing_cycle": "monthly"}]
    body = client.post("/v1/portfolio", json={"items": items, "region": "jp"}).get_json()
    assert body["totals"]["by_currency"][0]["currency"] == "JPY"


def test_the_calendar_is_text_calendar_an_independent_reader_accepts(client):
    response = client.post("/v1/portfolio/calendar", json={"items": TWO_ANTIVIRUS})
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    (event,) = vobject.readOne(response.get_data(as_text=True)).vevent_list
    assert event.summary.value.startswith("Cancel ")


def test_over_the_maximum_is_a_422_saying_the_limit(client):
    response = client.post("/v1/portfolio", json={"items": [{"service": "norton"}] * (MAX_ITEMS + 1)})
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert str(MAX_ITEMS) in response.get_json()["detail"]


def test_an_unknown_service_names_the_item(client):
    items = [{"service": "norton"}, {"service": "zzqqxx"}]
    response = client.post("/v1/portfolio", json={"items": items})
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "items.1.service"


def test_not_json_is_refused(client):
    response = client.post("/v1/portfolio", data="norton", content_type="text/plain")
    assert response.status_code == 415 and response.mimetype == "application/problem+json"


@pytest.mark.parametrize("path", ["/v1/portfolio", "/v1/portfolio/calendar"])
def test_a_body_that_is_not_json_is_said_to_be_so_on_each_route(client, path):
    other = client.post(path, data="items=norton", content_type="application/x-www-form-urlencoded")
    assert other.status_code == 415 and other.get_json()["type"].endswith("/unsupported-media-type")
    broken = client.post(path, data='{"items": [', content_type="application/json")
    assert broken.status_code == 400 and broken.get_json()["type"].endswith("/malformed-json")
    wrong = client.post(path, json={"items": "norton"})  # JSON, but not a portfolio
    assert wrong.status_code == 400 and wrong.get_json()["type"].endswith("/validation-error")


def test_both_routes_are_documented_with_the_limit(client):
    spec = client.get("/openapi.json").get_json()
    assert {"/v1/portfolio", "/v1/portfolio/calendar"} <= set(spec["paths"])
    request = spec["components"]["schemas"]["PortfolioRequest"]["properties"]
    for listed in ("items", "streams"):
        (array,) = [option for option in request[listed]["anyOf"] if option.get("type") == "array"]
        assert array["maxItems"] == MAX_ITEMS
    for path in ("/v1/portfolio", "/v1/portfolio/calendar"):
        body = spec["paths"][path]["post"]["requestBody"]
        assert body["content"]["application/json"]["schema"]["$ref"].endswith("/PortfolioRequest")
    calendar = spec["paths"]["/v1/portfolio/calendar"]["post"]["responses"]["200"]["content"]
    assert "text/calendar" in calendar


def _statement(client):
    """A card export with two antivirus renewals a year apart and a monthly Netflix charge."""
    rows = ["Date,Description,Amount"]
    rows += [f"{year}-03-14,NORTON *AR 1234,-104.99" for year in (2023, 2024, 2025)]
    rows += [f"{year}-05-02,KASPERSKY LAB,-59.99" for year in (2023, 2024, 2025)]
    rows += [f"2025-{month:02d}-05,NETFLIX.COM,-17.99" for month in range(1, 7)]
    response = client.post("/v1/statements", data="\n".join(rows) + "\n", content_type="text/csv")
    assert response.status_code == 200
    return response.get_json()


def test_a_statement_answer_feeds_the_portfolio_unchanged(client):
    statement = _statement(client)
    known = {s["service"]["id"] for s in statement["streams"] if s["service"] and s["status"] == "active"}
    assert known == {"netflix", "norton", "kaspersky"}
    body = client.post("/v1/portfolio", json=statement).get_json()
    assert {item["service"]["id"] for item in body["items"]} == known
    # the two antivirus renewals the statement shows do the same job
    assert [o["kind"] for o in body["overlaps"]] == ["same-job"]
    netflix = next(item for item in body["items"] if item["service"]["id"] == "netflix")
    # the price the statement shows, and the cancel path through the biller that charges the card
    assert (netflix["price_paid"], netflix["annual_cost"]) == (17.99, round(17.99 * 12, 2))
    path = netflix["recommendation"]["cancel_path"] or netflix["cancel_path"]
    assert path["biller"]["id"] == "netflix-inc"
    assert netflix["renews_on"] == "2025-07-05"


def test_a_statement_answer_in_euros_is_totalled_in_euros(client):
    statement = _statement(client)
    for stream in statement["streams"]:
        stream["currency"] = "EUR"
    body = client.post("/v1/portfolio", json={**statement, "region": "US"}).get_json()
    assert [t["currency"] for t in body["totals"]["by_currency"]] == ["EUR"]
    assert {item["currency"] for item in body["items"]} == {"EUR"}


def test_items_and_streams_together_are_refused(client):
    statement = _statement(client)
    response = client.post("/v1/portfolio", json={**statement, "items": TWO_ANTIVIRUS})
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert "exactly one" in response.get_json()["errors"][0]["message"]


def test_a_tampered_statement_answer_names_the_field(client):
    statement = _statement(client)
    statement["streams"][0]["next_date"] = "not a date"
    response = client.post("/v1/portfolio", json=statement)
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert response.get_json()["errors"][0]["field"] == "streams.0.next_date"


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "1e999"])
def test_an_amount_that_is_no_number_is_refused(client, amount):
    statement = _statement(client)
    statement["streams"][0]["amounts"]["last"] = 1.5
    # JSON has no NaN or Infinity, but a parser may take them: written into the body as a client might
    body = json.dumps(statement).replace('"last": 1.5', f'"last": {amount}', 1)
    response = client.post("/v1/portfolio", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["field"] == "streams.0.amounts.last"
