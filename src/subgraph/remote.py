"""The graph kept in an external SPARQL 1.1 store (for example an Oxigraph server).

A deployment that outgrows one machine keeps the graph in a triple store
and points the service at it: the service reads and validates the graph
from the store's query endpoint at start, and forwards SPARQL queries to
it, with the same refusals and time limit as the embedded engine.
"""

import socket
import urllib.error
import urllib.request

from rdflib import Graph

from .sparql import (DEFAULT_MAX_RESULT_BYTES, DEFAULT_TIMEOUT, GRAPH_FORMATS, RESULT_FORMATS, QueryRefused,
                     QueryTimeout, ResultTooLarge, check_query)

__all__ = ["read_remote_graph", "RemoteSparqlEngine"]

_EVERYTHING = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def _post(endpoint, query, accept, timeout, limit=None):
    request = urllib.request.Request(endpoint, data=query.encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/sparql-query", "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read() if limit is None else response.read(limit + 1)
            return body, response.headers.get_content_type()
    except (socket.timeout, TimeoutError) as error:
        raise QueryTimeout(f"the store did not answer within {timeout:g} s") from error
    except urllib.error.HTTPError as error:
        detail = error.read(2000).decode("utf-8", "replace").strip()
        raise QueryRefused("syntax" if error.code == 400 else "evaluation",
                           f"the store answered {error.code}: {detail}") from None


def read_remote_graph(endpoint, timeout=300):
    """Every triple of the store behind a SPARQL endpoint, as an rdflib graph.

    Parameters
    ----------
    endpoint : str
        The query URL, e.g. ``http://127.0.0.1:7878/query``.
    """
    body, _ = _post(endpoint, _EVERYTHING, "application/n-triples", timeout)
    return Graph().parse(data=body, format="nt")


class RemoteSparqlEngine:
    """:class:`subgraph.sparql.SparqlEngine`'s interface, answered by an external store."""

    def __init__(self, endpoint, timeout=DEFAULT_TIMEOUT, max_result_bytes=DEFAULT_MAX_RESULT_BYTES):
        self.endpoint, self.timeout, self.max_result_bytes = endpoint, timeout, max_result_bytes

    def query(self, text, accept=None):
        form = check_query(text)
        formats = GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS
        media = accept or next(iter(formats))
        if media not in formats:
            raise QueryRefused("not-acceptable", f"a {form} query answers as {', '.join(formats)}, not {media}")
        body, _ = _post(self.endpoint, text, media, self.timeout, self.max_result_bytes)
        if len(body) > self.max_result_bytes:
            raise ResultTooLarge(f"the result is over the {self.max_result_bytes} byte bound; add a LIMIT")
        return body, media

    def close(self):
        """Nothing to stop: the store runs on its own."""
