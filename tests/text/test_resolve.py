"""Text in, entities out: accuracy on phrasings the graph does not hold."""

import copy
import csv
from dataclasses import dataclass
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


@dataclass(frozen=True)
class EvalSet:
    """An evaluation set written by someone who saw only the ids and meanings, never the model or the phrasings.

    ``guided``: its counts (never its lines) guided rounds of example phrasings, so it no longer measures words
    nobody here aimed at. Floors are counts of lines read right, as measured last (README): any loss fails.
    """

    file: str
    guided: bool
    floor: int
    #: several-reasons lines read whole, at least; and one-reason lines read as several, at most
    several_floor: int | None = None
    read_as_several_ceiling: int | None = None

    @property
    def single(self) -> list[list[str]]:
        return [row for row in _rows(self.file) if row[1] != "reasons"]

    @property
    def several(self) -> list[list[str]]:
        return [row for row in _rows(self.file) if row[1] == "reasons"]


#: Issue 17's sets. Read as several: 24 of the first set's lines before the clause rule, 11 with it; a second reason
#: now always needs a clause sure of itself (probability 0.7, three times its runner-up's).
EVAL_SETS = {
    "reasons": EvalSet("eval_reasons.tsv", guided=True, floor=170, several_floor=21, read_as_several_ceiling=7),
    "reasons, second set": EvalSet(
        "eval_reasons_second.tsv", guided=False, floor=196, several_floor=28, read_as_several_ceiling=10
    ),
    # measured once, when the twelfth round of phrasings was in
    "reasons, third set": EvalSet(
        "eval_reasons_third.tsv", guided=False, floor=194, several_floor=26, read_as_several_ceiling=12
    ),
    "needs": EvalSet("eval_needs.tsv", guided=True, floor=71),
    "needs, second set": EvalSet("eval_needs_second.tsv", guided=False, floor=86),  # measured once, likewise
    "platforms": EvalSet("eval_platforms.tsv", guided=True, floor=62),
}
#: What issue 17 asks for, top-1 with "did you mean" counted as a miss.
TARGET = 0.90
#: The one set still short of it: the first reasons set (170 of 190), which guided six rounds by its counts.
_SHORT_OF_TARGET = {"reasons"}


def test_enough_held_out_cases():
    assert len(CASES) >= 50


def test_cases_are_not_in_the_graph(kg):
    """The test set must measure generalisation, not recall of stored names."""
    exact = [text for text, kind, _ in CASES if kg.resolver.resolve(text, kind).confidence == 1.0]
    assert len(exact) <= len(CASES) // 10, exact


def test_independent_sets_are_not_in_the_graph(kg):
    """No line of the independent sets is stored as a name or phrasing: they measure generalisation."""
    stored = {(kind, text) for kind, text in zip(kg.resolver._kinds, kg.resolver._texts)}
    cases = [(kind, text) for each in EVAL_SETS.values() for text, kind, _ in each.single]
    cases += [("reason", text) for each in EVAL_SETS.values() for text, _, _ in each.several]
    copied = [text for kind, text in cases if (kind, _normal(text)) in stored]
    assert not copied, copied


def _misread(kg, rows):
    read = [(text, expected, kg.resolver.resolve(text, kind).id) for text, kind, expected in rows]
    return [case for case in read if case[1] != case[2]]


def _several_misread(kg, rows):
    read = [
        ",".join(sorted(r.id for r in kg.resolver.resolve_all(text, "reason") if r.resolved)) for text, _, _ in rows
    ]
    return [(text, expected, got) for (text, _, expected), got in zip(rows, read) if got != expected]


@pytest.mark.parametrize(
    ("name", "lines"),
    [(name, "one reason") for name in EVAL_SETS]
    + [(name, "several reasons") for name, each in EVAL_SETS.items() if each.several_floor is not None],
)
def test_independent_sets_hold_their_floor(kg, name, lines):
    each = EVAL_SETS[name]
    if lines == "one reason":
        rows, wrong, floor = each.single, _misread(kg, each.single), each.floor
    else:
        rows, wrong, floor = each.several, _several_misread(kg, each.several), each.several_floor
    print(f"independent {name}, {lines}: {len(rows) - len(wrong)} of {len(rows)}")
    assert len(rows) - len(wrong) >= floor, wrong


@pytest.mark.parametrize("name", [name for name, each in EVAL_SETS.items() if each.read_as_several_ceiling is not None])
def test_one_reason_lines_are_not_read_as_several(kg, name):
    rows = EVAL_SETS[name].single
    several = [(t, e) for t, _, e in rows if len([r for r in kg.resolver.resolve_all(t, "reason") if r.id]) > 1]
    print(f"independent {name}: one-reason lines read as several: {len(several)} of {len(rows)}")
    assert len(several) <= EVAL_SETS[name].read_as_several_ceiling, several


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason="one line short of issue 17's 90%"))
        if name in _SHORT_OF_TARGET
        else name
        for name in EVAL_SETS
    ],
)
def test_independent_sets_reach_the_target(kg, name):
    rows = EVAL_SETS[name].single
    assert 1 - len(_misread(kg, rows)) / len(rows) >= TARGET


def test_unguided_sets_are_large_enough_for_the_target():
    """Issue 17: a fresh set of at least 150 reasons and 50 needs, written before measuring, guiding nothing."""
    unguided = [each for each in EVAL_SETS.values() if not each.guided]
    assert max(len(each.single) for each in unguided if each.file.startswith("eval_reasons")) >= 150
    assert max(len(each.single) for each in unguided if each.file.startswith("eval_needs")) >= 50


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


def _reader(kg, readings):
    """The graph's resolver, reading each text as `readings` says: text -> (id or None, probability, runner-up's)."""
    from subgraph.text.resolve import Resolution

    resolver = copy.copy(kg.resolver)

    def resolve(text, kind, *, k=3, **_):
        node, probability, runner_up = readings[text]
        candidates = ((node or "asked", probability), ("runner-up", runner_up))
        return Resolution(text, kind, node, probability, None, candidates)

    resolver.resolve = resolve
    return resolver


@pytest.mark.parametrize(
    ("readings", "expected"),
    [
        # the whole text's reading leads; a clause adds another only when it is sure of itself (0.7, 3x)
        (
            {
                "a b, c d, e f": ("x", 0.5, 0.1),
                "a b": ("y", 0.9, 0.05),
                "c d": ("z", 0.6, 0.1),
                "e f": (None, 0.2, 0.1),
            },
            [("a b, c d, e f", "x"), ("a b", "y")],
        ),
        # no reading of the whole text: the surest clause gives the first reason, any other must be sure of itself
        (
            {
                "a b, c d, e f": (None, 0.4, 0.3),
                "a b": ("y", 0.5, 0.2),
                "c d": ("z", 0.6, 0.25),
                "e f": ("w", 0.4, 0.1),
            },
            [("c d", "z")],
        ),
        # one reason in two clauses: given once, read from the surer clause
        ({"a b, c d": (None, 0.4, 0.3), "a b": ("y", 0.75, 0.1), "c d": ("y", 0.95, 0.01)}, [("c d", "y")]),
        # a clause giving the whole text's own reason adds nothing
        ({"a b, c d": ("y", 0.9, 0.01), "a b": ("y", 0.99, 0.0), "c d": (None, 0.2, 0.1)}, [("a b, c d", "y")]),
        # one clause only: the whole text alone, asked about when it does not resolve
        ({"a b c d": (None, 0.4, 0.3)}, [("a b c d", None)]),
    ],
)
def test_several_reasons_rule(kg, readings, expected):
    """resolve_all's rule on fixed readings, whatever the fitted model makes of real sentences."""
    whole = next(iter(readings))
    assert [(r.text, r.id) for r in _reader(kg, readings).resolve_all(whole, "reason")] == expected


def test_meaning_gives_the_other_readings_as_also(kg):
    readings = {
        "a b, c d, e f": (None, 0.4, 0.3),
        "a b": ("y", 0.8, 0.1),
        "c d": ("z", 0.9, 0.05),
        "e f": ("w", 0.5, 0.1),
    }
    meaning = _reader(kg, readings).meaning("a b, c d, e f", "reason")
    assert meaning.id is None and [(a.text, a.id) for a in meaning.also] == [("c d", "z"), ("a b", "y")]
