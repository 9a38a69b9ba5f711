"""The graph kept in an external SPARQL 1.1 store (for example an Oxigraph server).

A deployment that outgrows one machine keeps the graph in a triple store
and points the service at it: the service reads and validates the graph
from the store's query endpoint at start, and forwards SPARQL queries to
it, with the same checks (the store sees only the checked, normalised
text), the same bound on queries at once and the same time limit as the
embedded engine. The store's own error text is never passed on: it could
carry what the store met elsewhere.
"""

import http.client
import select
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from rdflib import Graph

from .export import unpublish
from .sparql import (
    DEFAULT_MAX_RESULT_BYTES,
    DEFAULT_MEMORY_BYTES,
    DEFAULT_TIMEOUT,
    CheckedQuery,
    QueryAbandoned,
    QueryFailed,
    QueryProcesses,
    QueryRefused,
    QuerySlots,
    QueryTimeout,
    ResultTooLarge,
    answer_format,
    check_query,
)

__all__ = ["read_remote_graph", "RemoteSparqlEngine"]

_EVERYTHING = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_POLL_SECONDS = 0.05
_CHUNK = 64 * 1024


def _post(endpoint, query, accept, *, timeout, limit=None, abandoned=None):
    """The store's answer to ``query``, within ``timeout`` seconds in all; redirects are not followed."""
    url = urlsplit(endpoint)
    connection_class = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    deadline = time.monotonic() + timeout
    connection = connection_class(url.hostname, url.port, timeout=timeout)
    try:
        connection.request(
            "POST",
            url.path or "/",
            body=query.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query", "Accept": accept},
        )
        _wait_for_answer(connection.sock, deadline, abandoned, timeout)
        response = connection.getresponse()
        if response.status >= 300:
            raise QueryRefused(
                "syntax" if response.status == 400 else "evaluation",
                f"the store could not {'parse' if response.status == 400 else 'answer'} "
                f"this query (it answered {response.status})",
            )
        body = bytearray()
        while chunk := response.read1(_CHUNK):
            body += chunk
            if limit is not None and len(body) > limit:
                raise ResultTooLarge(f"the result is over the {limit} byte bound; add a LIMIT")
            if time.monotonic() > deadline:
                raise QueryTimeout(f"the store did not answer within {timeout:g} s")
            if connection.sock is not None:  # None once a store that closes after answering has sent it all
                connection.sock.settimeout(max(0.001, deadline - time.monotonic()))
        return bytes(body), response.headers.get_content_type()
    except TimeoutError:
        raise QueryTimeout(f"the store did not answer within {timeout:g} s") from None
    except (OSError, http.client.HTTPException):
        raise QueryFailed("the store could not be reached or broke off its answer") from None
    finally:
        connection.close()  # an abandoned or late query is not waited for


def _wait_for_answer(sock, deadline, abandoned, timeout):
    while not select.select([sock], [], [], max(0.0, min(_POLL_SECONDS, deadline - time.monotonic())))[0]:
        if abandoned is not None and abandoned():
            raise QueryAbandoned("the client went away; the query was stopped")
        if time.monotonic() >= deadline:
            raise QueryTimeout(f"the store did not answer within {timeout:g} s")


def read_remote_graph(endpoint: str, timeout: float = 300) -> Graph:
    """Every triple of the store behind a SPARQL endpoint, as an rdflib graph.

    Parameters
    ----------
    endpoint : str
        The query URL, e.g. ``http://127.0.0.1:7878/query``.

    A store loaded from an export holds FAQ answers as published, filled with
    their templates beside them: they are read back as templates, so answers
    are filled from the store's own facts (:func:`subgraph.rdf.export.unpublish`).
    """
    body, _ = _post(endpoint, _EVERYTHING, "application/n-triples", timeout=timeout)
    return unpublish(Graph().parse(data=body, format="nt"))


class RemoteSparqlEngine:
    """:class:`subgraph.rdf.sparql.SparqlEngine`'s interface, answered by an external store.

    The parse-tree check runs in a local confined process
    (:class:`subgraph.rdf.sparql.QueryProcesses` holding no graph), inside the
    same time limit as the store's answer.
    """

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES,
        memory_bytes: int = DEFAULT_MEMORY_BYTES,
        slots: QuerySlots | None = None,
    ) -> None:
        self.endpoint, self.timeout, self.max_result_bytes = endpoint, timeout, max_result_bytes
        self.slots = slots or QuerySlots(1)
        self.checker = QueryProcesses(b"", timeout=timeout, memory_bytes=memory_bytes, slots=self.slots)

    def query(
        self, query: str | CheckedQuery, accept: str | None = None, *, abandoned: Callable[[], bool] | None = None
    ) -> tuple[bytes, str]:
        checked = query if isinstance(query, CheckedQuery) else check_query(query)
        answer = answer_format(checked, accept)
        with self.slots.hold():
            deadline = time.monotonic() + self.timeout
            self.checker.run({"query": checked.text, "check_only": True}, abandoned=abandoned)
            body, _ = _post(
                self.endpoint,
                checked.text,
                answer.media,
                timeout=max(0.001, deadline - time.monotonic()),
                limit=self.max_result_bytes,
                abandoned=abandoned,
            )
        return body, answer.media

    def close(self) -> None:
        """Stop the local checking processes; the store runs on its own."""
        self.checker.close()
