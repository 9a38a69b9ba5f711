"""A recommender scenario per category of the catalogue, on the graph's own data."""

import pytest
from conftest import cancel_path_plain, recommend_plain

from subgraph_api.schemas import Recommendation


def test_streaming_billed_by_roku_cancels_on_roku(kg, catalogue):
    path = cancel_path_plain(kg, "max", purchased_via="Roku")
    assert path["biller"]["id"] == "roku"
    assert path["method"]["id"] in catalogue.billers["roku"].methods and path["steps"]


def test_music_service_not_used_is_cancelled_and_free_is_offered(kg):
    answer = recommend_plain(
        kg, "spotify", plan="Spotify Premium Individual", reasons=["I never use it"], usage="never"
    )
    assert answer["decision"] == "cancel"
    downgrade = [o for o in answer["options"] if o["action"] == "downgrade"]
    assert downgrade and downgrade[0]["plan"] == "spotify-free" and downgrade[0]["annual_cost_after"] == 0


def test_monthly_membership_used_daily_switches_to_annual(kg):
    answer = recommend_plain(kg, "amazon-prime", plan="amazon-prime-membership", billing_cycle="monthly", usage="daily")
    assert answer["decision"] == "switch_billing_cycle"
    best = answer["options"][0]
    assert best["billing_cycle"] == "annual" and best["annual_saving"] == pytest.approx(12 * 14.99 - 139)


def test_gaming_downgrade_from_ultimate(kg):
    answer = recommend_plain(
        kg, "xbox game pass", plan="xbox-game-pass-ultimate", billing_cycle="monthly", reasons=["too expensive"]
    )
    downgrades = {o["plan"]: o["annual_saving"] for o in answer["options"] if o["action"] == "downgrade"}
    assert downgrades["xbox-game-pass-premium"] == pytest.approx(12 * (29.99 - 14.99))


def test_delivery_membership_price_paid(kg):
    answer = recommend_plain(
        kg, "instacart", plan="instacart-plus-membership", billing_cycle="monthly", price_paid=9.99, usage="weekly"
    )
    cycle = [o for o in answer["options"] if o["action"] == "switch_billing_cycle"]
    assert cycle and cycle[0]["annual_saving"] == pytest.approx(12 * 9.99 - 99)


@pytest.mark.parametrize(
    "service,biller", [("tinder", "apple-app-store"), ("dropbox", "google-play"), ("nordvpn", "apple-app-store")]
)
def test_app_store_subscriptions_cancel_in_the_store(kg, catalogue, service, biller):
    path = cancel_path_plain(kg, service, purchased_via=biller)
    assert path["biller"]["id"] == biller and path["method"]["kind"] == "app-store-settings"


def test_every_category_has_a_cancel_path_and_a_scenario(catalogue):
    covered = {
        category
        for category, services in catalogue.services_by_category.items()
        if any(catalogue.services[s].channels for s in services)
    }
    assert covered == set(catalogue.services_by_category) == set(NEVER_USED)


#: One subscription per category, bought direct, never used: each must be cancelled along a real path.
NEVER_USED = {
    "ai-assistant": "chatgpt-plus",
    "cloud-storage": "dropbox",
    "dating": "bumble",
    "fitness": "peloton",
    "food-delivery": "uber-one",
    "gaming": "playstation-plus",
    "learning": "skillshare",
    "music-audio": "spotify",
    "news": "wsj",
    "productivity-software": "adobe-creative-cloud",
    "professional": "linkedin-premium",
    "reading": "audible",
    "security-software": "norton",
    "shopping-membership": "walmart-plus",
    "video-streaming": "netflix",
    "vpn-privacy": "nordvpn",
}


@pytest.mark.parametrize("category,service", sorted(NEVER_USED.items()))
def test_never_used_subscription_per_category(kg, category, service):
    assert category in kg.catalogue.services[service].categories
    answer = recommend_plain(kg, service, purchased_via="direct", reasons=["I never use it"], usage="never")
    assert answer["decision"] == "cancel"
    path = answer["cancel_path"]
    assert path["biller"] is not None and path["method"] is not None and path["steps"]
    assert all(step["text"] for step in path["steps"])


def test_news_subscription_without_online_cancel_gives_chat_and_phone(kg, catalogue):
    path = cancel_path_plain(kg, "nyt", purchased_via="direct")
    assert path["method"]["kind"] == "chat" and path["method"]["contact"]["url"].startswith("https://")
    phones = [f["contact"]["telephone"] for f in path["fallbacks"] if f["contact"] and f["contact"]["telephone"]]
    assert phones and all(phone.startswith("+1") for phone in phones)


def test_bundle_premier_tier_downgrades_to_family_for_a_family_that_streams_music(kg):
    answer = recommend_plain(
        kg,
        "apple one",
        plan="premier",
        reasons=["too expensive"],
        needs=["music streaming", "extra members"],
        usage="daily",
    )
    assert answer["decision"] == "downgrade"
    best = answer["options"][0]
    assert best["plan"] == "apple-one-family" and best["annual_saving"] == pytest.approx(12 * (37.95 - 25.95))
    assert set(best["features_lost"]) == {"news-access", "workout-classes"}


def test_every_service_with_channels_has_candidate_paths_with_steps(kg, catalogue):
    for service in catalogue.services.values():
        if not service.channels:
            continue
        path = cancel_path_plain(kg, service.id, purchased_via="no idea")
        assert path["candidates"], service.id
        for candidate in path["candidates"]:
            method = catalogue.methods[candidate["method"]["id"]]
            assert method.steps and all(step.text for step in method.steps), (service.id, method.id)


def test_every_service_gets_a_recommendation_in_the_documented_shape(kg):
    for service in kg.catalogue.services:
        answer = recommend_plain(kg, service, reasons=["too expensive"], usage="rarely")
        Recommendation.model_validate(answer)
        if answer["decision"] in ("cancel", "switch_service"):
            assert answer["cancel_path"] is not None, service
        if kg.catalogue.services[service].channels and answer["cancel_path"]:
            path = answer["cancel_path"]
            assert path["method"] or path["candidates"], service
