"""The query checks of the SPARQL engine, below the HTTP layer."""

import pytest

from subgraph.sparql import QueryRefused, _check_parse_tree, check_query


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.com/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE SILENT <http://example.com/q> { ?a ?x ?y } } }",
])
def test_the_parse_tree_finds_service_whatever_the_keyword_scan_did(query):
    with pytest.raises(QueryRefused) as error:
        _check_parse_tree(query)
    assert error.value.reason == "service"


def test_a_query_the_parser_cannot_read_is_refused():
    with pytest.raises(QueryRefused) as error:
        check_query("SELECT ?x WHERE { ?x ?p ?o FILTER( }")
    assert error.value.reason == "syntax"


@pytest.mark.parametrize("query", [
    'SELECT ?s WHERE { ?s ?p "SERVICE <http://x.test/> { }" }',
    "SELECT ?service WHERE { ?service ?p ?o }  # LOAD SERVICE in a comment",
    "PREFIX load: <https://w3id.org/subgraph/ns#> SELECT ?x WHERE { ?x load:service ?y }",
])
def test_keywords_in_strings_comments_variables_and_names_are_fine(query):
    assert check_query(query) == "SELECT"
