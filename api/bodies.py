"""Request bodies without a Content-Length (chunked) are held to the same bound as the others.

werkzeug limits such a stream to ``MAX_CONTENT_LENGTH`` by cutting it short, so a 2 MiB chunked
body whose first MiB is valid JSON was answered as if it were whole. Here the body is read up
to one byte past the bound before the application sees it: under the bound the application
gets the body with its length, as for any other request; over it, the body is declared one
byte too long, so reading it is a 413, as for a too long body with a Content-Length.

A route that takes files (a bank statement) has a larger bound of its own, given by path;
:class:`BoundedRequest` makes it the request's ``max_content_length``, so bodies with a
Content-Length are held to it too.
"""

import io
from collections.abc import Iterable, Mapping
from typing import Any

from flask import Blueprint, Request, request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from .observability import StartResponse, WsgiApp
from .problems import MalformedJson

__all__ = ["BoundedBodies", "BoundedRequest", "takes_json", "refuse_unless_json"]

_LIMIT = "subgraph.body_limit"
#: The blueprints whose POSTs take a JSON body (:func:`takes_json`).
_JSON_BODIES: set[str] = set()


class BoundedBodies:
    """WSGI middleware: note each route's bound, and read a body of unknown length up to ``limit`` + 1 bytes.

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
            length = len(body)
            if length > limit:  # nothing of it is kept; its declared length is refused when it is read
                body = b""
            environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(length)
            # no longer chunked for the app: werkzeug ignores a length beside chunked encoding
            environ.pop("HTTP_TRANSFER_ENCODING", None)
        return self.app(environ, start_response)


class BoundedRequest(Request):
    """Flask's request, held to its route's bound on the body (noted by :class:`BoundedBodies`).

    A property rather than a ``before_request`` hook that sets the bound: a hook
    costs every request, and only one that reads its body needs the bound.
    """

    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is not None:
            return self._max_content_length
        limit = self.environ.get(_LIMIT)
        return limit if limit is not None else super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


def takes_json(blueprint: Blueprint) -> None:
    """Declare that a blueprint's POSTs take JSON: a body that is not JSON gets a reason a person can act on
    (415 for another media type, 400 for broken JSON), not the validation problem of an empty body.

    Checked by :func:`refuse_unless_json` once a body has failed validation, not in a ``before_request``
    hook: a body that is not JSON always fails its model, and a hook costs every request of its
    blueprint (3.6 us of a new question's 165 through the app, ``benchmarks/api_throughput.py``).
    The blueprint is known by its name, so register it under that name and not nested; every POST of
    it must take a JSON body (one that takes none would never be refused).
    """
    _JSON_BODIES.add(blueprint.name)


def refuse_unless_json() -> None:
    """Raise 415 or 400 if the request is a POST to a route that takes JSON and its body is not JSON."""
    if request.method != "POST" or request.blueprint not in _JSON_BODIES:
        return
    if not request.is_json:
        raise UnsupportedMediaType(
            f"Send the request as application/json (got {request.mimetype or 'no Content-Type'})."
        )
    try:
        request.get_json()
    except BadRequest:
        raise MalformedJson() from None
