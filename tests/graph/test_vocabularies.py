"""Every vocabulary is the graph's SKOS scheme: shapes, Python tuples, API enums and CLI help agree with it.

The schemes in graph/concepts.ttl are the source; the other copies exist for speed or for the
OpenAPI document, and this test fails as soon as one drifts (a concept added to a scheme but not
to a shape or an enum, or the other way round).
"""

import typing

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH, SKOS

from subgraph import answers, default_graph_dir
from subgraph.cli import recommend_command
from subgraph.decide.cancel import KIND_PREFERENCE
from subgraph.decide.question import Question
from subgraph.decide.score import ACTION_CONCEPT
from subgraph.graph.namespaces import ID, SCHEMA, short_id
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


def test_every_concept_valued_property_names_its_scheme_and_lists_no_member(kg):
    """The shapes check a concept's scheme (sh:node to a shape on skos:inScheme), never a copy of its members."""
    shapes = Graph().parse(default_graph_dir() / "shapes.ttl", format="turtle")
    assert not list(shapes.objects(None, SH["in"])), "a shape lists concepts: name their scheme instead"
    scheme_of = {
        shape: shapes.value(prop, SH.hasValue)
        for shape, prop in shapes.subject_objects(SH.property)
        if shapes.value(prop, SH.path) == SKOS.inScheme and shapes.value(prop, SH.hasValue) is not None
    }
    assert all((scheme, RDF.type, SKOS.ConceptScheme) in kg.rdf for scheme in scheme_of.values())
    checked = {
        shapes.value(prop, SH.path): scheme_of[shapes.value(prop, SH.node)]
        for prop in shapes.subjects(SH.node, None)
        if shapes.value(prop, SH.node) in scheme_of
    }
    concept_valued = set(kg.rdf.subjects(RDFS.range, SKOS.Concept)) | {SCHEMA.category}
    assert concept_valued <= set(checked), f"not checked against a scheme: {concept_valued - set(checked)}"


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
