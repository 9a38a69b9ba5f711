"""Queries the SPARQL endpoint must refuse or bound.

Spellings that would make the engine send a request (none may ever reach
the target), and queries too slow or too hungry to finish.

Each is a template with ``{url}`` (the target, ``http://127.0.0.1:PORT/``) and ``{port}``.
"""

HOSTILE = [
    # a comment ended by a bare carriage return: pyoxigraph ends it there, rdflib did not
    "SELECT * WHERE {{ # x\rSERVICE <{url}> {{ ?s ?p ?o }}\n}}",
    "ASK {{ # x\rSERVICE <{url}> {{ ?s ?p ?o }}\n}}",
    "SELECT * WHERE {{ # x\r\nSERVICE <{url}> {{ ?s ?p ?o }}\r\n}}",
    "SELECT * WHERE {{ ?s ?p ?o }} # x\rLIMIT 1 # y\r\rSERVICE <{url}> {{ }}",
    # codepoint escapes in keywords, comments and IRIs
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\U00000053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ # x\\u000DSERVICE <{url}> {{ ?s ?p ?o }}\n}}",
    "SELECT * WHERE {{ # x\\u000ASERVICE <{url}> {{ ?s ?p ?o }}\n}}",
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1\\u003A{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u005Cu0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    # SERVICE in every construct
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}> {{ ?s ?q ?r }} }} }}",
    "SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT ?s (EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} AS ?e) WHERE {{ ?s ?p ?o }}",
    "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} LIMIT 1 }} }}",
    "SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "DESCRIBE ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    # the service IRI in a variable
    "SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?u {{ <{url}> }} SERVICE ?u {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES $u {{ <{url}> }} SERVICE $u {{ ?s ?p ?o }} }}",
    # SILENT, case, and keywords glued to their neighbours
    "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ sErViCe sIlEnT <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ {{ ?s ?p ?o }}SERVICE<{url}>{{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p 1SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p trueSERVICE <{url}> {{ ?a ?b ?c }} }}",
    'SELECT * WHERE {{ ?s ?p "x"SERVICE <{url}> {{ ?a ?b ?c }} }}',
    "PREFIX : <{url}> SELECT * WHERE {{ SERVICE: {{ ?s ?p ?o }} }}",
    "PREFIX sg: <https://w3id.org/subgraph/ns#> SELECT * WHERE {{ ?s ?p sg:x.SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "BASE <{url}> SELECT * WHERE {{ SERVICE <> {{ ?s ?p ?o }} }}",
    # fetching data rather than querying it
    "LOAD <{url}>",
    "LOAD SILENT <{url}> INTO GRAPH <https://a.test/g>",
    "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o }} ; LOAD <{url}>",
    # control characters a parser may take for a line end
    "SELECT * WHERE {{ # x\x0bSERVICE <{url}> {{ ?s ?p ?o }}\n}}",
    "SELECT * WHERE {{ # x\x0cSERVICE <{url}> {{ ?s ?p ?o }}\n}}",
    "SELECT * WHERE {{ # x\u2028SERVICE <{url}> {{ ?s ?p ?o }}\n}}",
    "SELECT * WHERE {{ # x\x85SERVICE <{url}> {{ ?s ?p ?o }}\n}}",
]

#: Spellings rdflib's parser reads as harmless (an escape or a long dotted name it takes for one local
#: name) while pyoxigraph runs SERVICE: only the keyword scan (and the sandbox) stop these.
PARSER_MISSES = [
    "PREFIX ex: <http://e/>\nPREFIX : <{url}>\nSELECT * WHERE {{ ?s ex:p? ex:a\\#.b.SERVICE:x {{ }}\n}}",
    "PREFIX ex: <http://e/>\nPREFIX : <{url}>\nSELECT * WHERE {{ ?s ex:p? ex:a\\'.b.SERVICE:x {{ }} # '\n}}",
    "PREFIX ex: <http://e/\u00a0#>\nPREFIX : <{url}>\nSELECT * WHERE {{ ?s ex:p? ex:a.b.SERVICE:x {{ }}\n}}",
    "PREFIX ex: <http://e/>\nPREFIX : <{url}>\nASK {{ ?s ex:p? ex:a.b.c.SERVICE:x {{ }} }}",
]


def hostile_queries(url):
    """Every hostile spelling aimed at ``url`` (``http://127.0.0.1:PORT/``)."""
    port = url.rstrip("/").rsplit(":", 1)[1]
    return [template.format(url=url, port=port) for template in HOSTILE + PARSER_MISSES]


# slow on any graph: a four-way cross product of every triple
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
# memory-hungry: every answer of a three-way cross product, sorted
HUNGRY = "SELECT ?a ?d ?g WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"
