"""The guide answer: every section of a guide page, from the same core answers the API returns."""

import pytest

from subgraph.decide.alternatives import alternatives
from subgraph.decide.cancel import cancel_path
from subgraph.decide.question import Question
from subgraph.views.guide import guide


def test_default_guide_is_the_providers_own_path_and_says_so(kg):
    page = guide(kg, "kaspersky")
    assert page.path.matched_by == "assumed_direct"
    assert any(n.code == "assumed-direct" for n in page.path.notes)
    assert page.path == cancel_path(kg, "kaspersky")


def test_every_other_channel_has_its_own_path_with_steps(kg, catalogue):
    page = guide(kg, "kaspersky")
    chosen = page.path.channel.id
    others = {p.channel.id for p in page.other_ways if p.channel}
    known = {c.id for c in page.channels}
    assert others == known - {chosen}
    assert {"kaspersky--google-play", "kaspersky--apple-app-store"} <= others
    assert all(p.steps for p in page.other_ways if p.method and catalogue.methods[p.method.id].steps)


def test_a_chosen_channel_names_its_biller(kg):
    page = guide(kg, "kaspersky", via="kaspersky--google-play")
    assert page.via == "kaspersky--google-play"
    assert page.path.biller.id == "google-play"
    assert "kaspersky--google-play" not in {p.channel.id for p in page.other_ways if p.channel}


def test_any_place_the_cancel_path_reads_is_a_channel_too(kg):
    # the reference guide's Costco: the graph records no sale there, and the path says so
    page = guide(kg, "kaspersky", via="Costco")
    assert page.path.biller.id == "costco"
    assert any(n.code == "channel-not-recorded" for n in page.path.notes)
    unsure = guide(kg, "kaspersky", via="no idea")
    assert unsure.path.method is None and unsure.path.candidates and unsure.path.how_to_find_biller


def test_summary_from_the_methods(kg):
    summary = guide(kg, "kaspersky").summary
    assert summary.online
    assert {"online", "phone", "app-store-settings"} <= set(summary.method_kinds)
    assert (summary.minutes.min, summary.minutes.max) == (5, 10)
    assert summary.slowest.max > 10  # phone takes longer


def test_savings_are_exact_and_come_from_the_alternatives(kg):
    page = guide(kg, "netflix")
    assert page.savings
    for saving in page.savings:
        found = alternatives(kg, Question(service="netflix", plan=saving.from_plan.id, billing_cycle=saving.from_cycle))
        same = [o for o in found.options if o.action == saving.action and o.plan == saving.to_plan.id]
        assert same and same[0].annual_saving == saving.annual_saving
        assert saving.annual_cost_before - saving.annual_cost_after == pytest.approx(saving.annual_saving)


def test_what_the_graph_does_not_know_is_said(kg):
    page = guide(kg, "kaspersky")
    codes = {n.code for n in page.unknowns}
    assert "no-phone-number" in codes  # no official source gives Kaspersky's US number
    assert any(g.kind == "contact-gap" for g in page.gaps)


def test_faq_answers_carry_the_sources_of_their_facts(kg):
    page = guide(kg, "kaspersky")
    assert len(page.faq) >= 7
    assert all(q.answer and q.sources for q in page.faq)


def test_a_guide_is_remembered(kg):
    assert guide(kg, "norton") is guide(kg, "norton")
    assert kg.answers.sizes()["guide"] >= 1


def test_every_service_has_a_guide(kg, catalogue):
    for service_id in catalogue.services:
        page = guide(kg, service_id)
        assert page.service.id == service_id
        assert page.path.method or page.path.candidates or page.path.notes
