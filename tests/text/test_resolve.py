"""Text in, entities out: accuracy on phrasings the graph does not hold."""

import csv
from pathlib import Path

import pytest

from subgraph.answers import Suggestion
from subgraph.text.resolve import _normal

CASE_FILES = ("resolver_cases.tsv", "resolver_cases_fresh.tsv", "resolver_cases_third.tsv")


def _rows(name):
    return [
        row
        for row in csv.reader((Path(__file__).parents[1] / "data" / name).open(), delimiter="\t")
        if row and not row[0].startswith("#")
    ]


CASES = [row for name in CASE_FILES for row in _rows(name)]
#: Written by someone who saw only the ids and meanings, never the model or the phrasings (issue 17); the second
#: reasons set by another such writer on 2026-12-07, after the first had guided five rounds of phrasings by its counts.
EVAL_REASONS = [row for row in _rows("eval_reasons.tsv") if row[1] == "reason"]
EVAL_SEVERAL = [row for row in _rows("eval_reasons.tsv") if row[1] == "reasons"]
EVAL_REASONS_SECOND = [row for row in _rows("eval_reasons_second.tsv") if row[1] == "reason"]
EVAL_SEVERAL_SECOND = [row for row in _rows("eval_reasons_second.tsv") if row[1] == "reasons"]
#: A third, by a third such writer, measured once when the twelfth round of phrasings was in.
EVAL_REASONS_THIRD = [row for row in _rows("eval_reasons_third.tsv") if row[1] == "reason"]
EVAL_SEVERAL_THIRD = [row for row in _rows("eval_reasons_third.tsv") if row[1] == "reasons"]
EVAL_NEEDS = _rows("eval_needs.tsv")
#: Needs by a second such writer, measured once when the twelfth round of reason phrasings was in.
EVAL_NEEDS_SECOND = _rows("eval_needs_second.tsv")
EVAL_PLATFORMS = _rows("eval_platforms.tsv")
#: Top-1 with "did you mean" counted as a miss (several: the whole set of ids right), as measured last (README);
#: a change that loses ground on words nobody here wrote fails here.
FLOORS = {
    "reasons": 0.89,
    "reasons, second set": 0.96,
    "reasons, third set": 0.94,
    "several": 0.87,
    "several, second set": 0.93,
    "several, third set": 0.86,
    "needs": 0.95,
    "needs, second set": 0.97,
    "platforms": 0.91,
}
#: One-reason lines that resolve_all reads as several reasons, at most, per set: a spurious reason changes the
#: recommendation's scoring and explanation. First set: 24 before the clause rule, 11 with it, 12 after the sixth
#: round of phrasings (which took the second set from 22 to 17); 7 (second set: 10) after the twelfth, with a
#: second reason always needing a clause sure of itself (probability 0.7, three times its runner-up's).
READ_AS_SEVERAL_CEILING = {"first": 7, "second": 10, "third": 12}
#: What issue 17 asks for, on sets written before measuring: the second and third reasons sets, both needs sets and
#: the platforms. The first reasons set guided six rounds of phrasings by its counts: it is held to its floor
#: (170 of 190, one line short of the target).
TARGET = 0.90


def test_enough_held_out_cases():
    assert len(CASES) >= 50


def test_cases_are_not_in_the_graph(kg):
    """The test set must measure generalisation, not recall of stored names."""
    exact = [text for text, kind, _ in CASES if kg.resolver.resolve(text, kind).confidence == 1.0]
    assert len(exact) <= len(CASES) // 10, exact


def test_independent_sets_are_not_in_the_graph(kg):
    """No line of the independent sets is stored as a name or phrasing: they measure generalisation."""
    stored = {(kind, text) for kind, text in zip(kg.resolver._kinds, kg.resolver._texts)}
    cases = [(kind, text) for rows in _SINGLE.values() for text, kind, _ in rows]
    cases += [("reason", t) for rows in _SEVERAL.values() for t, _, _ in rows]
    copied = [text for kind, text in cases if (kind, _normal(text)) in stored]
    assert not copied, copied


def _accuracy(kg, rows):
    wrong = [(text, expected, kg.resolver.resolve(text, kind).id) for text, kind, expected in rows]
    wrong = [case for case in wrong if case[1] != case[2]]
    return 1 - len(wrong) / len(rows), wrong


def _several_accuracy(kg, rows):
    read = [
        ",".join(sorted(r.id for r in kg.resolver.resolve_all(text, "reason") if r.resolved)) for text, _, _ in rows
    ]
    wrong = [(text, expected, got) for (text, _, expected), got in zip(rows, read) if got != expected]
    return 1 - len(wrong) / len(rows), wrong


_SINGLE = {
    "reasons": EVAL_REASONS,
    "reasons, second set": EVAL_REASONS_SECOND,
    "reasons, third set": EVAL_REASONS_THIRD,
    "needs": EVAL_NEEDS,
    "needs, second set": EVAL_NEEDS_SECOND,
    "platforms": EVAL_PLATFORMS,
}
_SEVERAL = {
    "several": EVAL_SEVERAL,
    "several, second set": EVAL_SEVERAL_SECOND,
    "several, third set": EVAL_SEVERAL_THIRD,
}
_ONE_REASON = {"first": EVAL_REASONS, "second": EVAL_REASONS_SECOND, "third": EVAL_REASONS_THIRD}


@pytest.mark.parametrize("name", list(FLOORS))
def test_independent_sets_hold_their_floor(kg, name):
    accuracy, wrong = _several_accuracy(kg, _SEVERAL[name]) if name in _SEVERAL else _accuracy(kg, _SINGLE[name])
    print(f"independent {name}: top-1 {accuracy:.1%}")
    assert accuracy >= FLOORS[name], wrong


@pytest.mark.parametrize("name", list(READ_AS_SEVERAL_CEILING))
def test_one_reason_lines_are_not_read_as_several(kg, name):
    rows = _ONE_REASON[name]
    several = [(t, e) for t, _, e in rows if len([r for r in kg.resolver.resolve_all(t, "reason") if r.id]) > 1]
    print(f"independent one-reason lines read as several ({name} set): {len(several)} of {len(rows)}")
    assert len(several) <= READ_AS_SEVERAL_CEILING[name], several


@pytest.mark.parametrize(
    "name", ["reasons, second set", "reasons, third set", "needs", "needs, second set", "platforms"]
)
def test_independent_sets_reach_the_target(kg, name):
    accuracy, wrong = _accuracy(kg, _SINGLE[name])
    assert accuracy >= TARGET, wrong


def test_several_reasons_in_one_sentence(kg):
    read = kg.resolver.resolve_all("the price doubled at renewal, and the app keeps crashing my laptop", "reason")
    assert {r.id for r in read} == {"price-increase", "performance-issues"}
    assert all(r.resolved and r.text for r in read)
    nothing = kg.resolver.resolve_all("!!!", "reason")
    assert len(nothing) == 1 and not nothing[0].resolved


#: Written for this test (not lines of the evaluation sets): one reason told with context around it...
ONE_REASON_WITH_CONTEXT = [
    ("I've had it for years but the renewal price just doubled", "price-increase"),
    ("my kids set it up ages ago, honestly I never open it", "not-using"),
    ("we moved house last spring and now it keeps crashing my laptop", "performance-issues"),
    ("I signed up in 2019 for the family plan, it's just too expensive now", "too-expensive"),
    ("bought it on sale a while back, but I found the same thing cheaper elsewhere", "found-cheaper"),
    ("the support people were always nice, but there are ads everywhere now", "too-many-ads"),
    ("I use my phone for most things these days and I just never open the app", "not-using"),
    ("it was fine when I first got it, but the bill went up this year", "price-increase"),
    ("I finished the course I signed up for, so that's that", "finished-content"),
]
#: ...and two reasons in one sentence.
TWO_REASONS = [
    ("the price went up again and I barely use it", {"price-increase", "not-using"}),
    ("it slows my computer down, plus it's way too expensive", {"performance-issues", "too-expensive"}),
    ("I only have one laptop now and the renewal cost doubled", {"fewer-devices", "price-increase"}),
    ("too many ads, and I found a cheaper one", {"too-many-ads", "found-cheaper"}),
    ("my phone plan already includes it, also it keeps crashing", {"got-it-in-a-bundle", "performance-issues"}),
    ("I forgot I even had it and it costs too much", {"not-using", "too-expensive"}),
]


@pytest.mark.parametrize(("text", "expected"), ONE_REASON_WITH_CONTEXT)
def test_context_around_one_reason_adds_no_reason(kg, text, expected):
    """Issue 17: a clause of context ("my kids set it up ages ago") is not a second reason to cancel."""
    assert [r.id for r in kg.resolver.resolve_all(text, "reason")] == [expected]


@pytest.mark.parametrize(("text", "expected"), TWO_REASONS)
def test_two_reasons_in_one_sentence_are_two(kg, text, expected):
    read = kg.resolver.resolve_all(text, "reason")
    assert {r.id for r in read} == expected and len(read) == 2


def test_top1_accuracy_at_least_95_percent(kg):
    wrong = [
        (text, kind, expected, kg.resolver.resolve(text, kind).id)
        for text, kind, expected in CASES
        if kg.resolver.resolve(text, kind).id != expected
    ]
    accuracy = 1 - len(wrong) / len(CASES)
    print(f"resolver top-1 accuracy: {accuracy:.1%} on {len(CASES)} held-out phrasings")
    assert accuracy >= 0.95, wrong


@pytest.mark.parametrize(
    "text,kind", [("xyzzy plugh", "service"), ("", "service"), ("!!!", "reason"), ("xyzzy plugh", "platform")]
)
def test_nonsense_is_not_resolved(kg, text, kind):
    result = kg.resolver.resolve(text, kind)
    assert not result.resolved
    assert result.answer().id is None and result.answer().did_you_mean == tuple(
        Suggestion(i, round(c, 3)) for i, c in result.candidates
    )


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


@pytest.mark.parametrize("mash", ["zqxv wplk", "qqqq zzzz xxxx", "xkcd", "asdf ghjk", "<script>alert(1)</script>"])
@pytest.mark.parametrize("kind", ["reason", "feature"])
def test_keyboard_mash_resolves_to_nothing(kg, mash, kind):
    """The classifier always has a likeliest class; text like no phrasing of the graph must not get it."""
    assert kg.resolver.resolve(mash, kind).id is None
