"""Bad input of every kind: a clear problem, never a stack trace, never HTML."""

import pytest


@pytest.mark.parametrize(
    "url,status",
    [
        ("/nope", 404),
        ("/v1/services/%00", 404),
        ("/v1/services/..%2F..%2Fetc%2Fpasswd", 404),
        ("/v1/services/../../etc/passwd", 404),
        ("/v1/services/" + "x" * 300, 400),
        ("/v1/billers/%00", 404),
        ("/v1/resolve", 400),
        ("/v1/resolve?q=x&kind=spaceship", 400),
        ("/v1/services?per_page=1000", 400),
    ],
)
def test_bad_requests_are_problems(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"].startswith("https://")
    assert "Traceback" not in response.get_data(as_text=True)


def test_method_not_allowed(client):
    response = client.delete("/v1/services/norton")
    assert response.status_code == 405
    assert response.content_type == "application/problem+json"
    assert "GET" in response.headers["Allow"]


def test_unexpected_failure_is_a_500_problem_without_details(app, monkeypatch):
    import subgraph_api.services

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(subgraph_api.services, "service_profile", explode)
    response = app.test_client().get("/v1/services/norton")
    assert response.status_code == 500
    assert response.content_type == "application/problem+json"
    assert "secret internals" not in response.get_data(as_text=True)
