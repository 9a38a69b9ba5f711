"""analyse_statement end to end: streams, matching near misses, price changes, trials, lapses, holds."""

from datetime import date
from decimal import Decimal

import pytest

from subgraph.answers import answer_schema, to_plain
from subgraph.statements import StatementAnswer, analyse_statement, fitted_matcher, statement_answer


def _csv(rows):
    return ("Date,Description,Amount\n" + "".join(f"{d},{t},{-Decimal(a):.2f}\n" for d, t, a in rows)).encode()


def _monthly(text, amount, months, day=5, year=2025):
    return [(f"{year}-{m:02d}-{day:02d}", text, amount) for m in months]


@pytest.mark.parametrize(
    ("descriptor", "biller", "service"),
    [
        ("GOOGLE *YouTubePremium g.co/helppay#", "google-play", "youtube-premium"),
        ("NW*KASPERSKY 5NX7QZ", "nexway", "kaspersky"),
        ("DROPBOX*HX7J2 DROPBOX.COM", "dropbox-inc", "dropbox"),  # not Digital River's DR*
        ("NW NATURAL GAS 800-422-4012 OR", None, None),  # not Nexway's NW
        ("DR MARTENS SAN JOSE CA", None, None),
        ("PAYPAL *SPOTIFY 402-935-7733", "paypal", "spotify"),
        ("COMCAST CABLE COMM 800-266-2278 PA", "xfinity", None),  # Comcast bills as Xfinity, not as Peacock's owner
    ],
)
def test_descriptor_near_misses(kg, descriptor, biller, service):
    (stream,) = analyse_statement(kg, _csv(_monthly(descriptor, "12.00", range(1, 6)))).streams
    assert (stream.match.biller, stream.match.service) == (biller, service)


def test_biller_only_descriptor_gives_candidates_with_prices_not_a_guess(kg):
    (stream,) = analyse_statement(kg, _csv(_monthly("APPLE.COM/BILL 866-712-7753 CA", "10.99", range(1, 5)))).streams
    assert stream.match.biller == "apple-app-store" and stream.match.service is None
    assert "apple-music" in [c[0] for c in stream.match.candidates]
    assert all(abs(price - Decimal("10.99")) <= Decimal("0.33") for _, price, _ in stream.match.candidates)
    assert "amount" in stream.match.evidence


def test_price_change_needs_two_charges_at_the_new_price(kg):
    rows = _monthly("NETFLIX.COM", "15.49", range(1, 5)) + _monthly("NETFLIX.COM", "17.99", range(5, 8))
    (stream,) = analyse_statement(kg, _csv(rows)).streams
    assert [(c.on, c.old, c.new) for c in stream.price_changes] == [
        (date(2025, 5, 5), Decimal("15.49"), Decimal("17.99"))
    ]
    assert stream.next_amount == Decimal("17.99") and stream.next_date == date(2025, 8, 5)


def test_trial_converting_refund_and_hold(kg):
    rows = [("2025-01-05", "HULU 877-824-4858 CA", "0.00")] + _monthly("HULU 877-824-4858 CA", "9.99", range(2, 7))
    rows += [("2025-03-08", "HULU 877-824-4858 CA", "-9.99"), ("2025-06-01", "GOOGLE *TEMPORARY HOLD", "1.00")]
    analysis = analyse_statement(kg, _csv(rows))
    (stream,) = analysis.streams
    assert stream.trial and stream.first == date(2025, 1, 5) and stream.average == Decimal("9.99")
    assert stream.refunds == ((date(2025, 3, 8), Decimal("9.99")),)
    assert stream.occurrences == 6 and analysis.holds == 1


def test_lapsed_and_annual_and_month_end_anchor(kg):
    rows = _monthly("DISNEY PLUS 888-905-7888", "9.99", range(1, 4))  # stops in March
    rows += [("2024-02-10", "NW*KASPERSKY LAB", "59.99"), ("2025-02-09", "NW*KASPERSKY LAB", "64.99")]
    rows += [("2025-01-31", "PLANET FITNESS #1234", "24.99"), ("2025-02-28", "PLANET FITNESS #1234", "24.99")]
    rows += [("2025-03-31", "PLANET FITNESS #1234", "24.99"), ("2025-04-30", "PLANET FITNESS #1234", "24.99")]
    rows += [("2025-07-30", "GROCER", "3.00")]
    streams = {s.descriptor: s for s in analyse_statement(kg, _csv(rows)).streams}
    assert streams["DISNEY PLUS"].status == "lapsed"
    annual = streams["NW*KASPERSKY LAB"]
    # the renewal came a day early; the next one is predicted from the original anchor day
    assert (annual.cadence, annual.status, annual.next_date) == ("annual", "active", date(2026, 2, 10))
    gym = streams["PLANET FITNESS"]
    assert gym.next_date == date(2025, 5, 31) and gym.status == "lapsed"


def test_everyday_spending_is_not_a_stream(kg):
    rows = [
        (f"2025-{m:02d}-{d:02d}", "SAFEWAY #1234 PLEASANTON CA", f"{40 + 7 * m + d}.13")
        for m in range(1, 7)
        for d in (3, 11, 19, 26)
    ]
    assert analyse_statement(kg, _csv(rows)).streams == ()


def test_answer_as_json_has_streams_newest_first_and_a_cancel_path_for_active_ones(kg):
    rows = _monthly("NETFLIX.COM", "15.49", range(1, 6)) + _monthly("HULU", "9.99", range(1, 4), day=9)
    answer = to_plain(statement_answer(kg, analyse_statement(kg, _csv(rows))))
    assert [s["service"]["id"] for s in answer["streams"]] == ["netflix", "hulu"]
    netflix, hulu = answer["streams"]
    assert netflix["cancel_path"]["biller"]["id"] == "netflix-inc"
    assert netflix["biller"] == {"id": "netflix-inc", "name": kg.catalogue.billers["netflix-inc"].name}
    assert hulu["status"] == "lapsed" and hulu["cancel_path"] is None
    # money as every answer gives it: a number with cents
    assert netflix["amounts"] == {"average": 15.49, "last": 15.49, "next": 15.49}
    assert (netflix["first_date"], netflix["next_date"]) == ("2025-01-05", "2025-06-05")


def test_answer_validates_against_its_own_published_schema(kg):
    from pydantic import TypeAdapter

    rows = _monthly("NETFLIX.COM", "15.49", range(1, 5)) + _monthly("NETFLIX.COM", "17.99", range(5, 8))
    rows += _monthly("APPLE.COM/BILL", "10.99", range(1, 6), day=12)
    plain = to_plain(statement_answer(kg, analyse_statement(kg, _csv(rows))))
    TypeAdapter(StatementAnswer).validate_python(plain)
    schema = answer_schema(StatementAnswer)
    assert {"streams", "format", "skipped", "notes"} <= set(schema["required"])
    apple = next(s for s in plain["streams"] if s["biller"]["id"] == "apple-app-store")
    assert apple["service"] is None and apple["candidates"] and apple["cancel_path"] is None
    netflix = next(s for s in plain["streams"] if s["biller"]["id"] == "netflix-inc")
    assert netflix["price_changes"] == [{"date": "2025-05-05", "old": 15.49, "new": 17.99}]


def test_the_matcher_belongs_to_the_graph_and_remembers_no_descriptor(kg):
    """A statement is personal data: nothing that lives as long as the graph keeps its lines."""
    matcher = fitted_matcher(kg)
    assert fitted_matcher(kg) is matcher
    remembered = kg.resolver._cached.cache_info().currsize
    rows = _monthly("PAYPAL *ZQXWIDGETS 402-935-7733", "10.99", range(1, 5)) + _monthly("ZQX GYM", "30", range(1, 5))
    assert len(analyse_statement(kg, _csv(rows)).streams) == 2
    assert kg.resolver._cached.cache_info().currsize == remembered
    assert "ZQX" not in repr(vars(matcher))


def test_progress_is_reported_without_content(kg):
    calls = []
    analyse_statement(kg, _csv(_monthly("NETFLIX.COM", "15.49", range(1, 6))), progress=lambda *a: calls.append(a))
    assert calls[0] == (0, 5) and calls[-1] == (5, 5)


def test_a_misspelt_service_is_still_found_by_the_resolver(kg):
    """Only lines with no word beginning like a service name skip the resolver; a misspelling still reaches it."""
    match = fitted_matcher(kg).match("YOUTUBE PREMIUMM")
    assert (match.service, match.evidence) == ("youtube-premium", ("similarity",))
    assert not fitted_matcher(kg).match("SAFEWAY PLEASANTON").matched


def test_a_currency_written_as_a_symbol_keeps_its_charges_apart_and_is_no_code(kg):
    """The same merchant and price in two currencies are two streams, whether the export writes codes or
    symbols; the answer names a currency only where the export wrote its code."""
    for dollars, euros, said in (("USD", "EUR", {"USD", "EUR"}), ("$", "€", {None})):
        rows = [(d, t, a, dollars) for d, t, a in _monthly("NETFLIX.COM", "10.99", range(1, 7))]
        rows += [(d, t, a, euros) for d, t, a in _monthly("NETFLIX.COM", "10.99", range(1, 7), day=20)]
        data = "Date,Description,Amount,Currency\n" + "".join(f"{d},{t},-{a},{c}\n" for d, t, a, c in rows)
        answer = statement_answer(kg, analyse_statement(kg, data.encode()))
        netflix = [s for s in answer.streams if s.service and s.service.id == "netflix"]
        assert len(netflix) == 2 and {s.currency for s in netflix} == said
