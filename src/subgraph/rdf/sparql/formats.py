"""Which media types a query's answer comes in, by query form."""

from typing import NamedTuple

from .checks import CheckedQuery, QueryRefused

__all__ = ["RESULT_FORMATS", "GRAPH_FORMATS", "AnswerFormat", "answer_format"]

#: media type -> pyoxigraph QueryResultsFormat name, for SELECT and ASK (first is the default)
RESULT_FORMATS = {
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
#: media type -> pyoxigraph RdfFormat name, for CONSTRUCT and DESCRIBE (first is the default)
GRAPH_FORMATS = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}


class AnswerFormat(NamedTuple):
    """The media type of an answer and pyoxigraph's names for it."""

    media: str
    result_format: str  # for SELECT and ASK
    graph_format: str  # for CONSTRUCT and DESCRIBE


def answer_format(query: CheckedQuery, accept: str | None = None) -> AnswerFormat:
    """The format of ``query``'s answer for the media type ``accept`` (default: the form's first).

    Raises
    ------
    QueryRefused
        With reason ``not-acceptable`` when the form cannot answer in ``accept``.

    Examples
    --------
    >>> answer_format(CheckedQuery("CONSTRUCT", "CONSTRUCT WHERE { ?s ?p ?o }")).media
    'text/turtle'
    >>> answer_format(CheckedQuery("SELECT", "SELECT * WHERE { ?s ?p ?o }"), "text/csv").result_format
    'CSV'
    """
    graph = query.form in ("CONSTRUCT", "DESCRIBE")
    formats = GRAPH_FORMATS if graph else RESULT_FORMATS
    media = accept or next(iter(formats))
    if media not in formats:
        raise QueryRefused("not-acceptable", f"a {query.form} query answers as {', '.join(formats)}, not {media}")
    if query.form == "ASK" and formats[media] in ("CSV", "TSV"):
        raise QueryRefused("not-acceptable", "an ASK query answers as SPARQL JSON or XML")
    return AnswerFormat(media, "JSON" if graph else formats[media], formats[media] if graph else "TURTLE")
