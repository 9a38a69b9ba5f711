"""Request bodies: bounded whatever their framing, and JSON ones read and validated in one step.

werkzeug limits a stream without a Content-Length (chunked) to ``MAX_CONTENT_LENGTH`` by cutting
it short, so a 2 MiB chunked body whose first MiB is valid JSON was answered as if it were whole.
:class:`BoundedBodies` reads such a body up to one byte past the bound before the application
sees it: under the bound the application gets the body with its length, as for any other
request; over it, the body is declared one byte too long, so reading it is a 413, as for a too
long body with a Content-Length.

A route that takes files (a bank statement) has a larger bound of its own, given by path;
:class:`BoundedRequest` makes it the request's ``max_content_length``, so bodies with a
Content-Length are held to it too.

A route that takes JSON declares its body with :class:`JsonBody`, which gives a body that is not
JSON, too long, broken or invalid the problem a person can act on.
"""

import io
from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from typing import Any, Generic, TypeVar

from flask import Request, abort, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge, UnsupportedMediaType
from werkzeug.wsgi import get_content_length

from .observability import StartResponse, WsgiApp
from .problems import MalformedJson, validation_problem

__all__ = ["BoundedBodies", "BoundedRequest", "JsonBody", "read_json_body"]

_LIMIT = "subgraph.body_limit"
_Answer = TypeVar("_Answer")
#: What else flask-openapi3 validates for a view, by the name of the view's parameter.
_VALIDATED_PARTS = frozenset({"query", "path", "header", "cookie", "form", "raw"})
_Model = TypeVar("_Model", bound=BaseModel)


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


class JsonBody(Generic[_Model]):
    """A route's JSON body, of `model`: a decorator that documents it and hands a view its bytes
    as ``body``, checked as :func:`read_json_body` says, and :meth:`parse`, where the view needs
    the model.

    flask-openapi3 documents the body from the annotation the decorator gives the view, and is
    told that the view validates its own body (its "delayed validation"): it read a body through
    werkzeug's guarded stream and ``get_json``, then validated the parsed object, 17-20 us of a
    new question's 160 through the app (``benchmarks/api_throughput.py``), and a view that
    remembers answers by the bytes parses only bytes it has not answered before.

    Delayed validation covers the whole request, so a view given its body this way cannot also
    take flask-openapi3's query, path, header, cookie or form models: that is refused.

    Examples
    --------
    >>> from pydantic import BaseModel
    >>> class Greeting(BaseModel):
    ...     name: str
    >>> greeting = JsonBody(Greeting)
    >>> @greeting
    ... def greet(body: bytes) -> str:
    ...     return f"hello {greeting.parse(body).name}"
    >>> from flask import Flask
    >>> with Flask(__name__).test_request_context(json={"name": "Ada"}):
    ...     greet()
    'hello Ada'
    """

    def __init__(self, model: type[_Model]) -> None:
        self.model = model

    def __call__(self, view: Callable[..., _Answer]) -> Callable[..., _Answer]:
        others = _VALIDATED_PARTS & set(view.__annotations__)
        if others:
            raise TypeError(f"{view.__name__} takes its body as bytes, so nothing would validate {others}")

        @wraps(view)
        def with_body(**kwargs: Any) -> _Answer:
            return view(body=read_json_body(), **kwargs)

        # a dict of its own: wraps shares the view's, which says bytes
        with_body.__annotations__ = {**view.__annotations__, "body": self.model}
        setattr(with_body, "__delay_validate_request__", True)  # noqa: B010 (flask-openapi3's own flag)
        return with_body

    def parse(self, body: bytes) -> _Model:
        """The body as the model: 400 ``malformed-json`` if it is not JSON, 400 ``validation-error``
        (each field named) if it does not fit.

        pydantic parses and validates the bytes at once, faster than parsing them first.
        """
        try:
            return self.model.model_validate_json(body)
        except ValidationError as error:
            if error.errors(include_url=False)[0]["type"] == "json_invalid":  # then the only error: nothing was read
                raise MalformedJson() from None
            abort(validation_problem(error))


def read_json_body() -> bytes:
    """The request's body: 415 if it is not sent as JSON, 413 if it is longer than its route allows."""
    environ = request.environ
    # werkzeug's is_json parses the header; the one nearly every client sends is known at a glance
    if environ.get("CONTENT_TYPE") != "application/json" and not request.is_json:
        raise UnsupportedMediaType(
            f"Send the request as application/json (got {request.mimetype or 'no Content-Type'})."
        )
    length = get_content_length(environ)
    if length is None:  # chunked, where no server or BoundedBodies read it whole: werkzeug's bounded stream
        return request.get_data(cache=False)
    limit = request.max_content_length
    if limit is not None and length > limit:
        raise RequestEntityTooLarge()
    # exactly the declared length, as HTTP frames it, without werkzeug's Python-level stream wrapper
    body: bytes = environ["wsgi.input"].read(length)
    if len(body) < length:  # the client sent less than it declared: gone, as werkzeug's stream says
        raise ClientDisconnected()
    return body
