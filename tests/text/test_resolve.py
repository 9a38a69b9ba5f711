"""Text in, entities out: accuracy on phrasings the graph does not hold."""

import csv
from pathlib import Path

import pytest

CASE_FILES = ("resolver_cases.tsv", "resolver_cases_fresh.tsv", "resolver_cases_third.tsv")
CASES = [
    row
    for name in CASE_FILES
    for row in csv.reader((Path(__file__).parents[1] / "data" / name).open(), delimiter="\t")
    if row and not row[0].startswith("#")
]


def test_enough_held_out_cases():
    assert len(CASES) >= 50


def test_cases_are_not_in_the_graph(kg):
    """The test set must measure generalisation, not recall of stored names."""
    exact = [text for text, kind, _ in CASES if kg.resolver.resolve(text, kind).confidence == 1.0]
    assert len(exact) <= len(CASES) // 10, exact


def test_top1_accuracy_at_least_95_percent(kg):
    wrong = [
        (text, kind, expected, kg.resolver.resolve(text, kind).id)
        for text, kind, expected in CASES
        if kg.resolver.resolve(text, kind).id != expected
    ]
    accuracy = 1 - len(wrong) / len(CASES)
    print(f"resolver top-1 accuracy: {accuracy:.1%} on {len(CASES)} held-out phrasings")
    assert accuracy >= 0.95, wrong


@pytest.mark.parametrize("text,kind", [("xyzzy plugh", "service"), ("", "service"), ("!!!", "reason")])
def test_nonsense_is_not_resolved(kg, text, kind):
    result = kg.resolver.resolve(text, kind)
    assert not result.resolved
    assert result.as_dict()["id"] is None


def test_did_you_mean_lists_candidates(kg):
    result = kg.resolver.resolve("norrrrtttttoooon secu", "service")
    assert (result.resolved, result.id) == (True, "norton")
    unsure = kg.resolver.resolve("nrtn", "service")  # too little to be sure of: offered, not chosen
    assert not unsure.resolved and unsure.candidates[0][0] == "norton" and len(unsure.candidates) > 1


def test_exact_names_are_certain(kg):
    for service in kg.catalogue.services.values():
        result = kg.resolver.resolve(service.name.upper(), "service")
        assert (result.id, result.confidence) == (service.id, 1.0)


def test_unknown_kind_is_an_error(kg):
    with pytest.raises(ValueError, match="unknown kind"):
        kg.resolver.resolve("x", "spaceship")
