"""Every error as RFC 9457 problem details, with a stable type URI.

No stack trace and no HTML ever reaches a client: HTTP errors, validation
errors, unknown ids and unexpected failures all leave as
``application/problem+json``.
"""

import logging
from typing import Any

from flask import Flask, Response, json, request
from pydantic import ValidationError
from werkzeug.exceptions import BadRequest, HTTPException

from subgraph import UnknownId

__all__ = [
    "HTTP_PROBLEMS",
    "problem",
    "register_error_handlers",
    "validation_problem",
    "PROBLEM_BASE",
    "UnknownInput",
    "MalformedJson",
]

PROBLEM_BASE = "https://w3id.org/subgraph/problems/"
log = logging.getLogger(__name__)

#: HTTP status -> (type slug, title) for errors raised by Flask, werkzeug and gunicorn itself.
HTTP_PROBLEMS = {
    400: ("bad-request", "Bad request"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    413: ("payload-too-large", "Request body too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    414: ("uri-too-long", "URI too long"),
    417: ("expectation-failed", "Expectation failed"),
    429: ("too-many-requests", "Too many requests"),
    431: ("request-header-fields-too-large", "Request header fields too large"),
    500: ("internal-error", "Internal error"),
    501: ("not-implemented", "Not implemented"),
}


class MalformedJson(BadRequest):
    description = "The body is not valid JSON."


class UnknownInput(Exception):
    """Text in a request field that means nothing in the graph."""

    def __init__(self, field: str, error: UnknownId) -> None:
        self.field, self.error = field, error
        super().__init__(f"{field}: {error}")


def problem(status: int, slug: str, title: str, detail: str, **extra: Any) -> Response:
    """A problem-details response."""
    body = {"type": PROBLEM_BASE + slug, "title": title, "status": status, "detail": detail}
    body.update({k: v for k, v in extra.items() if v is not None})
    return Response(json.dumps(body), status=status, mimetype="application/problem+json")


def _field(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "body"


def validation_problem(error: ValidationError) -> Response:
    """flask-openapi3's hook for a request that fails its pydantic model: 400, naming each field."""
    errors = [{"field": _field(e["loc"]), "message": e["msg"]} for e in error.errors(include_url=False)]
    fields = ", ".join(dict.fromkeys(e["field"] for e in errors))
    return problem(400, "validation-error", "Invalid request", f"Check these fields: {fields}.", errors=errors)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        assert error.code is not None  # Flask returns an exception without a code as it is, unhandled
        slug, title = HTTP_PROBLEMS.get(error.code, ("http-error", error.name))
        detail = error.description or title
        if error.code == 404 and request.path.startswith("/v1/") is False:
            detail = f"No resource at {request.path}. The API lives under /v1; see /docs."
        if error.code == 413:
            detail = f"Request bodies here are limited to {request.max_content_length} bytes."
        response = problem(error.code, slug, title, detail)
        valid_methods = getattr(error, "valid_methods", None)
        if error.code == 405 and valid_methods:
            response.headers["Allow"] = ", ".join(valid_methods)
        return response

    @app.errorhandler(MalformedJson)
    def malformed_json(error: MalformedJson) -> Response:
        return problem(400, "malformed-json", "Malformed JSON", error.description)

    @app.errorhandler(UnknownId)
    def unknown_id(error: UnknownId) -> Response:
        return problem(404, "not-found", f"Unknown {error.kind}", str(error), suggestions=error.suggestions)

    @app.errorhandler(UnknownInput)
    def unknown_input(error: UnknownInput) -> Response:
        return problem(
            422,
            "unknown-entity",
            f"Unknown {error.error.kind}",
            f"{error.field}: {error.error}",
            errors=[{"field": error.field, "message": str(error.error)}],
            suggestions=error.error.suggestions,
        )

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return problem(
            500,
            "internal-error",
            "Internal error",
            "Something went wrong on our side; the request changed nothing. Please try again.",
        )
