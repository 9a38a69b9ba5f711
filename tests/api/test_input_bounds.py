"""Every input is bounded in the OpenAPI document, and a boolean is never a number.

A client (or a fuzzer) reads the bounds from /openapi.json: each text a request can carry has a
maximum length and each list a maximum count, in parameters and bodies alike, so no single
request can ask for unbounded work.
"""

import pytest


def _unbounded(schema, where, schemas, seen=frozenset()):
    """Where in ``schema`` a string has no maxLength (nor enum or const) or an array no maxItems."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return [] if name in seen else _unbounded(schemas[name], f"{where}->{name}", schemas, seen | {name})
    found = []
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            found += _unbounded(option, where, schemas, seen)
    if schema.get("type") == "string" and not {"maxLength", "enum", "const"} & schema.keys():
        found.append(where)
    if schema.get("type") == "array":
        if "maxItems" not in schema:
            found.append(where)
        found += _unbounded(schema.get("items", {}), f"{where}[]", schemas, seen)
    for name, field in schema.get("properties", {}).items():
        found += _unbounded(field, f"{where}.{name}", schemas, seen)
    if isinstance(schema.get("additionalProperties"), dict):
        found += _unbounded(schema["additionalProperties"], f"{where}.*", schemas, seen)
    return found


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


@pytest.fixture(scope="module")
def spec(app):
    return app.test_client().get("/openapi.json").get_json()


def test_the_document_has_operations_with_inputs(spec):
    with_inputs = [op for _, _, op in _operations(spec) if op.get("parameters") or op.get("requestBody")]
    assert len(with_inputs) >= 8


def test_every_text_and_list_a_request_carries_is_bounded(spec):
    schemas = spec["components"]["schemas"]
    unbounded = []
    for path, method, operation in _operations(spec):
        for parameter in operation.get("parameters", []):
            unbounded += _unbounded(parameter.get("schema", {}), f"{method} {path} ?{parameter['name']}", schemas)
        for media, content in operation.get("requestBody", {}).get("content", {}).items():
            unbounded += _unbounded(content.get("schema", {}), f"{method} {path} {media}", schemas)
    assert unbounded == []


def test_the_walker_finds_an_unbounded_text_and_list():
    schemas = {"Q": {"properties": {"a": {"type": "string"}, "b": {"type": "array", "items": {"type": "string"}}}}}
    assert _unbounded({"$ref": "#/components/schemas/Q"}, "x", schemas) == ["x->Q.a", "x->Q.b", "x->Q.b[]"]


@pytest.mark.parametrize("value", [True, False])
def test_a_boolean_is_not_a_price(client, value):
    answer = client.post("/v1/recommendations", json={"service": "norton", "price_paid": value})
    assert answer.status_code == 400
    assert answer.get_json()["errors"][0]["field"] == "price_paid"


def test_a_price_is_a_number_in_a_body_and_in_a_query_string(client):
    body = client.post("/v1/recommendations", json={"service": "norton", "price_paid": 9, "billing_cycle": "monthly"})
    assert body.status_code == 200
    query = client.get("/v1/services/norton/alternatives?price_paid=9.99&billing_cycle=monthly")
    assert query.status_code == 200
    assert client.get("/v1/services/norton/alternatives?price_paid=true").status_code == 400
