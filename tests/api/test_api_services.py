import pytest

from subgraph_api.schemas import Alternatives, CancelPath, ServiceList, ServiceProfile


def test_list_services(client, catalogue):
    body = client.get("/v1/services?per_page=100").get_json()
    ServiceList.model_validate(body)
    assert body["total"] == len(catalogue.services) and len(body["items"]) == min(100, body["total"])
    assert {"kaspersky", "norton"} <= {s["id"] for s in body["items"]}
    first = client.get("/v1/services").get_json()
    assert len(first["items"]) == min(20, first["total"]) and first["per_page"] == 20


def test_list_filters_and_paginates(client, catalogue):
    security = set(catalogue.services_by_category["security-software"])
    first = client.get("/v1/services?category=security-software&per_page=2&page=1").get_json()
    body = client.get("/v1/services?category=security-software&per_page=2&page=2").get_json()
    assert body["page"] == 2 and body["per_page"] == 2 and body["total"] == len(security) == 4
    assert len(first["items"]) == len(body["items"]) == 2
    assert {s["id"] for s in first["items"] + body["items"]} == security
    assert all("security-software" in s["categories"] for s in body["items"])
    assert client.get("/v1/services?q=kaspersy").get_json()["items"][0]["id"] == "kaspersky"
    assert client.get("/v1/services?q=zzzqqq").get_json()["total"] == 0


def test_unknown_category_is_404(client):
    response = client.get("/v1/services?category=securty-software")
    assert response.status_code == 404
    assert "security-software" in response.get_json()["suggestions"]


def test_unknown_query_parameters_are_ignored(client):
    assert client.get("/v1/services?colour=blue").status_code == 200


def test_service_profile_with_sources(client):
    body = client.get("/v1/services/kaspersky").get_json()
    ServiceProfile.model_validate(body)
    assert body["faq"] and body["billers"]
    prices = [o["regular_price"] for p in body["plans"] for o in p["offers"]]
    assert prices and all(p["source"]["checked_on"] for p in prices)


def test_bundle_and_member_profiles_link_both_ways(client):
    bundle = client.get("/v1/services/disney-bundle").get_json()
    ServiceProfile.model_validate(bundle)
    assert "hulu" in {s["id"] for s in bundle["includes"]}
    hulu = client.get("/v1/services/hulu").get_json()
    assert "disney-bundle" in {b["id"] for b in hulu["included_in"]}


def test_unknown_service_is_404_with_suggestions(client):
    response = client.get("/v1/services/kasperski")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["type"].endswith("/not-found") and body["suggestions"][0] == "kaspersky"


@pytest.mark.parametrize(
    "via,biller",
    [("Best Buy", "best-buy"), ("Costco", "costco"), ("Microsoft Store", "microsoft-store"), ("Amazon", "amazon")],
)
def test_cancel_path_through_the_retailer(client, via, biller):
    body = client.get(f"/v1/services/kaspersky/cancel-path?purchased_via={via}").get_json()
    CancelPath.model_validate(body)
    assert body["biller"]["id"] == biller and body["steps"]


def test_cancel_path_direct(client, catalogue):
    body = client.get("/v1/services/kaspersky/cancel-path?purchased_via=direct&region=gb").get_json()
    assert body["method"]["id"] == "kaspersky-my-kaspersky" and body["method"]["kind"] == "online"
    assert [s["text"] for s in body["steps"]] == [s.text for s in catalogue.methods["kaspersky-my-kaspersky"].steps]
    assert body["method"]["minutes"] == {"min": 5, "max": 10}
    assert any(f["kind"] == "phone" for f in body["fallbacks"])
    assert body["region"] == "GB"


def test_cancel_path_unknown_channel(client):
    body = client.get("/v1/services/kaspersky/cancel-path?purchased_via=no%20idea").get_json()
    assert body["biller"] is None and body["how_to_find_biller"] and body["candidates"]


def test_cancel_path_unknown_platform_names_the_field(client):
    response = client.get("/v1/services/kaspersky/cancel-path?platform=toaster")
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "platform"


def test_cancel_path_bad_region(client):
    response = client.get("/v1/services/kaspersky/cancel-path?region=USA")
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["field"] == "region"


def test_alternatives(client):
    body = client.get("/v1/services/norton/alternatives?needs=antivirus&needs=firewall").get_json()
    Alternatives.model_validate(body)
    assert {o["action"] for o in body["options"]} >= {"cancel", "keep"}
    assert [n["id"] for n in body["resolved"]["needs"]] == ["antivirus", "firewall"]


def test_alternatives_take_the_currency_of_the_price(client, kg):
    asked = "plan=standard&billing_cycle=monthly&price_paid=10.99"
    in_dollars = client.get(f"/v1/services/netflix/alternatives?{asked}").get_json()
    in_euros = client.get(f"/v1/services/netflix/alternatives?{asked}&currency=eur").get_json()
    assert in_dollars["current"]["currency"] == "USD" and in_euros["current"]["currency"] == "EUR"
    assert any(o["action"] == "switch_service" and o["annual_cost_after"] for o in in_dollars["options"])
    assert not any(o["action"] == "switch_service" and o["annual_cost_after"] for o in in_euros["options"])
    assert client.get(f"/v1/services/netflix/alternatives?{asked}&currency=euro").status_code == 400


def test_alternatives_unknown_need(client):
    response = client.get("/v1/services/norton/alternatives?needs=teleportation")
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "needs"


def test_get_answers_carry_etag_and_cache_control(client):
    response = client.get("/v1/services/norton")
    assert response.headers["Cache-Control"].startswith("public")
    again = client.get("/v1/services/norton", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    # HEAD is a GET without the body: the same cache headers
    head = client.head("/v1/services/norton")
    assert head.headers["Cache-Control"] == response.headers["Cache-Control"]
    assert head.headers["ETag"] == response.headers["ETag"] and not head.data


def test_every_service_profile_matches_the_documented_schema(client, catalogue):
    for service_id in catalogue.services:
        response = client.get(f"/v1/services/{service_id}")
        assert response.status_code == 200, service_id
        ServiceProfile.model_validate(response.get_json())


def test_profile_shows_the_cancel_methods_of_each_channel(client, catalogue):
    """A method that lives on a channel (YouTube TV's own, not Google Play's) must not go missing."""
    shown = set()
    for service_id in catalogue.services:
        for channel in client.get(f"/v1/services/{service_id}").get_json()["channels"]:
            ids = [m["id"] for m in channel["cancel_methods"]]
            assert ids == list(catalogue.channels[channel["id"]].methods)
            shown.add(channel["id"])
    # every channel of every service is shown, and some carry methods of their own
    assert shown == {channel for service in catalogue.services.values() for channel in service.channels}
    assert any(catalogue.channels[channel].methods for channel in shown)
