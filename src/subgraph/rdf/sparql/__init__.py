"""A safe, read-only SPARQL 1.1 query engine over the graph, answered by pyoxigraph.

* :mod:`.checks`: what a query must be (read-only, local, one dataset), read
  from the same normalised text the engine then runs;
* :mod:`.sandbox`: the query process, with no network, a memory limit, and
  no life beyond its parent's;
* :mod:`.slots`: how many queries run at once, across every worker;
* :mod:`.engine`: runs checked queries in those processes, with a time limit
  that covers the whole answer;
* :mod:`.formats`: the media types of answers.

rdflib stays the RDF API of the project; pyoxigraph answers queries, one to
two orders of magnitude faster than rdflib's engine on joins.
"""

from .checks import QUERY_FORMS, CheckedQuery, QueryRefused, check_parse_tree, check_query, normalise_query
from .engine import (
    DEFAULT_MAX_RESULT_BYTES,
    DEFAULT_MEMORY_BYTES,
    DEFAULT_TIMEOUT,
    QueryAbandoned,
    QueryFailed,
    QueryProcesses,
    QueryTimeout,
    ResultTooLarge,
    SparqlEngine,
)
from .formats import GRAPH_FORMATS, RESULT_FORMATS, AnswerFormat, answer_format
from .sandbox import SandboxUnavailable
from .slots import EngineBusy, QuerySlots

__all__ = [
    "SparqlEngine",
    "QueryProcesses",
    "QuerySlots",
    "check_query",
    "check_parse_tree",
    "normalise_query",
    "answer_format",
    "CheckedQuery",
    "AnswerFormat",
    "QueryRefused",
    "QueryTimeout",
    "QueryFailed",
    "QueryAbandoned",
    "ResultTooLarge",
    "EngineBusy",
    "SandboxUnavailable",
    "RESULT_FORMATS",
    "GRAPH_FORMATS",
    "QUERY_FORMS",
    "DEFAULT_TIMEOUT",
    "DEFAULT_MAX_RESULT_BYTES",
    "DEFAULT_MEMORY_BYTES",
]
