"""Statements: who is billing me, from a bank or card export sent as the request body.

The export comes as the raw body with its media type (CSV, OFX/QFX, CAMT.053
XML), or as the ``file`` field of a multipart form. It is read in memory,
analysed and dropped: never written to disk (a form's file part included),
never logged, not kept after the answer. The answer is the CLI's
``subgraph statement --json`` object.
"""

import io
import logging
import traceback
from typing import Any

from flask import Response, request
from flask_openapi3 import APIBlueprint, RawModel, Tag
from flask_openapi3.models import MediaType, RequestBody, Schema
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import BadRequest, InternalServerError, UnsupportedMediaType
from werkzeug.formparser import FormDataParser

from subgraph.answers import to_json
from subgraph.statements import MAX_BYTES, StatementError, analyse_statement, statement_answer

from .graph import current_graph
from .limits import limit_rate
from .problems import problem
from .schemas import Problem, StatementAnswer, StatementQuery

__all__ = ["api", "PATH", "BODY_LIMIT", "MEDIA_TYPES", "read_form"]

PATH = "/v1/statements"
#: The export's media types, and the format each one is read as (None: recognised from the content).
MEDIA_TYPES: dict[str, str | None] = {
    "text/csv": "csv",
    "application/csv": "csv",
    "application/x-ofx": "ofx",
    "application/vnd.intu.qfx": "ofx",
    "application/xml": "camt",
    "text/xml": "camt",
    "text/plain": None,
    "application/octet-stream": None,
}
MULTIPART = "multipart/form-data"
#: A form's other fields, boundaries and part headers, and what the parser buffers (64 KiB reads); the file itself
#: is held to MAX_BYTES.
_FORM_OVERHEAD = 256 * 1024
#: The largest body this route reads (the app's bound for every other route is 1 MiB).
BODY_LIMIT = MAX_BYTES + _FORM_OVERHEAD

#: StatementError kind -> HTTP status and title.
_PROBLEMS = {
    "too-large": (413, "Statement too large"),
    "too-many-rows": (413, "Statement has too many rows"),
    "unknown-format": (415, "Unknown statement format"),
    "unreadable": (422, "Unreadable statement"),
    "empty": (422, "Empty statement"),
}

log = logging.getLogger(__name__)
api = APIBlueprint("statements", __name__, url_prefix=PATH, abp_tags=[Tag(name="statements")])
limit_rate(api, "STATEMENTS_RATE_LIMIT")


class StatementBody(RawModel):
    mimetypes = [*MEDIA_TYPES, MULTIPART]


@api.post(
    "",
    responses={200: StatementAnswer, 400: Problem, 413: Problem, 415: Problem, 422: Problem, 429: Problem},
)
def analyse(query: StatementQuery, raw: StatementBody) -> Response:
    """Who is billing me: the recurring charges of a bank or card export, each with its biller and cancel path.

    Send the export as the body with its media type (`text/csv`; `application/x-ofx` or
    `application/vnd.intu.qfx`; `application/xml` or `text/xml` for CAMT.053), or as the
    `file` field of a `multipart/form-data` form; `format` overrides the media type.
    At most 5 MiB and 50,000 transactions. The statement is never stored or logged.
    """
    data, filename, media_format = _export()
    kg = current_graph()
    try:
        analysis = analyse_statement(
            kg, data, format=query.format or media_format, filename=filename, region=query.region
        )
    except StatementError:
        raise
    except Exception as error:  # a reader's failure must not put the statement into the error log
        log.error(
            "statement analysis failed with %s (message withheld: it may quote the statement)\n%s",
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        raise InternalServerError() from None
    return Response(to_json(statement_answer(kg, analysis, region=query.region)), mimetype="application/json")


def _export() -> tuple[bytes, str | None, str | None]:
    """The export's bytes, its file name and the format its media type names."""
    mimetype = request.mimetype
    if mimetype == MULTIPART:
        return _form_file()
    if mimetype not in MEDIA_TYPES:
        raise UnsupportedMediaType(
            f"Send the statement as {', '.join(MEDIA_TYPES)} or {MULTIPART} (got {mimetype or 'no Content-Type'})."
        )
    return request.get_data(cache=False), None, MEDIA_TYPES[mimetype]


def _in_memory(*_: Any, **__: Any) -> io.BytesIO:
    """Where a form's file part goes: memory (werkzeug's default spools parts over 500 KiB to disk)."""
    return io.BytesIO()


def read_form() -> tuple[MultiDict[str, str], MultiDict[str, FileStorage]]:
    """A multipart request's fields and files, its files held in memory (the statement page reads its form so too)."""
    parser = FormDataParser(
        stream_factory=_in_memory,  # type: ignore[arg-type]
        max_form_memory_size=_FORM_OVERHEAD,
        max_content_length=request.max_content_length,
        max_form_parts=16,
    )
    _, form, files = parser.parse(request.stream, MULTIPART, request.content_length, request.mimetype_params)
    return form, files


def _form_file() -> tuple[bytes, str | None, str | None]:
    _, files = read_form()
    upload = files.get("file")
    if upload is None:
        raise BadRequest(f"A {MULTIPART} body must carry the statement as its `file` field.")
    return upload.stream.read(), upload.filename, MEDIA_TYPES.get(upload.mimetype)


@api.errorhandler(StatementError)
def statement_problem(error: StatementError) -> Response:
    """A file that cannot be read at all: its kind as the problem type, the reader's reason (never its content)."""
    status, title = _PROBLEMS.get(error.kind, (422, "Unreadable statement"))
    return problem(status, f"statement-{error.kind}", title, str(error))


# the body is a file in one of several media types, or a form carrying it: documented as such
_binary = Schema(type="string", format="binary", maxLength=MAX_BYTES)  # type: ignore[arg-type]
api.paths[PATH].post.requestBody = RequestBody(
    required=True,
    description="The export as exported, at most 5 MiB.",
    content={
        **{media: MediaType(schema=Schema(type="string", maxLength=MAX_BYTES)) for media in MEDIA_TYPES},  # type: ignore[arg-type]
        MULTIPART: MediaType(
            schema=Schema(type="object", properties={"file": _binary}, required=["file"])  # type: ignore[arg-type]
        ),
    },
)
