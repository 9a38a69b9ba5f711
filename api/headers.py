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
from functools import lru_cache

from flask import Response, request

__all__ = ["security_headers", "page_policy", "API_POLICY", "SECURITY_HEADERS"]

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


def security_headers(response: Response) -> Response:
    """Add the headers to ``response`` (a Flask ``after_request`` hook)."""
    headers = response.headers
    for name, value in SECURITY_HEADERS.items():
        headers[name] = value
    page = response.mimetype == "text/html" and not response.direct_passthrough and not response.is_streamed
    if not page:
        headers["Content-Security-Policy"] = API_POLICY
    elif request.method == "GET" and "no-store" not in headers.get("Cache-Control", ""):
        headers["Content-Security-Policy"] = _remembered_policy(response.get_data())
    else:
        # a personal page (an uploaded statement, a form's typed answers): not kept, even as a cache key
        headers["Content-Security-Policy"] = page_policy(response.get_data())
    return response
