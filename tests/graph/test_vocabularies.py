"""Every vocabulary is the graph's SKOS scheme: shapes, Python tuples, API enums and CLI help agree with it.

The schemes in graph/concepts.ttl are the source; the other copies exist for speed or for the
OpenAPI document, and this test fails as soon as one drifts (a concept added to a scheme but not
to a shape or an enum, or the other way round).
"""

import typing

import pytest
from rdflib import Graph
from rdflib.collection import Collection
from rdflib.namespace import SH, SKOS

from subgraph import answers, default_graph_dir
from subgraph.cli import recommend_command
from subgraph.decide.cancel import KIND_PREFERENCE
from subgraph.decide.question import Question
from subgraph.decide.score import ACTION_CONCEPT
from subgraph.graph.namespaces import ID, short_id
from subgraph.vocabulary import ACTIONS, PlanStatus, SourceKind


@pytest.fixture(scope="module")
def scheme(kg):
    def members(name):
        found = {short_id(concept) for concept in kg.rdf.subjects(SKOS.inScheme, ID[name])}
        assert found, f"no concept in scheme {name}"
        return found

    return members


@pytest.fixture(scope="module")
def notations(kg, scheme):
    def of(name):
        return {str(kg.rdf.value(ID[concept], SKOS.notation)) for concept in scheme(name)}

    return of


def _literal(answer_type, field):
    return set(typing.get_args(typing.get_type_hints(answer_type)[field]))


def test_every_closed_list_in_the_shapes_is_a_whole_scheme(kg):
    shapes = Graph().parse(default_graph_dir() / "shapes.ttl", format="turtle")
    lists = [{short_id(item) for item in Collection(shapes, head)} for head in shapes.objects(None, SH["in"])]
    assert len(lists) >= 9
    for listed in lists:
        schemes = {short_id(s) for item in listed for s in kg.rdf.objects(ID[item], SKOS.inScheme)}
        assert len(schemes) == 1, f"{sorted(listed)} mixes schemes {schemes}"
        whole = {short_id(c) for c in kg.rdf.subjects(SKOS.inScheme, ID[schemes.pop()])}
        assert listed == whole, f"the shape lists {sorted(listed)}, the scheme holds {sorted(whole)}"


def test_actions(scheme, notations):
    assert set(ACTIONS) == notations("actions")
    assert set(ACTION_CONCEPT) == set(ACTIONS) and set(ACTION_CONCEPT.values()) == scheme("actions")
    assert _literal(answers.Option, "action") == _literal(answers.Recommendation, "decision") == set(ACTIONS)


def test_source_kinds_and_plan_statuses(scheme):
    assert set(typing.get_args(SourceKind)) == _literal(answers.Source, "kind") == scheme("source-kinds")
    assert set(typing.get_args(PlanStatus)) == scheme("plan-statuses")


def test_cancel_method_kinds_all_have_a_preference(scheme):
    assert sorted(KIND_PREFERENCE) == sorted(scheme("method-kinds"))


def test_the_checklist_orders_caveat_kinds_each_in_one_place(catalogue, scheme):
    positions = [k.checklist_position for k in catalogue.caveat_kinds.values() if k.checklist_position is not None]
    assert len(positions) == len(set(positions)) == len(catalogue.checklist_kinds) >= 5
    assert set(catalogue.checklist_kinds) <= scheme("caveat-kinds")
    assert catalogue.checklist_kinds[0] == "note-end-date" and "cancel-on-the-web" in catalogue.checklist_kinds


def test_the_cli_names_every_platform(scheme):
    help_text = Question.model_fields["platform"].description
    assert next(p.help for p in recommend_command.params if p.name == "platform") == help_text
    named = {word.strip(" ,.()") for word in help_text.split("(")[0].replace(" or ", ", ").split(",")}
    assert named == scheme("platforms"), help_text
