"""Request bodies without a Content-Length (chunked) are held to the same bound as the others.

werkzeug limits such a stream to ``MAX_CONTENT_LENGTH`` by cutting it short, so a 2 MiB chunked
body whose first MiB is valid JSON was answered as if it were whole. Here the body is read up
to one byte past the bound before the application sees it: over the bound is a 413, under it
the application gets the body with its length, as for any other request.

A route that takes files (a bank statement) has a larger bound of its own, given by path;
:func:`refuse_oversized_body` makes it the request's ``max_content_length``, so bodies with a
Content-Length are held to it too.
"""

import io
from collections.abc import Iterable, Mapping
from typing import Any

from flask import request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnsupportedMediaType

from .observability import StartResponse, WsgiApp
from .problems import MalformedJson

__all__ = ["BoundedBodies", "refuse_oversized_body", "require_json"]

_TOO_LARGE = "subgraph.body_too_large"
_LIMIT = "subgraph.body_limit"


class BoundedBodies:
    """WSGI middleware: read a body of unknown length up to ``limit`` + 1 bytes, and mark it if it is longer.

    Parameters
    ----------
    app : WSGI application
    limit : int
        The largest body accepted, in bytes.
    routes : mapping, optional
        Path -> the largest body accepted there, where it is not `limit`.
    """

    def __init__(self, app: WsgiApp, limit: int, routes: Mapping[str, int] | None = None):
        self.app, self.limit, self.routes = app, limit, dict(routes or {})

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        limit = self.routes.get(environ.get("PATH_INFO", ""), self.limit)
        environ[_LIMIT] = limit
        if environ.get("CONTENT_LENGTH") in (None, "") and environ.get("wsgi.input_terminated"):
            body = environ["wsgi.input"].read(limit + 1)
            if len(body) > limit:
                environ[_TOO_LARGE], body = True, b""
            environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
        return self.app(environ, start_response)


def refuse_oversized_body() -> None:
    """A ``before_request`` hook: the route's bound on the body, and the 413 problem for a body found too long."""
    if _LIMIT in request.environ:
        request.max_content_length = request.environ[_LIMIT]
    if request.environ.get(_TOO_LARGE):
        raise RequestEntityTooLarge()


def require_json() -> None:
    """A ``before_request`` hook of a blueprint whose POSTs take JSON: other bodies are refused before
    validation, with a reason a person can act on (415 for another media type, 400 for broken JSON)."""
    if request.method != "POST":
        return
    if not request.is_json:
        raise UnsupportedMediaType(
            f"Send the request as application/json (got {request.mimetype or 'no Content-Type'})."
        )
    try:
        request.get_json()
    except BadRequest:
        raise MalformedJson() from None
