"""JSON encoding: memoised parts of an answer are encoded once and stay identical."""

import orjson

from subgraph_api.json import encoded_once


def test_encoded_once_is_the_same_json_and_reused():
    path = {"service": {"id": "x", "name": "X"}, "steps": [{"position": 1, "text": "Sign in."}]}
    first = encoded_once(path)
    assert orjson.loads(orjson.dumps({"cancel_path": first})) == {"cancel_path": path}
    assert encoded_once(path) is first
    assert encoded_once(dict(path)) is not first  # equal but another object: encoded on its own


def test_nothing_encodes_as_null():
    assert encoded_once(None) is None
