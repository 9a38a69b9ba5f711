from subgraph_api.schemas import BillerList, BillerProfile, CategoryList


def test_list_billers(client):
    body = client.get("/v1/billers").get_json()
    BillerList.model_validate(body)
    ids = {b["id"] for b in body["items"]}
    assert {"apple-app-store", "google-play", "amazon", "paypal", "microsoft-store", "best-buy", "costco"} <= ids


def test_biller_profile(client):
    body = client.get("/v1/billers/google-play").get_json()
    BillerProfile.model_validate(body)
    assert body["cancel_methods"] and body["statement_descriptors"]
    assert "norton" in {s["id"] for s in body["services"]}


def test_unknown_biller(client):
    response = client.get("/v1/billers/bestbuy")
    assert response.status_code == 404
    assert response.get_json()["suggestions"][0] == "best-buy"


def test_categories(client, catalogue):
    body = client.get("/v1/categories").get_json()
    CategoryList.model_validate(body)
    counts = {item["id"]: item["services"] for item in body["items"]}
    assert counts == {category: len(services) for category, services in catalogue.services_by_category.items()}
    assert counts["security-software"] == 4  # Kaspersky, McAfee, Microsoft Defender, Norton
