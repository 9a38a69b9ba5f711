"""A safe, read-only SPARQL 1.1 query engine over the graph, answered by pyoxigraph.

Safety comes before the query runs and around it:

* refused before anything runs: updates, ``LOAD``, ``SERVICE`` (no request may
  ever leave the server) and ``FROM``/``FROM NAMED`` (there is one dataset);
* every query runs in a separate process holding its own copy of the store,
  and is stopped when it takes longer than the time limit: the process is
  killed and replaced, the caller gets :class:`QueryTimeout`, and the
  service stays healthy;
* results larger than a bound are refused (:class:`ResultTooLarge`).

rdflib stays the RDF API of the project; pyoxigraph answers queries, one to
two orders of magnitude faster than rdflib's engine on joins.
"""

import multiprocessing
import re
import threading

__all__ = ["SparqlEngine", "QueryRefused", "QueryTimeout", "ResultTooLarge", "check_query",
           "RESULT_FORMATS", "GRAPH_FORMATS", "DEFAULT_TIMEOUT", "DEFAULT_MAX_RESULT_BYTES"]

DEFAULT_TIMEOUT = 5.0
DEFAULT_MAX_RESULT_BYTES = 16 * 1024 * 1024

#: media type -> pyoxigraph QueryResultsFormat name, for SELECT and ASK (first is the default)
RESULT_FORMATS = {"application/sparql-results+json": "JSON", "application/sparql-results+xml": "XML",
                  "text/csv": "CSV", "text/tab-separated-values": "TSV"}
#: media type -> pyoxigraph RdfFormat name, for CONSTRUCT and DESCRIBE (first is the default)
GRAPH_FORMATS = {"text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES", "application/ld+json": "JSON_LD",
                 "application/rdf+xml": "RDF_XML"}


class QueryRefused(ValueError):
    """The query is not one we run; ``reason`` is a stable slug."""

    def __init__(self, reason, message):
        self.reason = reason
        super().__init__(message)


class QueryTimeout(Exception):
    """The query ran past the time limit and was stopped."""


class ResultTooLarge(Exception):
    """The result is larger than the bound."""


# Strings, IRIs and comments can contain any word; take them out before looking for keywords.
_NOT_CODE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                       r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
# A keyword is a bare word: not a variable (?x, $x), not part of a prefixed name (ex:load, load:x).
_WORD = r"(?<![\w?$:\-]){}(?![\w:\-])"
_UPDATE = re.compile(_WORD.format(r"(INSERT|DELETE|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)"), re.IGNORECASE)
_LOAD = re.compile(_WORD.format("LOAD"), re.IGNORECASE)
_SERVICE = re.compile(_WORD.format("SERVICE"), re.IGNORECASE)
_FROM = re.compile(_WORD.format("FROM"), re.IGNORECASE)
_FORM = re.compile(_WORD.format(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)"), re.IGNORECASE)


def check_query(text):
    """The query form (``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``), or :class:`QueryRefused`.

    Examples
    --------
    >>> check_query("SELECT ?service WHERE { ?service a <https://schema.org/Service> }")
    'SELECT'
    >>> check_query("SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    subgraph.sparql.QueryRefused: SERVICE is not allowed: this endpoint never calls other servers
    >>> check_query('SELECT ?x WHERE { ?x ?p "LOAD SERVICE" }')
    'SELECT'
    """
    code = _NOT_CODE.sub(" ", text)
    if _LOAD.search(code):
        raise QueryRefused("load", "LOAD is not allowed: this endpoint is read-only and never fetches data")
    if _UPDATE.search(code) and not _FORM.search(code):
        raise QueryRefused("update", "updates are not allowed: this endpoint is read-only")
    if _SERVICE.search(code):
        raise QueryRefused("service", "SERVICE is not allowed: this endpoint never calls other servers")
    if _FROM.search(code):
        raise QueryRefused("dataset", "FROM and FROM NAMED are not supported: query the default graph")
    form = _FORM.search(code)
    if form is None:
        raise QueryRefused("syntax", "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    _check_parse_tree(text)
    return form.group(1).upper()


def _check_parse_tree(text):
    """Second line of defence: the engine follows SERVICE, so look for it in a real parse tree too.

    A query rdflib's parser cannot read is refused rather than trusted to
    the keyword scan alone.
    """
    from pyparsing import ParseException, ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(text)
    except ParseException as error:
        raise QueryRefused("syntax", f"not a valid SPARQL 1.1 query: {error.msg} at line {error.lineno}, "
                                     f"column {error.col}") from None
    except Exception as error:  # the parser raises plain exceptions for some malformed input
        raise QueryRefused("syntax", f"not a valid SPARQL 1.1 query: {error}") from None
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, CompValue):
            if node.name in ("ServiceGraphPattern", "Load"):
                raise QueryRefused("service", "SERVICE is not allowed: this endpoint never calls other servers")
            todo.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            todo.extend(node)


def _worker(connection, ntriples):
    """The query process: holds the store, answers one query at a time."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    connection.send(("ready", len(store)))
    while True:
        try:
            query, result_format, graph_format, limit = connection.recv()
        except EOFError:
            return
        try:
            result = store.query(query)
            if isinstance(result, ox.QueryTriples):
                body = result.serialize(format=getattr(ox.RdfFormat, graph_format))
            else:
                body = result.serialize(format=getattr(ox.QueryResultsFormat, result_format))
            connection.send(("too-large", len(body)) if len(body) > limit else ("ok", body))
        except SyntaxError as error:
            connection.send(("syntax", str(error)))
        except Exception as error:  # evaluation errors are the query's, not the server's
            connection.send(("error", f"{type(error).__name__}: {error}"))


class SparqlEngine:
    """Runs queries on a copy of the graph in a separate, killable process.

    Parameters
    ----------
    rdf : rdflib.Graph
        The graph to query.
    timeout : float
        Seconds a query may run.
    max_result_bytes : int
        Largest serialised result returned.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> engine = SparqlEngine(load_graph().rdf)
    >>> body, media = engine.query("ASK { <https://w3id.org/subgraph/id/kaspersky> ?p ?o }")
    >>> body, media
    (b'{"head":{},"boolean":true}', 'application/sparql-results+json')
    >>> engine.close()
    """

    def __init__(self, rdf, timeout=DEFAULT_TIMEOUT, max_result_bytes=DEFAULT_MAX_RESULT_BYTES):
        self.timeout, self.max_result_bytes = timeout, max_result_bytes
        self._ntriples = rdf.serialize(format="nt", encoding="utf-8")
        self._lock = threading.Lock()
        self._process = self._connection = None
        self.triples = None

    def _start(self):
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self._process = context.Process(target=_worker, args=(child, self._ntriples), daemon=True,
                                        name="subgraph-sparql")
        self._process.start()
        child.close()
        self._connection = parent
        if not parent.poll(120):
            self._stop()
            raise RuntimeError("the SPARQL process did not start")
        _, self.triples = parent.recv()

    def _stop(self):
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
            self._connection.close()
        self._process = self._connection = None

    def close(self):
        """Stop the query process."""
        with self._lock:
            self._stop()

    def query(self, text, accept=None):
        """Run a read-only query; the result as bytes and its media type.

        Parameters
        ----------
        text : str
        accept : str, optional
            A media type of :data:`RESULT_FORMATS` (SELECT, ASK) or
            :data:`GRAPH_FORMATS` (CONSTRUCT, DESCRIBE); default the first.

        Raises
        ------
        QueryRefused
            Updates, LOAD, SERVICE, FROM, syntax errors, or a media type that
            does not fit the query form (reason ``not-acceptable``).
        QueryTimeout
            Past the time limit; the query was stopped.
        ResultTooLarge
        """
        form = check_query(text)
        formats = GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS
        media = accept or next(iter(formats))
        if media not in formats:
            raise QueryRefused("not-acceptable", f"a {form} query answers as {', '.join(formats)}, not {media}")
        if form == "ASK" and formats[media] in ("CSV", "TSV"):
            raise QueryRefused("not-acceptable", "an ASK query answers as SPARQL JSON or XML")
        result_format = formats[media] if formats is RESULT_FORMATS else "JSON"
        graph_format = formats[media] if formats is GRAPH_FORMATS else "TURTLE"
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._start()
            self._connection.send((text, result_format, graph_format, self.max_result_bytes))
            if not self._connection.poll(self.timeout):
                self._stop()  # the only way to stop a running query is to stop its process
                raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was stopped")
            status, payload = self._connection.recv()
        if status == "ok":
            return payload, media
        if status == "too-large":
            raise ResultTooLarge(f"the result is {payload} bytes, over the {self.max_result_bytes} byte bound; "
                                 "add a LIMIT")
        raise QueryRefused("syntax" if status == "syntax" else "evaluation", payload)
