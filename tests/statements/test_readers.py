"""Readers on files written as banks export them, and on bad input."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from subgraph.statements import MAX_BYTES, StatementError, read_statement
from subgraph.statements.camt import read_camt
from subgraph.statements.csvfile import read_csv
from subgraph.statements.ofx import read_ofx

DATA = Path(__file__).resolve().parents[1] / "data" / "statements"


def _rows(statement):
    return [(t.posted, t.description, t.amount) for t in statement.transactions]


def test_semicolon_decimal_comma_windows_1252_day_first():
    data = (
        "Buchungstag;Auftraggeber/Empfänger;Verwendungszweck;Betrag;Währung\r\n"
        "03.02.2025;Spotify AB;Abo Gebühr;-10,99;EUR\r\n"
        "15.02.2025;Arbeitgeber GmbH;Gehalt;2.500,00;EUR\r\n"
    ).encode("cp1252")
    s = read_csv(data)
    assert _rows(s) == [
        (date(2025, 2, 3), "Spotify AB Abo Gebühr", Decimal("10.99")),
        (date(2025, 2, 15), "Arbeitgeber GmbH Gehalt", Decimal("-2500.00")),
    ]
    assert s.transactions[0].currency == "EUR"
    assert not any(n.startswith("dates read") for n in s.notes)  # 15.02 decided day-first: nothing assumed
    assumed = read_csv(data.replace(b"15.02.2025", b"05.02.2025"), default_day_first=True)
    assert "dates read day-first" in assumed.notes[0]


def test_bom_debit_credit_columns_and_currency_symbols():
    data = (
        b"\xef\xbb\xbfDate,Description,Money Out,Money In\n"
        b"31/01/2025,NETFLIX.COM,\xc2\xa315.49,\n02/02/2025,REFUND,,\xc2\xa35.00\n"
    )
    s = read_csv(data)
    assert _rows(s) == [
        (date(2025, 1, 31), "NETFLIX.COM", Decimal("15.49")),
        (date(2025, 2, 2), "REFUND", Decimal("-5.00")),
    ]
    assert s.notes == ()  # 31 decided day-first; separate columns decided the sign


def test_month_first_decided_by_a_second_field_above_12_and_card_sign():
    data = (
        b'Trans Date,Description,Amount\n01/13/2025,"HULU, INC",7.99\n'
        b"02/03/2025,PAYMENT THANK YOU,-500.00\n02/13/2025,HULU,7.99\n"
    )
    s = read_csv(data)
    assert [t.posted for t in s.transactions] == [date(2025, 1, 13), date(2025, 2, 3), date(2025, 2, 13)]
    # most rows are positive: a card export, where charges are positive and the payment is money in
    assert [t.amount for t in s.transactions] == [Decimal("7.99"), Decimal("-500.00"), Decimal("7.99")]


def test_bad_rows_are_skipped_with_line_and_reason_never_content():
    data = (
        b"Date,Description,Amount\n2025-01-05,NETFLIX,-15.49\n"
        b"soon,SECRET SHOP,-1.00\n2025-01-07,OTHER,abc\n2025-01-08,SHORT\n"
    )
    s = read_csv(data)
    assert len(s.transactions) == 1
    assert [(r.line, r.reason.split(":")[0]) for r in s.skipped] == [
        (3, "date"),
        (4, "amount"),
        (5, "2 fields where the header has 3"),
    ]
    assert all("SECRET" not in r.reason and "abc" not in r.reason for r in s.skipped)


def test_headerless_export_recognised_by_content():
    data = b'"01/31/2025","-13.99","*","","NETFLIX.COM"\n"02/28/2025","-13.99","*","","NETFLIX.COM"\n'
    s = read_csv(data)
    assert _rows(s)[0] == (date(2025, 1, 31), "NETFLIX.COM", Decimal("13.99"))


def test_ofx_sgml_headers_name_and_memo_form_the_descriptor():
    s = read_ofx((DATA / "card.ofx").read_bytes())
    assert s.format == "ofx" and len(s.transactions) == 8
    first = s.transactions[0]
    assert (first.posted, first.description, first.amount, first.currency) == (
        date(2025, 1, 5),
        "PAYPAL *SPOTIFY 402-935-7733 CA",
        Decimal("10.99"),
        "USD",
    )
    assert first.line == 37  # the line its <STMTTRN> opens on


def test_ofx_real_banks_empty_tags_fall_back_to_the_lenient_reader():
    data = (DATA / "card.ofx").read_bytes().replace(b"<LANGUAGE>ENG", b"<LANGUAGE>")
    s = read_ofx(data)
    assert len(s.transactions) == 8 and s.notes == ("read leniently: the file is not strict OFX",)


def test_camt_paypal_direct_debit_carries_the_merchant_in_the_remittance_text():
    s = read_camt((DATA / "camt053-paypal.xml").read_bytes())
    assert [(t.description, t.amount, t.currency) for t in s.transactions][:1] == [
        (
            "PayPal (Europe) S.a.r.l. et Cie., S.C.A. 1038475639241 PP.9382.PP . "
            "Spotify AB, Ihr Einkauf bei Spotify AB",
            Decimal("10.99"),
            "EUR",
        )
    ]
    assert s.transactions[-1].reversal and s.transactions[-1].amount == Decimal("-10.99")
    assert [r.reason for r in s.skipped] == ["an entry without a booking or value date"]


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2025-01-01</Dt></BookgDt>
<AddtlNtryInf>&xxe;</AddtlNtryInf></Ntry></Stmt></BkToCstmrStmt></Document>"""

LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><x>&lol2;</x></Document>"""


@pytest.mark.parametrize("data", [XXE, LAUGHS], ids=["external-entity", "entity-expansion"])
def test_xml_with_a_dtd_or_entities_is_refused_before_any_parser_resolves_them(data):
    with pytest.raises(StatementError) as err:
        read_statement(data)
    assert err.value.kind == "unreadable" and "DTD or entities" in str(err.value)
    assert "root" not in str(err.value)


def test_ofx_with_a_doctype_is_refused():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<?OFX OFXHEADER="200"?><OFX>&e;</OFX>'
    )
    with pytest.raises(StatementError, match="DTD or entities"):
        read_statement(data)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "unreadable"),
        (b"hello world\nno table here\n", "unreadable"),
        (b"<html><body>hi</body></html>", "unknown-format"),
        (b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.02'><unclosed>", "unreadable"),
        (b"OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><garbage", "unreadable"),
        (b"x" * (MAX_BYTES + 1), "too-large"),
    ],
    ids=["empty", "binary", "no-table", "html", "broken-xml", "broken-ofx", "too-large"],
)
def test_unreadable_files_get_a_kind_and_a_message(data, kind):
    with pytest.raises(StatementError) as err:
        read_statement(data)
    assert err.value.kind == kind and str(err.value)


def test_unknown_format_name_is_refused():
    with pytest.raises(StatementError) as err:
        read_statement(b"a,b\n", format="xls")
    assert err.value.kind == "unknown-format"
