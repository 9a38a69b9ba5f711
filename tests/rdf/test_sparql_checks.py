"""The query checks of the SPARQL engine, below the HTTP layer."""

import threading

import pyoxigraph as ox
import pytest
from hostile_queries import HOSTILE, PARSER_MISSES, hostile_queries

from subgraph.rdf.sparql import QueryRefused, check_parse_tree, check_query, normalise_query

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("template", HOSTILE + PARSER_MISSES)
def test_every_hostile_spelling_is_refused(template):
    query = template.format(url="http://127.0.0.1:9/", port=9)
    with pytest.raises(QueryRefused) as error:
        check_query(query)
    assert error.value.reason in {"service", "load", "dataset", "syntax", "update"}


@pytest.mark.parametrize("template", HOSTILE)
def test_the_parse_tree_alone_refuses_every_hostile_spelling_too(template):
    query = template.format(url="http://127.0.0.1:9/", port=9)
    with pytest.raises(QueryRefused):
        check_parse_tree(normalise_query(query))


def test_the_engine_does_follow_a_comment_ended_by_a_carriage_return(listener):
    """The hole these checks close: pyoxigraph alone sends the request."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://a.test/s"), ox.NamedNode("https://a.test/p"), ox.Literal("o")))
    with pytest.raises(OSError):  # the listener hangs up without an answer
        list(store.query(hostile_queries(listener.url)[0]))
    assert listener.connections == 1


def test_the_checked_text_is_the_text_to_run():
    checked = check_query("SELECT ?s\rWHERE { ?s ?p 'caf\\u00e9' } # a comment\r\n")
    assert checked.form == "SELECT"
    assert checked.text == "SELECT ?s\nWHERE { ?s ?p 'café' } # a comment\n"
    assert normalise_query(checked.text) == checked.text


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.com/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE SILENT <http://example.com/q> { ?a ?x ?y } } }",
    ],
)
def test_the_parse_tree_finds_service_whatever_the_keyword_scan_did(query):
    with pytest.raises(QueryRefused) as error:
        check_parse_tree(query)
    assert error.value.reason == "service"


def test_a_query_the_parser_cannot_read_is_refused():
    with pytest.raises(QueryRefused) as error:
        check_parse_tree(check_query("SELECT ?x WHERE { ?x ?p ?o FILTER( }").text)
    assert error.value.reason == "syntax"


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s ?p "SERVICE <http://x.test/> { }" }',
        "SELECT ?service WHERE { ?service ?p ?o }  # LOAD SERVICE in a comment",
        "PREFIX load: <https://w3id.org/subgraph/ns#> SELECT ?x WHERE { ?x load:service ?y }",
        "PREFIX schema: <https://schema.org/> SELECT ?from WHERE { ?from a schema:Service }",
        "SELECT ?s WHERE { ?s ?p _:service1 }",
    ],
)
def test_keywords_in_strings_comments_variables_and_names_are_fine(query):
    assert check_query(query).form == "SELECT"


def test_parsing_is_safe_under_threads():
    """rdflib's parser broke for good after a burst of parses on many threads."""
    failures = []

    def parse_many():
        for _ in range(5):
            try:
                check_parse_tree(COUNT)
            except QueryRefused as error:
                failures.append(error)

    threads = [threading.Thread(target=parse_many) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    check_parse_tree(COUNT)


def test_the_scan_catches_what_the_parser_reads_as_a_name(listener):
    """A spelling only the scan refuses: pyoxigraph alone does send the request."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://a.test/s"), ox.NamedNode("https://a.test/p"), ox.Literal("o")))
    query = PARSER_MISSES[0].format(url=listener.url, port=listener.port)
    check_parse_tree(normalise_query(query))  # rdflib sees nothing wrong
    with pytest.raises(QueryRefused):
        check_query(query)
    try:
        list(store.query(query))
    except OSError:
        pass  # the listener hangs up without an answer; the request has left all the same
    assert listener.connections == 1
