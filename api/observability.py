"""Request ids and one JSON access-log line per request, with nothing a person typed in it.

Every request gets an id: the client's ``X-Request-ID`` when it is a plausible id (at most
128 characters of letters, digits and ``-._:``), else a new one; the answer carries it back.
gunicorn's access log is written by :class:`JsonAccessLogger` as one JSON object per line:
time, method, route template (``/v1/services/<service_id>``, never the raw path or query
string, which can hold free text), status, duration, bytes and request id. A logger class
rather than a format string, so nothing a client sends can break a line's JSON.
"""

import json
import random
import re
from datetime import UTC, datetime
from typing import Any

from flask import Response, request
from gunicorn.glogging import Logger

__all__ = ["assign_request_id", "echo_request_id", "JsonAccessLogger", "REQUEST_ID_HEADER"]

REQUEST_ID_HEADER = "X-Request-ID"
_PLAUSIBLE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_ID, _ROUTE = "subgraph.request_id", "subgraph.route"


def assign_request_id() -> None:
    """A ``before_request`` hook: keep the client's request id if plausible, else make one."""
    environ = request.environ  # read once: each read of ``request`` goes through a context-local proxy
    given = environ.get("HTTP_X_REQUEST_ID", "")
    # 128 random bits as a uuid4 has, from the random module: an id names a request, it guards
    # nothing, so it need not be unpredictable, and os.urandom's system call cost 10 us a request
    # here (random reseeds itself in each forked worker, so workers never share a sequence)
    environ[_ID] = given if _PLAUSIBLE_ID.fullmatch(given) else f"{random.getrandbits(128):032x}"
    rule = request.url_rule
    environ[_ROUTE] = rule.rule if rule else None


def echo_request_id(response: Response) -> Response:
    """An ``after_request`` hook: the answer names the request it answers."""
    request_id = request.environ.get(_ID)
    if request_id is not None:
        response.headers[REQUEST_ID_HEADER] = request_id
    return response


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
            "route": environ.get(_ROUTE) or "(no route)",
            "status": resp.status_code,
            "duration_ms": round(request_time.total_seconds() * 1000, 3),
            "bytes": getattr(resp, "sent", None),
            "request_id": environ.get(_ID),
        }
        self.access_log.info(json.dumps(line))
