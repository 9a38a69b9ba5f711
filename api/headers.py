"""Security headers on every response: no sniffing, no framing, no referrer, a content policy.

JSON and problem answers get a policy that allows nothing at all (a browser that is tricked
into rendering one runs nothing). HTML pages (/docs and the guide pages) get one that allows only
this origin, plus exactly their own inline script and style blocks by hash: no inline code
that an injection could add would run. CORS is off: no ``Access-Control-Allow-Origin`` is
ever sent, so browsers on other origins cannot read answers (servers and tools can).
"""

import base64
import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from flask import Response, request

from .observability import StartResponse, WsgiApp

__all__ = ["SecurityHeaders", "page_policies", "page_policy", "API_POLICY", "SECURITY_HEADERS"]

#: for everything that is not an HTML page
API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
#: Sent on every answer, the application's and gunicorn's own errors alike (api/gunicorn_errors.py).
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
_INLINE = {"script": re.compile(rb"<script>(.*?)</script>", re.S), "style": re.compile(rb"<style>(.*?)</style>", re.S)}


def page_policy(html: bytes) -> str:
    """The content policy of one HTML page: this origin only, and its own inline blocks by hash."""
    sources = {}
    for kind, pattern in _INLINE.items():
        hashes = [base64.b64encode(hashlib.sha256(block).digest()).decode() for block in pattern.findall(html)]
        sources[kind] = " ".join(["'self'", *(f"'sha256-{digest}'" for digest in hashes)])
    return (
        f"default-src 'self'; script-src {sources['script']}; style-src {sources['style']}; "
        "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


#: GET pages repeat (the same guide to many readers), so their policies are remembered by page.
_remembered_policy = lru_cache(maxsize=64)(page_policy)


class SecurityHeaders:
    """WSGI middleware: every answer gets :data:`SECURITY_HEADERS`, and one without a content
    policy of its own (anything but an HTML page, see :func:`page_policies`) gets :data:`API_POLICY`.

    Middleware rather than a Flask hook for all answers: a hook costs a request several
    times as much (``benchmarks/api_throughput.py``), and only pages need Flask's response.
    """

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            # looked through only where a page was given its own policy: scanning every answer's headers
            # cost each API request a few microseconds, for a header only page_policies sets
            if not (environ.get(_OWN_POLICY) and any(name.lower() == "content-security-policy" for name, _ in headers)):
                headers.append(("Content-Security-Policy", API_POLICY))
            headers.extend(_EVERY_ANSWER)
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


_EVERY_ANSWER = tuple(SECURITY_HEADERS.items())
#: Set in the environ of a request whose answer :func:`page_policies` gave a policy of its own.
_OWN_POLICY = "subgraph.own_content_policy"


def page_policies(response: Response) -> Response:
    """An HTML page's own content policy (its inline blocks by hash), set after its view has answered."""
    page = response.mimetype == "text/html" and not response.direct_passthrough and not response.is_streamed
    if not page:
        return response  # SecurityHeaders gives it the policy that allows nothing
    headers = response.headers
    request.environ[_OWN_POLICY] = True
    if request.method == "GET" and "no-store" not in headers.get("Cache-Control", ""):
        headers["Content-Security-Policy"] = _remembered_policy(response.get_data())
    else:
        # a personal page (an uploaded statement, a form's typed answers): not kept, even as a cache key
        headers["Content-Security-Policy"] = page_policy(response.get_data())
    return response
