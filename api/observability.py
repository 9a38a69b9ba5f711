"""Request ids and one JSON access-log line per request, with nothing a person typed in it.

Every request gets an id: the client's ``X-Request-ID`` when it is a plausible id (at most
128 characters of letters, digits and ``-._:``), else a new one; the answer carries it back.
gunicorn's access log is written by :class:`JsonAccessLogger` as one JSON object per line:
time, method, route template (``/v1/services/<service_id>``, never the raw path or query
string, which can hold free text), status, duration, bytes and request id. A logger class
rather than a format string, so nothing a client sends can break a line's JSON.
"""

import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from gunicorn.glogging import Logger

__all__ = [
    "RequestIds",
    "new_request_id",
    "route_of",
    "status_of",
    "JsonAccessLogger",
    "REQUEST_ID_HEADER",
    "WsgiApp",
    "StartResponse",
]

REQUEST_ID_HEADER = "X-Request-ID"
_PLAUSIBLE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_ID, _ROUTE, _STATUS = "subgraph.request_id", "subgraph.route", "subgraph.status"

#: What PEP 3333 calls the application and ``start_response``.
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
StartResponse = Callable[..., Any]


#: Ids made and not yet given: random bytes are read 64 ids at a time, one system call rather than 64
#: (a call of its own cost a request about 3 us of its ~165 through the app, benchmarks/api_throughput.py)
_FRESH_IDS: deque[str] = deque()
# a worker forked with ids left over must not give out the ones its parent and siblings will give
os.register_at_fork(after_in_child=_FRESH_IDS.clear)


def new_request_id() -> str:
    """A new request id: 128 random bits as 32 hex digits.

    Examples
    --------
    >>> first, second = new_request_id(), new_request_id()
    >>> len(first), first == second
    (32, False)
    """
    try:
        return _FRESH_IDS.popleft()  # atomic: threads never get the same id
    except IndexError:
        made = os.urandom(16 * 64).hex()
        _FRESH_IDS.extend(made[start : start + 32] for start in range(32, len(made), 32))
        return made[:32]


class RequestIds:
    """WSGI middleware: each request gets an id, its answer carries it back, and its route and status are noted.

    The id is the client's ``X-Request-ID`` when plausible, else a new one. The
    route template it matched is read from the request Flask made
    (``environ["werkzeug.request"]``) as it starts its answer; the access log
    and the metrics (:class:`subgraph_api.metrics.RequestMetrics`) read them
    from the environ (:func:`route_of`, :func:`status_of`). Middleware rather than Flask hooks: hooks cost
    a request several times as much (``benchmarks/api_throughput.py``).
    """

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        given = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = environ[_ID] = given if given and _PLAUSIBLE_ID.fullmatch(given) else new_request_id()

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            # Flask calls this while its request is still in the environ (it is gone once it has answered)
            made = environ.get("werkzeug.request")
            rule = made.url_rule if made is not None else None
            environ[_ROUTE] = rule.rule if rule else None
            environ[_STATUS] = status
            headers.append((REQUEST_ID_HEADER, request_id))
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


def route_of(environ: dict[str, Any]) -> str:
    """The route template a request matched, once :class:`RequestIds` has seen its answer."""
    return environ.get(_ROUTE) or "(no route)"


def status_of(environ: dict[str, Any]) -> str:
    """The status code of a request's answer, once :class:`RequestIds` has seen it ("500" if none was started)."""
    status = environ.get(_STATUS)
    return status.split(" ", 1)[0] if status else "500"


class JsonAccessLogger(Logger):
    """gunicorn's logger with access lines as JSON objects (``logger_class`` in gunicorn.conf.py)."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log_enabled or "wsgi.version" not in environ:
            # gunicorn's asyncio protocol logs each request too, from an environ of its own that has
            # no route or request id; serving.BufferedWsgi logs the app's requests with the real one
            return
        line = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "method": environ.get("REQUEST_METHOD"),
            "route": route_of(environ),
            "status": resp.status_code,
            "duration_ms": round(request_time.total_seconds() * 1000, 3),
            "bytes": getattr(resp, "sent", None),
            "request_id": environ.get(_ID),
        }
        self.access_log.info(json.dumps(line))
