"""gunicorn's own error answers (a malformed request line, a URI or headers too long) as problem details.

gunicorn answers these before the application sees the request, with a small HTML page
written by ``gunicorn.util.write_error``; it has no setting for another format. gunicorn.conf.py
puts :func:`write_problem` in its place in each worker (``post_worker_init``), so every error a
client can get is ``application/problem+json`` with the same headers as the application's. The
detail is generic: gunicorn's own message quotes the client's bytes, which are not echoed.
"""

import json
from http import HTTPStatus
from typing import Any

from gunicorn import util
from gunicorn.asgi.protocol import ASGIProtocol

from .headers import API_POLICY, SECURITY_HEADERS
from .problems import HTTP_PROBLEMS, PROBLEM_BASE

__all__ = ["write_problem", "problem_bytes", "install"]

#: what to tell the client, by status; the type and title come from problems.HTTP_PROBLEMS
_DETAILS = {
    400: "The request is not valid HTTP/1.1.",
    403: "The request is not allowed.",
    414: "The request line is too long: send long input in a POST body.",
    417: "The Expect header is not supported.",
    431: "The request headers are too large or too many.",
    500: "Something went wrong on our side; the request changed nothing. Please try again.",
    501: "That transfer coding is not supported.",
}


def problem_bytes(status_int: int, reason: str) -> bytes:
    """A whole HTTP answer, problem details, that closes the connection."""
    slug, title = HTTP_PROBLEMS.get(status_int, ("http-error", reason))
    detail = _DETAILS.get(status_int, title)
    body = json.dumps({"type": PROBLEM_BASE + slug, "title": title, "status": status_int, "detail": detail}).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/problem+json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Cache-Control: no-store\r\n"
        + "".join(f"{name}: {value}\r\n" for name, value in SECURITY_HEADERS.items())
        + f"Content-Security-Policy: {API_POLICY}\r\n"
        "\r\n"
    )
    return head.encode("latin1") + body


def write_problem(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """Write a problem-details answer and close; the signature of ``gunicorn.util.write_error``."""
    util.write_nonblock(sock, problem_bytes(status_int, reason))


def _send_problem(protocol: ASGIProtocol, status: int, message: str, extra_headers: Any = ()) -> None:
    """The asyncio worker's ``_send_error_response``, answering problem details instead of text."""
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Error"
    protocol._safe_write(problem_bytes(status, reason))


def install() -> None:
    """Make this process's gunicorn write its own errors as problem details (sync and asyncio workers)."""
    util.write_error = write_problem
    ASGIProtocol._send_error_response = _send_problem  # type: ignore[method-assign]
