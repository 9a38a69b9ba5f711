"""What a SPARQL query must be before it runs: a read-only query of the one local dataset.

The checks and the engine must read the same tokens, or a query can say one
thing to the checks and another to the engine (a ``#`` comment ended by a
bare carriage return hid ``SERVICE`` from rdflib and from a keyword scan,
while pyoxigraph ended the comment there and ran it). So a query is first
*normalised* (codepoint escapes decoded, every line end a ``\\n``, no other
control characters), the checks read the normalised text, and that text is
the only one an engine is given: :class:`CheckedQuery` carries it.

Two checks, each enough on its own for the queries we know of:

* :func:`check_query`, a scan of the code (strings, IRIs, comments,
  variables and prefixed names taken out) for ``SERVICE``, ``LOAD`` and
  ``FROM`` anywhere, even glued to another token (``1SERVICE`` is a literal
  and a keyword to pyoxigraph): linear in the length of the query, so it
  runs on the request path;
* :func:`check_parse_tree`, rdflib's SPARQL parse tree searched for
  ``SERVICE`` and ``LOAD``; a query rdflib cannot parse is refused, not
  trusted to the scan. rdflib's parser can take seconds on a long query, so
  the engine runs this one in the query process, inside the time limit.

The query process also has no network at all (:mod:`subgraph.rdf.sparql.sandbox`),
so a query that got past both would still reach nothing.
"""

import re
import threading
from typing import NamedTuple

__all__ = ["CheckedQuery", "QueryRefused", "check_query", "check_parse_tree", "normalise_query", "QUERY_FORMS"]

#: the query forms we answer; anything else (updates included) is refused
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


class QueryRefused(ValueError):
    """The query is not one we run; ``reason`` is a stable slug."""

    def __init__(self, reason: str, message: str):
        self.reason = reason
        super().__init__(message)


class CheckedQuery(NamedTuple):
    """A query that passed :func:`check_query`: its form and the exact text that was checked."""

    form: str
    text: str


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\x85]")

# Strings, IRIs and comments can contain any word; take them out before looking for keywords, in
# one left-to-right pass as a lexer reads them. A backslash outside a string is matched too, and
# refused: it can only be an escape in a local name, where parsers disagree on what follows ("\\#"
# is part of a name to pyoxigraph, and would start a comment here). An unclosed string runs to the
# end of its line (or of the query), so that no input makes the scan quadratic. IRIs exclude only
# what the grammar excludes (U+00A0 is allowed, as pyoxigraph allows it).
_NOT_CODE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|$)|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*(?:\'\'\'|$)'
    r'|"(?:[^"\\\n]|\\.)*(?:"|(?=\n)|$)|\'(?:[^\'\\\n]|\\.)*(?:\'|(?=\n)|$)|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*'
    r"|(?P<escape>\\)"
)
# Variables, and the local part of prefixed names and blank node labels: names a person may spell
# "service" or "from". Anything after a dot in a local name stays (engines differ on where such a
# name ends). A prefix starts where a name may start, so that a long run of letters is read once.
_LOCAL_NAMES = re.compile(r"[?$][\w\u00b7]+|:(?:[\w\-:\u00b7]|%[0-9A-Fa-f]{2})*")
# The same with the prefixes. SERVICE and FROM are looked for with prefixes left in: to an engine that
# backtracks, "SERVICE:x { }" is SERVICE and the IRI ":x" (and "FROM:x" a dataset clause). LOAD is
# looked for without them, as no query can use it as a keyword there, so "load:" is a prefix like any other.
_NAMES = re.compile(r"[?$][\w\u00b7]+|(?<![\w.\-\u00b7])[\w.\-\u00b7]*:(?:[\w\-:\u00b7]|%[0-9A-Fa-f]{2})*")
# A keyword in the rest of the code, even glued to a neighbour: engines tokenise "1SERVICE" as two.
_SERVICE = re.compile("SERVICE", re.IGNORECASE)
_LOAD = re.compile("LOAD", re.IGNORECASE)
_FROM = re.compile("FROM", re.IGNORECASE)
# Updates are refused as whole words; a query form must be there too (the engine runs no update anyway).
_WORD = r"(?<![\w?$:\-]){}(?![\w:\-])"
_UPDATE = re.compile(_WORD.format(r"(INSERT|DELETE|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)"), re.IGNORECASE)
_FORM = re.compile(_WORD.format("(" + "|".join(QUERY_FORMS) + ")"), re.IGNORECASE)

_SERVICE_REFUSED = "SERVICE is not allowed: this endpoint never calls other servers"
_DATASET_REFUSED = "FROM and FROM NAMED are not supported: query the default graph"
# rdflib's SPARQL parser keeps state in module-level pyparsing elements: a burst of parses on
# several threads has been seen to break it for the life of the process.
_PARSER_LOCK = threading.Lock()


def normalise_query(text: str) -> str:
    """The query as every parser reads it alike: escapes decoded, line ends ``\\n``.

    SPARQL decodes ``\\uXXXX`` and ``\\UXXXXXXXX`` before parsing, a comment
    ends at a carriage return or a line feed, and parsers disagree on both.
    Decoding once and sending the decoded text removes the disagreement.

    Raises
    ------
    QueryRefused
        Escapes that spell further escapes, escapes of no character, or
        control characters other than tab and line ends.

    Examples
    --------
    >>> normalise_query("SELECT * WHERE { # note\\rSERVICE <http://x.test/> {} }")
    'SELECT * WHERE { # note\\nSERVICE <http://x.test/> {} }'
    >>> normalise_query(r"ASK { ?s ?p '\\u0041' }")
    "ASK { ?s ?p 'A' }"
    """
    try:
        decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
        decoded.encode("utf-8")
    except (ValueError, UnicodeEncodeError):
        raise QueryRefused("syntax", "an escape sequence in the query is not a Unicode character") from None
    if _ESCAPE.search(decoded):
        raise QueryRefused("syntax", "escape sequences that spell escape sequences are not allowed")
    normal = decoded.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(normal):
        raise QueryRefused("syntax", "control characters other than tab and line ends are not allowed")
    return normal


def check_query(text: str) -> CheckedQuery:
    """The query's form and normalised text, or :class:`QueryRefused`.

    Refused: updates, ``LOAD``, ``SERVICE`` (no request may ever leave the
    server) and ``FROM``/``FROM NAMED`` (there is one dataset). The engines
    also run :func:`check_parse_tree` on the result before the query.

    Examples
    --------
    >>> check_query("SELECT ?service WHERE { ?service a <https://schema.org/Service> }").form
    'SELECT'
    >>> check_query("SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    subgraph.rdf.sparql.checks.QueryRefused: SERVICE is not allowed: this endpoint never calls other servers
    >>> check_query('SELECT ?x WHERE { ?x ?p "LOAD SERVICE" }').form
    'SELECT'
    """
    normal = normalise_query(text)
    code = _NOT_CODE.sub(_outside_code, normal)
    code, code_with_prefixes = _NAMES.sub(" ", code), _LOCAL_NAMES.sub(" ", code)
    if _LOAD.search(code):
        raise QueryRefused("load", "LOAD is not allowed: this endpoint is read-only and never fetches data")
    if _UPDATE.search(code) and not _FORM.search(code):
        raise QueryRefused("update", "updates are not allowed: this endpoint is read-only")
    if _SERVICE.search(code_with_prefixes):
        raise QueryRefused("service", _SERVICE_REFUSED)
    if _FROM.search(code_with_prefixes):
        raise QueryRefused("dataset", _DATASET_REFUSED)
    form = _FORM.search(code)
    if form is None:
        raise QueryRefused("syntax", "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return CheckedQuery(form.group(1).upper(), normal)


def _outside_code(match: re.Match[str]) -> str:
    if match.group("escape"):
        raise QueryRefused("syntax", "a backslash outside a string is not allowed (escapes in names are not)")
    return " "


def check_parse_tree(text: str) -> None:
    """Second line of defence: look for SERVICE, LOAD and FROM in rdflib's parse tree; refuse what it cannot read.

    Examples
    --------
    >>> check_parse_tree("SELECT * WHERE { ?s ?p ?o }")
    >>> check_parse_tree("SELECT * WHERE { ?s ?p ?o FILTER( }")
    Traceback (most recent call last):
    ...
    subgraph.rdf.sparql.checks.QueryRefused: not a valid SPARQL 1.1 query: Expected SelectQuery at line 1, column 27
    """
    from pyparsing import ParseException, ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        with _PARSER_LOCK:
            tree = parseQuery(text)
    except ParseException as error:
        raise QueryRefused(
            "syntax", f"not a valid SPARQL 1.1 query: {error.msg} at line {error.lineno}, column {error.col}"
        ) from None
    except Exception:  # the parser raises plain exceptions (and RecursionError) for some malformed input
        raise QueryRefused("syntax", "not a valid SPARQL 1.1 query") from None
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, CompValue):
            if node.name in ("ServiceGraphPattern", "Load"):
                raise QueryRefused("service", _SERVICE_REFUSED)
            if node.name == "DatasetClause":
                raise QueryRefused("dataset", _DATASET_REFUSED)
            todo.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            todo.extend(node)
