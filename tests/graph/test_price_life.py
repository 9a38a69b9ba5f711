"""Prices with a life: superseded prices and a channel's own prices stay out of what savings use.

Issue 16: a price the graph knows is stale, or that only one seller charges, must never read as the
renewal price anyone in the region pays; cancel methods say how their effort minutes were made.
"""

import pytest
from test_loader import PRICES, _problems

from subgraph import load_graph


def _write(small_graph, text):
    (small_graph / "services" / "zz-prices.ttl").write_text(text)


def _prices(**replace):
    text = PRICES.format(monthly="5.00", annual="50.00")
    for old, new in replace.items():
        assert old.replace("_", " ") in text
        text = text.replace(old.replace("_", " "), new, 1)
    return text


OLD = """
@prefix : <https://w3id.org/subgraph/id/> . @prefix sg: <https://w3id.org/subgraph/ns#> .
@prefix schema: <https://schema.org/> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:t-old a schema:Offer ; schema:itemOffered :{plan} ; sg:region "GB" ; schema:priceSpecification :t-old-r ;
  sg:priceStatus :superseded-price {extra} .
:t-old-r a schema:UnitPriceSpecification ; schema:price 4.00 ; schema:priceCurrency "GBP" ;
  schema:billingDuration "P1M"^^xsd:duration ; sg:priceKind :regular-price ; dcterms:source :src-t .
:src-t a sg:Source ; schema:url <https://t.test/> ; sg:sourceKind :official ; sg:checkedOn "2026-01-01"^^xsd:date .
"""


def test_every_offer_says_whether_its_price_is_current(small_graph):
    _write(
        small_graph, PRICES.format(monthly="5.00", annual="50.00").replace(" ;\n  sg:priceStatus :current-price", "", 1)
    )
    assert [p.node for p in _problems(small_graph) if "sg:priceStatus" in p.message] == ["t-m"]


def test_a_superseded_price_stands_beside_the_current_one_but_never_in_plan_offers(small_graph):
    note = '; schema:description "Raised since; the amount is unknown." ; sg:supersededBy :t-m'
    _write(
        small_graph, PRICES.format(monthly="5.00", annual="50.00") + OLD.format(plan="kaspersky-standard", extra=note)
    )
    cat = load_graph(small_graph).catalogue
    plan = cat.plans["kaspersky-standard"]
    assert "t-old" not in {o.id for o in plan.offers} and "t-m" in {o.id for o in plan.offers}
    assert [o.id for o in plan.superseded_offers] == ["t-old"]
    old = cat.offers["t-old"]
    assert old.superseded and old.superseded_by == "t-m" and old.note.startswith("Raised since")


def test_a_superseded_price_says_what_replaced_it(small_graph):
    _write(small_graph, PRICES.format(monthly="5.00", annual="50.00") + OLD.format(plan="kaspersky-standard", extra=""))
    found = [p for p in _problems(small_graph) if "superseded offer needs a schema:description" in p.message]
    assert [p.node for p in found] == ["t-old"]


def test_superseded_by_points_to_a_current_offer_of_the_same_plan(small_graph):
    plans = sorted(
        p.id
        for p in load_graph(small_graph).catalogue.plans.values()
        if p.service == "kaspersky" and p.id != "kaspersky-standard"
    )
    note = '; schema:description "Replaced." ; sg:supersededBy :t-m'
    _write(small_graph, PRICES.format(monthly="5.00", annual="50.00") + OLD.format(plan=plans[0], extra=note))
    assert [p.node for p in _problems(small_graph) if "offer of another plan" in p.message] == ["t-old"]


def test_a_current_price_that_has_ended_is_refused(small_graph):
    ended = 'sg:priceStatus :current-price ; schema:validThrough "2020-01-01"^^xsd:date .'
    _write(small_graph, _prices(**{"sg:priceStatus_:current-price .": ended}))
    assert [p.node for p in _problems(small_graph) if "mark it :superseded-price" in p.message] == ["t-m"]


def test_a_channel_price_belongs_to_a_channel_of_the_service(small_graph):
    cat = load_graph(small_graph).catalogue
    own = cat.services["kaspersky"].channels[0]
    other = cat.services["norton"].channels[0]
    _write(
        small_graph,
        _prices(**{"sg:priceStatus_:current-price .": f"sg:priceStatus :current-price ; sg:channel :{other} ."}),
    )
    assert [p.node for p in _problems(small_graph) if "is not a channel kaspersky is sold through" in p.message] == [
        "t-m"
    ]
    _write(
        small_graph,
        _prices(**{"sg:priceStatus_:current-price .": f"sg:priceStatus :current-price ; sg:channel :{own} ."}),
    )
    plan = load_graph(small_graph).catalogue.plans["kaspersky-standard"]
    assert [o.id for o in plan.channel_offers] == ["t-m"] and "t-m" not in {o.id for o in plan.offers}


def test_every_cancel_method_says_how_its_minutes_were_made(small_graph):
    path = small_graph / "services" / "kaspersky.ttl"
    text = path.read_text()
    path.write_text(text.replace("sg:effortBasis :our-estimate ;", "", 1))
    assert any("sg:effortBasis" in p.message for p in _problems(small_graph))


# -- the embedded graph -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "offer",
    [
        "youtube-premium-individual-us-p1m",  # 2022 price; the files' own notes record rises since
        "youtube-premium-family-us-p1m",
        "peacock-premium-us-p1m",
        "peacock-premium-plus-us-p1m",
        "max-ad-free-us-p1m",
        "espn-plus-standard-us-p1m",
        "espn-plus-standard-us-p1y",
    ],
)
def test_prices_known_to_be_stale_are_superseded(catalogue, offer):
    found = catalogue.offers[offer]
    assert found.superseded and found.note
    assert found not in catalogue.plans[found.plan].offers


@pytest.mark.parametrize(
    "offer,channel",
    [
        ("disney-plus-premium-us-p1m", "disney-plus--verizon"),  # what Verizon bills, not Disney's US price
        ("disney-bundle-premium-hulu-espn-with-ads-us-p1m", "disney-bundle--verizon"),
    ],
)
def test_a_sellers_own_price_is_scoped_to_its_channel(catalogue, offer, channel):
    found = catalogue.offers[offer]
    assert found.channel == channel
    assert found not in catalogue.plans[found.plan].offers and found in catalogue.plans[found.plan].channel_offers


def test_minutes_are_our_estimate_unless_sourced(catalogue):
    assert {m.effort_basis for m in catalogue.methods.values()} <= {"our-estimate", "sourced-effort"}
    assert all(m.minutes_estimated for m in catalogue.methods.values() if m.effort_basis == "our-estimate")


def test_a_plan_read_on_one_countrys_site_says_so(catalogue):
    # Norton's line-up was read on its Malaysian site (issue 16: rules and plans without their region);
    # Norton 360 with LifeLock was read on a US support page.
    malaysian = [plan for plan in catalogue.plans.values() if "malaysia.norton.com" in plan.source.url]
    assert malaysian and all(plan.regions == ("MY",) for plan in malaysian)
    assert catalogue.plans["norton-360-deluxe"].regions == ("MY",)
    assert catalogue.plans["norton-360-with-lifelock"].regions == ("US",)


@pytest.mark.parametrize("caveat", ["chatgpt-plus-no-partial-refund", "claude-pro-cancel-24h-before"])
def test_rules_from_european_terms_carry_their_regions(catalogue, caveat):
    regions = set(catalogue.caveats[caveat].regions)
    assert {"DE", "FR", "CH"} <= regions and "US" not in regions


def test_audible_us_answers_get_the_credits_rule(catalogue):
    assert "US" in catalogue.caveats["audible-credits-lost-us"].regions


def test_known_gaps_are_data(catalogue):
    # issue 16: what was looked for and not found is a node a view can show, not only a comment
    gaps = catalogue.gaps_by_service["kaspersky"]
    assert any(g.kind == "contact-gap" and "US" in g.regions for g in gaps)
    youtube = {g.kind: g for g in catalogue.gaps_by_service["youtube-premium"]}
    assert set(youtube["price-gap"].nodes) == {"youtube-premium-individual-us-p1m", "youtube-premium-family-us-p1m"}
    assert all(g.searched_in and g.last_searched for g in catalogue.gaps.values())


def test_a_gap_says_what_where_and_when(small_graph):
    path = small_graph / "services" / "kaspersky.ttl"
    undated = path.read_text().replace('sg:lastSearched "2026-12-01"^^xsd:date .', 'sg:searchedIn "somewhere" .', 1)
    path.write_text(undated)
    assert any("sg:lastSearched" in p.message for p in _problems(small_graph))
