"""Security headers: every answer forbids sniffing and framing; pages run only their own code."""

import base64
import hashlib
import re

import pytest

from subgraph_api.headers import API_POLICY, page_policy


@pytest.mark.parametrize(
    "path", ["/v1/services/kaspersky", "/v1/services/nope", "/healthz", "/openapi.json", "/sparql?query=hello"]
)
def test_json_answers_and_problems_allow_nothing(client, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers.getlist("Content-Security-Policy") == [API_POLICY]  # one policy, the API's
    assert "Access-Control-Allow-Origin" not in response.headers  # CORS is off


def test_the_docs_page_allows_exactly_its_own_inline_code(client):
    response = client.get("/docs/swagger")
    assert len(response.headers.getlist("Content-Security-Policy")) == 1  # its own, not the API's beside it
    policy = dict(part.split(" ", 1) for part in response.headers["Content-Security-Policy"].split("; "))
    html = response.get_data()
    for kind in ("script", "style"):
        blocks = re.findall(rf"<{kind}>(.*?)</{kind}>".encode(), html, re.S)
        assert blocks, f"the page has no inline {kind}: this test no longer says anything"
        allowed = {f"'sha256-{base64.b64encode(hashlib.sha256(b).digest()).decode()}'" for b in blocks}
        assert set(policy[f"{kind}-src"].split()) == {"'self'"} | allowed
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"


def test_a_page_policy_names_each_inline_block_by_its_hash():
    # echo -n 'go()' | openssl dgst -sha256 -binary | base64
    policy = page_policy(b"<p>hi</p><script>go()</script>")
    assert "script-src 'self' 'sha256-5KYv+PUboo5h+0+YAtGRPbwv5d/QxzHslP4YGnUaxRw='" in policy
    assert "style-src 'self';" in policy


def test_gunicorn_own_errors_carry_the_same_security_headers_as_the_app(client):
    from subgraph_api.gunicorn_errors import problem_bytes

    head = problem_bytes(431, "Request Header Fields Too Large").split(b"\r\n\r\n")[0].decode("latin1")
    theirs = dict(line.split(": ", 1) for line in head.split("\r\n")[1:])
    ours = client.get("/v1/nothing-here").headers
    for name in ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Content-Security-Policy"):
        assert theirs[name] == ours[name], name
