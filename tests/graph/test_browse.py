import dataclasses

import orjson
import pytest

from subgraph import UnknownId
from subgraph.graph.browse import find_services, services_per_biller, services_per_category


def test_pages_cover_every_service_once_in_name_order(kg):
    total = find_services(kg).total
    pages = [find_services(kg, page=n, per_page=7) for n in range(1, total // 7 + 2)]
    listed = [s for p in pages for s in p.services]
    assert [s.id for s in listed] == sorted(kg.catalogue.services, key=lambda i: kg.catalogue.services[i].name.lower())
    assert total == len(kg.catalogue.services) and all(p.total == total and p.per_page == 7 for p in pages)
    assert all(len(p.services) == 7 for p in pages[:-1])


def test_a_page_past_the_last_is_empty_but_still_counts(kg):
    found = find_services(kg, page=500)
    assert found.services == () and found.page == 500 and found.total == len(kg.catalogue.services)


@pytest.mark.parametrize("page,per_page", [(0, 20), (1, 0), (-1, 5)])
def test_pages_start_at_one(kg, page, per_page):
    with pytest.raises(ValueError):
        find_services(kg, page=page, per_page=per_page)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("kaspersy", "kaspersky"),  # misspelt: found through the resolver
        ("WaPo", "washington-post"),  # an alias the name does not contain
        ("office 365", "microsoft-365"),
        ("HBO GO", "max"),
        ("nytimes", "nyt"),
    ],
)
def test_search_finds_a_service_by_misspelling_or_alias(kg, text, expected):
    assert expected in [s.id for s in find_services(kg, text=text, per_page=100).services]


def test_search_matches_part_of_a_name_in_any_case(kg):
    found = {s.id for s in find_services(kg, text="DISNEY", per_page=100).services}
    assert {"disney-plus", "disney-bundle"} <= found


def test_search_with_nothing_to_find_is_empty(kg):
    assert find_services(kg, text="zzzqqq").total == 0


def test_category_and_text_narrow_together(kg):
    security = find_services(kg, category="security-software", per_page=100)
    assert {s.id for s in security.services} == {"kaspersky", "mcafee", "microsoft-defender-antivirus", "norton"}
    assert [s.id for s in find_services(kg, category="security-software", text="norton").services] == ["norton"]
    assert find_services(kg, category="video-streaming", text="norton").total == 0


def test_empty_text_and_category_do_not_filter(kg):
    assert find_services(kg, text="", category="").total == len(kg.catalogue.services)


def test_unknown_category_suggests_what_was_meant(kg):
    with pytest.raises(UnknownId) as error:
        find_services(kg, category="securty-software")
    assert "security-software" in error.value.suggestions


def test_a_page_cannot_be_changed(kg):
    found = find_services(kg)
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.total = 0  # type: ignore[misc]
    assert isinstance(found.services, tuple)


def test_biller_counts_match_the_billing_edges_of_the_projection(kg):
    # counted again from the networkx projection, a path independent of the catalogue's channels
    billed: dict[str, set[str]] = {}
    for service in kg.catalogue.services:
        for _, channel, key in kg.nx.out_edges(service, keys=True):
            if key == "soldThrough":
                for _, biller, edge in kg.nx.out_edges(channel, keys=True):
                    if edge == "biller":
                        billed.setdefault(biller, set()).add(service)
    counts = services_per_biller(kg)
    assert {b.id: b.services for b in counts} == {b: len(billed.get(b, ())) for b in kg.catalogue.billers}
    assert [b.name.lower() for b in counts] == sorted(b.name.lower() for b in counts)


def test_app_stores_bill_the_most_services(kg):
    counts = sorted(services_per_biller(kg), key=lambda b: -b.services)
    assert {b.id for b in counts[:2]} == {"apple-app-store", "google-play"}


def test_category_counts_add_up_to_the_services_in_each(kg):
    counts = services_per_category(kg)
    assert {c.id for c in counts} == set(kg.catalogue.categories)
    for count in counts:
        assert count.services == find_services(kg, category=count.id).total
    assert sum(c.services for c in counts) == sum(len(s.categories) for s in kg.catalogue.services.values())
    assert [c.label for c in counts] == sorted(c.label for c in counts)


def test_counts_serialise_as_the_api_lists_them(kg):
    billers = orjson.loads(orjson.dumps(services_per_biller(kg)))
    assert set(billers[0]) == {"id", "name", "url", "services"}
    categories = orjson.loads(orjson.dumps(services_per_category(kg)))
    assert set(categories[0]) == {"id", "label", "services"}
