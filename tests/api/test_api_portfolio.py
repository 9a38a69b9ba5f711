"""POST /v1/portfolio and /v1/portfolio/calendar: the core's answer, documented, with problems for bad input."""

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


def test_both_routes_are_documented_with_the_limit(client):
    spec = client.get("/openapi.json").get_json()
    assert {"/v1/portfolio", "/v1/portfolio/calendar"} <= set(spec["paths"])
    assert spec["components"]["schemas"]["PortfolioRequest"]["properties"]["items"]["maxItems"] == MAX_ITEMS
    calendar = spec["paths"]["/v1/portfolio/calendar"]["post"]["responses"]["200"]["content"]
    assert "text/calendar" in calendar
