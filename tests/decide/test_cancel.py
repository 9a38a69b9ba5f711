"""Cancel paths: subscription -> channel -> biller -> method -> steps."""

import pytest
from conftest import cancel_path_plain

from subgraph import UnknownId, load_graph
from subgraph.decide.cancel import identify_biller
from subgraph.text.descriptors import match_descriptor


@pytest.mark.parametrize(
    "via,biller",
    [
        ("Best Buy", "best-buy"),
        ("bestbuy", "best-buy"),
        ("Costco", "costco"),
        ("Microsoft Store", "microsoft-store"),
        ("Amazon", "amazon"),
        ("Apple App Store", "apple-app-store"),
        ("google-play", "google-play"),
    ],
)
def test_bought_at_a_retailer_or_store_goes_through_it(kg, catalogue, via, biller):
    path = cancel_path_plain(kg, "kaspersky", purchased_via=via)
    assert path["biller"]["id"] == biller
    assert path["method"]["id"] in catalogue.billers[biller].methods
    assert path["steps"] and [s["position"] for s in path["steps"]] == list(range(1, len(path["steps"]) + 1))


def test_kaspersky_direct_is_my_kaspersky_with_phone_fallback(kg, catalogue):
    path = cancel_path_plain(kg, "kaspersky", purchased_via="direct")
    assert path["biller"]["id"] == "kaspersky-lab"
    assert path["method"]["id"] == "kaspersky-my-kaspersky" and path["method"]["kind"] == "online"
    steps = catalogue.methods["kaspersky-my-kaspersky"].steps
    assert [(s["position"], s["text"]) for s in path["steps"]] == [(s.position, s.text) for s in steps]
    assert path["steps"][0]["text"].startswith("Go to my.kaspersky.com and sign in")
    assert any("renewal" in s["text"].lower() for s in path["steps"])
    assert path["method"]["minutes"] == {"min": 5, "max": 10}
    assert any(f["kind"] == "phone" for f in path["fallbacks"])


def test_cheapest_method_first(kg, catalogue):
    for service in catalogue.services:
        for channel in catalogue.services[service].channels:
            path = cancel_path_plain(kg, service, purchased_via=channel, region=None)
            if path["method"] is None:
                continue
            total = path["method"]["minutes"]["min"] + path["method"]["minutes"]["max"]
            assert all(total <= f["minutes"]["min"] + f["minutes"]["max"] for f in path["fallbacks"])


@pytest.mark.parametrize("via", ["no idea", "not sure", "?"])
def test_unknown_channel_explains_how_to_find_the_biller(kg, catalogue, via):
    path = cancel_path_plain(kg, "kaspersky", purchased_via=via)
    assert path["matched_by"] == "unknown"
    assert path["biller"] is None and path["method"] is None
    billers = {item["biller"]["id"] for item in path["how_to_find_biller"]}
    assert {"apple-app-store", "google-play"} <= billers
    assert any(item["statement_descriptors"] for item in path["how_to_find_biller"])
    # one candidate path per channel Kaspersky is sold through
    kaspersky = catalogue.service("kaspersky")
    assert sorted(c["biller"]["id"] for c in path["candidates"]) == sorted(
        catalogue.channels[c].biller for c in kaspersky.channels
    )
    assert any("statement" in note for note in (n["text"] for n in path["notes"]))


@pytest.mark.parametrize("via", [None, ""])
def test_no_channel_given_assumes_a_direct_purchase_and_says_so(kg, catalogue, via):
    """As the reference guide does: the provider's own steps first, saying so, then every other way."""
    path = cancel_path_plain(kg, "kaspersky", purchased_via=via)
    assert path["matched_by"] == "assumed_direct"
    assert path["channel"]["kind"] == "direct" and path["steps"]
    assert any("assume you bought Kaspersky" in note for note in (n["text"] for n in path["notes"]))
    kaspersky = catalogue.service("kaspersky")
    others = [c for c in kaspersky.channels if c != path["channel"]["id"]]
    assert sorted(c["channel"]["id"] for c in path["candidates"]) == sorted(others)
    assert {"apple-app-store", "google-play"} <= {item["biller"]["id"] for item in path["how_to_find_biller"]}


def test_no_channel_given_and_no_direct_sale_lists_the_candidates(kg, catalogue):
    without_direct = next(
        s.id
        for s in catalogue.services.values()
        if s.channels and not any(catalogue.channels[c].kind == "direct" for c in s.channels)
    )
    path = cancel_path_plain(kg, without_direct)
    assert path["matched_by"] == "unknown" and path["biller"] is None and path["candidates"]


def test_unrecognised_channel_says_so_and_lists_candidates(kg, catalogue):
    path = cancel_path_plain(kg, "norton", purchased_via="my cousin's flea market")
    assert path["matched_by"] == "unrecognised"
    assert path["candidates"]
    assert any("could not tell" in note for note in (n["text"] for n in path["notes"]))


@pytest.mark.parametrize(
    "descriptor,biller",
    [
        ("ITUNES.COM/BILL", "apple-app-store"),
        ("GOOGLE *Kaspersky", "google-play"),
    ],
)
def test_statement_descriptor_identifies_the_biller(kg, catalogue, descriptor, biller):
    assert match_descriptor(kg, descriptor).biller == biller
    path = cancel_path_plain(kg, "kaspersky", purchased_via=descriptor)
    assert path["matched_by"] == "statement_descriptor"
    assert path["biller"]["id"] == biller


def test_platform_picks_the_method_for_that_device(kg, catalogue):
    mac = cancel_path_plain(kg, "kaspersky", purchased_via="Apple App Store", platform="macos")
    assert "macos" in catalogue.methods[mac["method"]["id"]].platforms
    web = cancel_path_plain(kg, "kaspersky", purchased_via="Apple App Store", platform="web")
    assert "macos" not in catalogue.methods[web["method"]["id"]].platforms


def test_no_method_for_the_platform_says_so(kg, catalogue):
    path = cancel_path_plain(kg, "norton", purchased_via="Google Play", platform="windows")
    method = catalogue.methods[path["method"]["id"]]
    assert method.platforms and "windows" not in method.platforms  # Google Play's methods are web/Android
    assert any("another device" in note for note in (n["text"] for n in path["notes"]))


def test_caveats_come_with_their_sources(kg, catalogue):
    path = cancel_path_plain(kg, "norton", purchased_via="direct")
    assert path["caveats"]
    for caveat in path["caveats"]:
        assert caveat["source"]["url"].startswith("https://") and caveat["source"]["checked_on"]


def test_region_filters_caveats(kg, catalogue):
    for region in ("US", "GB"):
        path = cancel_path_plain(kg, "kaspersky", purchased_via="direct", region=region)
        assert all(not c["regions"] or region in c["regions"] for c in path["caveats"])


def test_kaspersky_not_sold_in_us_is_noted(kg, catalogue):
    path = cancel_path_plain(kg, "kaspersky", purchased_via="direct", region="US")
    assert any("not sold in US" in note for note in (n["text"] for n in path["notes"]))


def test_nothing_to_cancel_for_built_in(kg, catalogue):
    """Saying it came with the computer picks the built-in channel, not a store the words resemble."""
    for via in ("built into windows", "it came with my PC", "preinstalled"):
        path = cancel_path_plain(kg, "microsoft-defender-antivirus", purchased_via=via)
        assert path["method"]["kind"] == "nothing-to-cancel", via


def test_unknown_service(kg, catalogue):
    with pytest.raises(UnknownId):
        cancel_path_plain(kg, "no-such-service")


def test_identify_biller_prefers_the_service_channel(kg, catalogue):
    found = identify_biller(kg, catalogue.service("norton"), "Google Play")
    assert found == {"channel": "norton--google-play", "biller": "google-play", "matched_by": "biller"}


@pytest.mark.parametrize(
    "via,biller",
    [("the apple store", "apple-app-store"), ("best buy store", "best-buy"), ("bought at costco", "costco")],
)
def test_loosely_named_channel_is_resolved(kg, via, biller):
    path = cancel_path_plain(kg, "kaspersky", purchased_via=via)
    assert path["biller"]["id"] == biller and path["method"] is not None


def test_nonsense_channel_stays_unrecognised_with_the_resolver(kg):
    path = cancel_path_plain(kg, "norton", purchased_via="my cousin's flea market")
    assert path["matched_by"] == "unrecognised" and path["candidates"]


#: Two services in the graph without any sales channel: one of a provider that bills its own
#: customers (Netflix, Inc.), one of a provider that is no biller at all.
NO_CHANNELS = """
@prefix : <https://w3id.org/subgraph/id/> .
@prefix schema: <https://schema.org/> .
:example-tv a schema:Service ; schema:name "Example TV" ;
    schema:provider :mcafee-llc ; schema:category :video-streaming .
:example-radio a schema:Service ; schema:name "Example Radio" ;
    schema:provider :example-radio-inc ; schema:category :music-audio .
:example-radio-inc a schema:Organization ; schema:name "Example Radio Inc." .
"""


@pytest.fixture()
def no_channels(small_graph):
    (small_graph / "services" / "example-no-channels.ttl").write_text(NO_CHANNELS)
    return load_graph(small_graph)


def test_service_without_channels_says_the_graph_does_not_know(no_channels):
    for via in (None, "direct"):
        path = cancel_path_plain(no_channels, "example-radio", purchased_via=via)
        assert path["method"] is None and path["candidates"] == []
        assert any(
            "does not know yet how to cancel Example Radio" in note for note in (n["text"] for n in path["notes"])
        )
        assert not any("channels below" in note for note in (n["text"] for n in path["notes"]))


def test_bought_direct_from_a_provider_that_bills_elsewhere_uses_its_own_methods(no_channels):
    """McAfee LLC bills its own customers; a service of its sold nowhere yet is cancelled with it."""
    path = cancel_path_plain(no_channels, "example-tv", purchased_via="direct")
    assert path["matched_by"] == "direct" and path["biller"]["id"] == "mcafee-llc" and path["channel"] is None
    assert path["method"]["id"] in no_channels.catalogue.billers["mcafee-llc"].methods and path["steps"]
    assert any("does not record Example TV as sold through" in note for note in (n["text"] for n in path["notes"]))


def test_bought_direct_when_only_app_stores_sell_it_lists_them(small_graph):
    (small_graph / "services" / "example-tv.ttl").write_text("""
@prefix : <https://w3id.org/subgraph/id/> . @prefix sg: <https://w3id.org/subgraph/ns#> .
@prefix schema: <https://schema.org/> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:example-tv a schema:Service ; schema:name "Example TV" ; schema:provider :example-tv-inc ;
    schema:category :video-streaming ; sg:soldThrough :example-tv--apple-app-store .
:example-tv-inc a schema:Organization ; schema:name "Example TV Inc." .
:example-tv--apple-app-store a sg:SalesChannel ; schema:name "Example TV in the iPhone app" ;
    sg:channelKind :app-store ; sg:biller :apple-app-store ; dcterms:source :src-example-tv-help .
:src-example-tv-help a sg:Source ; schema:url <https://example.com/help> ;
    sg:sourceKind :official ; sg:checkedOn "2026-01-01"^^xsd:date .
""")
    path = cancel_path_plain(load_graph(small_graph), "example-tv", purchased_via="directly")
    assert path["matched_by"] == "no_direct_channel" and path["method"] is None
    assert [c["biller"]["id"] for c in path["candidates"]] == ["apple-app-store"]
    assert any("knows no direct sale of Example TV" in note for note in (n["text"] for n in path["notes"]))


def test_a_fallbacks_caveats_stay_with_the_fallback(kg, catalogue):
    """Verizon's device-protection refund rule belongs to its add-on page, not to cancelling Disney+."""
    path = cancel_path_plain(kg, "disney-plus", purchased_via="verizon")
    assert path["biller"]["id"] == "verizon"
    assert "verizon-add-on-prorated-refund" not in {c["id"] for c in path["caveats"]}
    fallback = next(f for f in path["fallbacks"] if f["id"] == "verizon-my-verizon-add-ons")
    assert "verizon-add-on-prorated-refund" in fallback["caveats"]
    assert "verizon-add-on-prorated-refund" in {c["id"] for c in path["method_caveats"]}


@pytest.mark.parametrize(
    "service,via,biller,matched_by",
    [
        ("chatgpt-plus", "chatgpt.com", "openai", "direct"),
        ("peacock", "my comcast bill", "xfinity", "biller"),
        ("kaspersky", "ITUNES.COM/BILL", "apple-app-store", "statement_descriptor"),
    ],
)
def test_the_place_of_purchase_is_read_as_people_say_it(kg, service, via, biller, matched_by):
    """Web addresses, parent companies and statement lines name who bills (text.places, one reader for all)."""
    path = cancel_path_plain(kg, service, purchased_via=via)
    assert (path["biller"]["id"], path["matched_by"]) == (biller, matched_by)


def test_norton_bought_direct_leads_with_the_norton_account_not_lifelock(kg):
    # both online, both 5-10 minutes: the direct channel's own method wins the tie, not the method id
    path = cancel_path_plain(kg, "norton")
    assert path["method"]["id"] == "gen-digital-norton-online"
    assert "gen-digital-lifelock-online" in [f["id"] for f in path["fallbacks"]]
    assert path["method"]["contact"] is None and path["method"]["url"] == "https://my.norton.com/"
