"""JSON out with orjson: it encodes the core's answers (frozen dataclasses) natively and fast."""

from typing import Any, cast

import orjson
from flask import Response
from flask.json.provider import DefaultJSONProvider

from subgraph.answers import to_json


class OrjsonProvider(DefaultJSONProvider):
    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return orjson.loads(s)

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return to_json(obj).decode()

    def response(self, *args: Any, **kwargs: Any) -> Response:
        obj = self._prepare_response_obj(args, kwargs)
        # the provider types its app as sansio's App, whose response class takes a status first;
        # ours is a Flask app, whose response class takes the body first
        response_class = cast(type[Response], self._app.response_class)
        return response_class(to_json(obj), mimetype=self.mimetype)
