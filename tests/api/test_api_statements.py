"""POST /v1/statements: an export in, the CLI's typed answer out; problem+json for files that cannot be read."""

import io
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

import pytest
import werkzeug.formparser
from conftest import get
from test_serving import _post_chunked

from subgraph.answers import to_plain
from subgraph.statements import MAX_BYTES, MAX_ROWS, analyse_statement, statement_answer
from subgraph_api.schemas import StatementAnswer

sys.path.insert(0, str(Path(__file__).parents[1] / "statements"))

from exports import camt_export, csv_export, ofx_export  # noqa: E402

#: A merchant name that must never reach a log.
MARKER = "ZQXMARKERGYM"


def _post(client, data, content_type, query=""):
    return client.post("/v1/statements" + query, data=data, content_type=content_type)


def _spotify(answer):
    return next(s for s in answer["streams"] if s["service"] and s["service"]["id"] == "spotify")


def test_a_csv_is_answered_with_its_streams_as_the_cli_gives_them(client, kg):
    response = _post(client, csv_export(), "text/csv")
    assert response.status_code == 200 and response.mimetype == "application/json"
    answer = response.get_json()
    StatementAnswer.model_validate(answer)
    assert answer == to_plain(statement_answer(kg, analyse_statement(kg, csv_export())))
    netflix, hulu = answer["streams"]
    assert (netflix["service"]["id"], netflix["status"], hulu["service"]["id"], hulu["status"]) == (
        "netflix",
        "active",
        "hulu",
        "lapsed",
    )
    assert netflix["cancel_path"]["biller"]["id"] == "netflix-inc" and hulu["cancel_path"] is None
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("media", ["application/x-ofx", "application/vnd.intu.qfx"])
def test_an_ofx_file(client, media):
    answer = _post(client, ofx_export(), media).get_json()
    spotify = _spotify(answer)
    assert answer["format"] == "ofx" and (spotify["biller"]["id"], spotify["currency"]) == ("paypal", "USD")
    assert spotify["cancel_path"]["biller"]["id"] == "paypal"


@pytest.mark.parametrize("media", ["application/xml", "text/xml"])
def test_a_camt_file_names_the_merchant_behind_a_paypal_direct_debit(client, media):
    answer = _post(client, camt_export(), media).get_json()
    spotify = _spotify(answer)
    assert answer["format"] == "camt" and (spotify["biller"]["id"], spotify["currency"]) == ("paypal", "EUR")
    assert (spotify["cadence"], spotify["occurrences"], spotify["next_date"]) == ("monthly", 5, "2025-06-03")


def test_format_and_region_in_the_query(client):
    answer = _post(client, camt_export(), "application/octet-stream", "?format=camt&region=de").get_json()
    assert answer["format"] == "camt" and _spotify(answer)["cancel_path"]["region"] == "DE"
    response = _post(client, csv_export(), "text/csv", "?format=xls")
    assert response.status_code == 400 and response.get_json()["errors"][0]["field"] == "format"


def test_a_multipart_form_with_the_file_never_written_to_disk(client, monkeypatch):
    def no_disk(*args, **kwargs):
        raise AssertionError("a statement was about to be written to a temporary file")

    # werkzeug spools a form's file part over 500 KiB to a temporary file unless told otherwise
    for module in (tempfile, werkzeug.formparser):
        for name in ("SpooledTemporaryFile", "TemporaryFile", "NamedTemporaryFile"):
            monkeypatch.setattr(module, name, no_disk, raising=False)
    big = csv_export(extra_rows=45_000)
    assert len(big) > 1024 * 1024  # over the app's bound for other routes, and over werkzeug's spooling size
    form = {"file": (io.BytesIO(big), "export.csv", "text/csv"), "note": "hello"}
    response = client.post("/v1/statements", data=form, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    assert [s["service"]["id"] for s in response.get_json()["streams"]][:2] == ["netflix", "hulu"]
    # the file part's name decides the format as a file name does
    form = {"file": (io.BytesIO(ofx_export()), "card.qfx")}
    assert client.post("/v1/statements", data=form, content_type="multipart/form-data").get_json()["format"] == "ofx"


def test_a_form_without_its_file_is_a_bad_request(client):
    response = client.post("/v1/statements", data={"statement": "x"}, content_type="multipart/form-data")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert "`file` field" in response.get_json()["detail"]


def _csv_rows(count):
    return ("Date,Description,Amount\n" + "2025-01-05,SHOP,-1.00\n" * count).encode()


@pytest.mark.parametrize(
    ("data", "media", "status", "kind"),
    [
        (b"a" * (MAX_BYTES + 1), "text/csv", 413, "statement-too-large"),
        (b"a" * (MAX_BYTES + 400 * 1024), "text/csv", 413, "payload-too-large"),  # over the route's body bound
        (_csv_rows(MAX_ROWS + 1), "text/csv", 413, "statement-too-many-rows"),
        (b"\x89PNG\r\n", "image/png", 415, "unsupported-media-type"),
        (b"<html><body>hi</body></html>", "text/csv", 415, "statement-unknown-format"),
        (b"", "text/csv", 422, "statement-empty"),
        (b"  \n", "application/x-ofx", 422, "statement-empty"),
        (b"just,some\nwords,here\n", "text/csv", 422, "statement-unreadable"),
        (b"OFXHEADER:100\n<OFX><BANKMSGSRSV1>", "application/x-ofx", 422, "statement-unreadable"),
        (b"<?xml version='1.0'?><Document><x/></Document>", "application/xml", 422, "statement-unreadable"),
    ],
)
def test_each_error_kind_is_a_problem(client, data, media, status, kind):
    response = _post(client, data, media)
    assert (response.status_code, response.mimetype) == (status, "application/problem+json")
    problem = response.get_json()
    assert problem["type"].endswith("/" + kind) and problem["status"] == status
    assert "Traceback" not in problem["detail"] and "SHOP" not in problem["detail"]


def test_xml_entities_are_not_expanded(client):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Document>&c;</Document>'
    )
    response = _post(client, bomb, "application/xml")
    assert response.status_code == 422 and response.mimetype == "application/problem+json"


def test_other_routes_keep_the_one_mib_bound(client):
    response = client.post("/v1/recommendations", data=b" " * (2 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413 and "1048576 bytes" in response.get_json()["detail"]


def test_no_log_record_quotes_the_statement(client, caplog):
    rows = "".join(f"2025-{m:02d}-07,{MARKER} 555-0100,-30.00\n" for m in range(1, 7))
    with caplog.at_level(logging.DEBUG):
        assert _post(client, ("Date,Description,Amount\n" + rows).encode(), "text/csv").status_code == 200
        assert _post(client, f"{MARKER}\n{MARKER}".encode(), "text/csv").status_code == 422
        assert _post(client, f"<OFX>{MARKER}".encode(), "application/x-ofx").status_code == 422
    assert MARKER not in caplog.text


@pytest.mark.slow
def test_served_statements_stay_out_of_the_access_and_error_logs(gunicorn_server):
    """As deployed: gunicorn with the repository's settings, its access log and its error log."""
    base, marks = gunicorn_server, gunicorn_server.log_marks()
    ids = [f"{os.urandom(6).hex()}-{n}" for n in range(2)]  # this test's lines, among any others
    rows = "".join(f"2025-{m:02d}-07,{MARKER} 555-0100,-30.00\n" for m in range(1, 7))
    statement = ("Date,Description,Amount\n" + rows).encode()
    sent = {"path": "/v1/statements", "content_type": "text/csv"}
    status, _, body = _post_chunked(base, statement, request_id=ids[0], **sent)
    assert status == 200 and json.loads(body)["streams"][0]["descriptor"] == MARKER
    unreadable = f"{MARKER},\n".encode() * 10
    status, content_type, _ = _post_chunked(base, unreadable, request_id=ids[1], **sent)
    assert (status, content_type) == (422, "application/problem+json")
    deadline = time.monotonic() + 5
    while not all(i in base.logged_since(marks)[0] for i in ids) and time.monotonic() < deadline:
        time.sleep(0.05)
    access, errors = base.logged_since(marks)
    mine = [json.loads(line) for line in access.splitlines() if any(i in line for i in ids)]
    logged = sorted((line["route"], line["status"]) for line in mine)
    assert logged == [("/v1/statements", 200), ("/v1/statements", 422)]
    assert MARKER not in access + errors


@pytest.mark.slow
def test_served_statements_have_their_own_body_bound(gunicorn_server):
    """Over the app's 1 MiB and under the statement bound: read whole, chunked or not; over it: 413."""
    big = csv_export(extra_rows=45_000)
    assert 1024 * 1024 < len(big) < MAX_BYTES
    status, _, body = _post_chunked(gunicorn_server, big, path="/v1/statements", content_type="text/csv")
    assert status == 200 and json.loads(body)["rows"] == 45_009
    status, _, body = get(gunicorn_server + "/v1/statements", data=big, headers={"Content-Type": "text/csv"})
    assert status == 200
    huge = b"Date,Description,Amount\n" + b"2025-01-05,SHOP,-1.00\n" * 300_000
    assert _post_chunked(gunicorn_server, huge, path="/v1/statements", content_type="text/csv")[0] == 413


def test_a_reader_that_fails_unexpectedly_is_a_500_whose_log_withholds_the_message(client, caplog, monkeypatch):
    """A bug's message may quote the line it choked on: the error log names the bug's type and place only."""
    import subgraph.statements.analyse as analyse

    def choke(data, **options):
        raise ValueError(f"could not read {MARKER}")

    monkeypatch.setattr(analyse, "read_csv", choke)
    with caplog.at_level(logging.DEBUG):
        response = _post(client, csv_export(), "text/csv")
    assert (response.status_code, response.mimetype) == (500, "application/problem+json")
    assert MARKER not in response.get_data(as_text=True)
    assert "ValueError" in caplog.text and "choke" in caplog.text and MARKER not in caplog.text
