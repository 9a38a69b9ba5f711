"""The labelled statement corpus: synthetic but realistic exports with their ground truth.

Run ``python tests/statements/corpus.py`` to write ``tests/data/statements/corpus/``; the
test checks the files are exactly what this module generates (seeded, so reproducible).

Subscriptions come from descriptor templates built on the graph's own descriptors and
names; noise is everyday spending (groceries, fuel, coffee, marketplace orders, a
warehouse club visited monthly at varying amounts) and near misses ("NW NATURAL",
"DR MARTENS", "DRAFTKINGS", "MAXWELLS DINER"). Phenomena: price rises, lapses, trials
converting, annual renewals, refunds, pending holds, date jitter, month-end anchors.
Every statement is written in one of six export dialects. TEMPLATES are used when tuning;
HELD_OUT templates never were, and are reported separately.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "data" / "statements" / "corpus"
SEED = 18


@dataclass(frozen=True)
class Template:
    name: str
    text: str  # {ref} {phone} {store} are filled per charge
    biller: str | None
    service: str | None
    amount: str
    cadence: str
    currency: str = "USD"


TEMPLATES = (
    Template("netflix", "NETFLIX.COM 866-579-7172 CA", "netflix-inc", "netflix", "15.49", "monthly"),
    Template("paypal-spotify", "PAYPAL *SPOTIFY {phone} LU", "paypal", "spotify", "10.99", "monthly"),
    Template(
        "google-youtube", "GOOGLE *YouTubePremium g.co/helppay#", "google-play", "youtube-premium", "13.99", "monthly"
    ),
    Template("apple-bill", "APPLE.COM/BILL 866-712-7753 CA", "apple-app-store", None, "2.99", "monthly"),
    Template("nexway-kaspersky", "NW*KASPERSKY {ref}", "nexway", "kaspersky", "59.99", "annual"),
    Template("hulu", "HULU {ref} HULU.COM/BILL CA", "hulu-com", "hulu", "9.99", "monthly"),
    Template("prime", "AMAZON PRIME*{ref} AMZN.COM/BILL WA", "amazon", "amazon-prime", "139.00", "annual"),
    Template("dropbox", "DROPBOX*{ref} DROPBOX.COM CA", "dropbox-inc", "dropbox", "11.99", "monthly"),
    Template("ms365", "MSFT*MICROSOFT 365 MSBILL.INFO WA", "microsoft-store", "microsoft-365", "99.99", "annual"),
    Template("disney", "DISNEY PLUS 888-905-7888 CA", "walt-disney-company", "disney-plus", "9.99", "monthly"),
    Template("skillshare", "HELP.SKILLSHARE.COM NY", "skillshare-inc", "skillshare", "32.00", "monthly"),
    Template("peacock", "PEACOCK {ref} PREMIUM NY", "nbcuniversal", "peacock", "7.99", "monthly"),
    Template("gym", "PLANET FITNESS #{store}", None, None, "24.99", "monthly"),
    Template("insurance", "STATE FARM INSURANCE {phone}", None, None, "118.40", "monthly"),
    Template("gas-bill", "NW NATURAL GAS {phone} OR", None, None, "62.00", "monthly"),  # a near miss of NW (Nexway)
    Template("weekly-box", "HELLOFRESH {ref}", None, None, "59.94", "weekly"),
    Template("storage", "PUBLIC STORAGE #{store}", None, None, "89.00", "quarterly"),
)
HELD_OUT = (
    Template("dr-kaspersky", "DR *KASPERSKY {ref}", "digital-river", "kaspersky", "79.99", "annual"),
    Template("google-one", "GOOGLE *Google One", "google-play", "google-one", "2.99", "monthly"),
    Template("itunes", "ITUNES.COM/BILL", "apple-app-store", None, "10.99", "monthly"),
    Template("paypal-norton", "PAYPAL *NORTON {phone}", "paypal", "norton", "104.99", "annual"),
    Template("audible", "AUDIBLE*{ref} AMZN.COM/BILL WA", "amazon", "audible", "14.95", "monthly"),
    Template("1password", "1PASSWORD TORONTO ON", "agilebits", "1password", "35.88", "annual"),
    Template("spotify-direct", "SPOTIFY USA 877-778-1161 NY", "spotify-usa-inc", "spotify", "11.99", "monthly"),
    Template("nyt", "NYTIMES*NYTIMES.COM {phone} NY", "new-york-times-company", "nyt", "25.00", "monthly"),
    Template("max", "MAX.COM {ref} NY", "warner-bros-discovery", "max", "16.99", "monthly"),
    Template("dropbox-near", "DROPBOX {ref} SAN FRANCISCO CA", "dropbox-inc", "dropbox", "119.88", "annual"),
)
NOISE = (
    ("SAFEWAY #{store} PLEASANTON CA", 20, 180, 5),
    ("SHELL OIL {ref}", 30, 75, 12),
    ("STARBUCKS STORE {store}", 4, 14, 6),
    ("AMZN Mktp US*{ref}", 8, 120, 15),
    ("UBER *TRIP {ref}", 9, 45, 20),
    ("DR MARTENS {store} SAN JOSE CA", 90, 180, 120),
    ("DRAFTKINGS {ref}", 10, 50, 25),
    ("MAXWELLS DINER", 25, 90, 30),
    ("COSTCO WHSE #{store}", 80, 320, 30),  # monthly-ish, amounts vary: not a subscription
)
DIALECTS = ("csv-us", "csv-de", "csv-uk", "csv-card", "ofx", "camt")
STEP = {"weekly": 0, "monthly": 1, "quarterly": 3, "annual": 12}


def _fill(rng: random.Random, text: str) -> str:
    return (
        text.replace("{ref}", "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(9)) + "7")
        .replace("{phone}", f"{rng.randint(200, 999)}-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}")
        .replace("{store}", str(rng.randint(100, 9999)))
    )


def _month(day: date, months: int, anchor: int) -> date:
    import calendar

    m0 = day.month - 1 + months
    y, m = day.year + m0 // 12, m0 % 12 + 1
    return date(y, m, min(anchor, calendar.monthrange(y, m)[1]))


def _stream(rng, t: Template, start: date, end: date, currency: str):
    """Charges of one subscription, and its truth."""
    charges = []
    amount = Decimal(t.amount)
    anchor = rng.choice([1, 5, 12, 17, 28, 31]) if t.cadence != "weekly" else 0
    first = (
        start + timedelta(days=rng.randint(0, 40))
        if t.cadence != "annual"
        else start + timedelta(days=rng.randint(0, 20))
    )
    if t.cadence in ("monthly", "quarterly", "annual"):
        first = _month(first, 0, anchor)
    lapse_at = end - timedelta(days=rng.randint(100, 150)) if rng.random() < 0.15 and t.cadence != "annual" else None
    rise_after = rng.randint(3, 7) if rng.random() < 0.3 and t.cadence == "monthly" else None
    trial = rng.random() < 0.15 and t.cadence == "monthly"
    n, day = 0, first
    while day <= end and (lapse_at is None or day <= lapse_at):
        value = amount
        if trial and n == 0:
            value = Decimal("0.00")
        if rise_after is not None and n >= rise_after:
            value = (amount * Decimal("1.15")).quantize(Decimal("0.01"))
        jitter = timedelta(days=rng.choice([0, 0, 0, 1, 2])) if t.cadence != "weekly" else timedelta(0)
        charges.append((day + jitter, _fill(rng, t.text), value))
        n += 1
        day = day + timedelta(days=7) if t.cadence == "weekly" else _month(first, n * STEP[t.cadence], anchor)
    refunds = []
    if rng.random() < 0.15 and len(charges) > 2:
        when, text, value = charges[len(charges) // 2]
        if value > 0:
            refunds.append((when + timedelta(days=3), text, -value))
    return charges, refunds


def _statement(rng: random.Random, number: int):
    dialect = DIALECTS[number % len(DIALECTS)]
    currency = "EUR" if dialect in ("csv-de", "camt") else "GBP" if dialect == "csv-uk" else "USD"
    start = date(2024, 1, 1) + timedelta(days=rng.randint(0, 120))
    end = start + timedelta(days=rng.randint(400, 460))
    held_out = number % 3 == 2
    pool = HELD_OUT if held_out else TEMPLATES
    chosen = rng.sample(pool, k=min(len(pool), rng.randint(4, 7)))
    # a German account: the PayPal direct debit names the merchant in its text (a tuned template: the
    # held-out statements keep to held-out templates, or their figures would not be held out)
    if dialect in ("csv-de", "camt") and not held_out and not any(t.name == "paypal-spotify" for t in chosen):
        chosen.append(
            Template(
                "sepa-paypal",
                "PayPal (Europe) S.a.r.l. et Cie., S.C.A. {ref} PP.{store}.PP . Spotify AB, Ihr Einkauf bei Spotify AB",
                "paypal",
                "spotify",
                "10.99",
                "monthly",
            )
        )
    rows, truth = [], []
    for t in chosen:
        charges, refunds = _stream(rng, t, start, end, currency)
        if not charges:
            continue
        rows += charges + refunds
        truth.append(
            {
                "template": t.name,
                "held_out": held_out,
                "biller": t.biller,
                "service": t.service,
                "cadence": t.cadence,
                "charges": [[d.isoformat(), str(v)] for d, _, v in charges],
            }
        )
    for text, low, high, every in NOISE:
        day = start + timedelta(days=rng.randint(0, every))
        while day <= end:
            rows.append((day, _fill(rng, text), Decimal(rng.randint(low * 100, high * 100)) / 100))
            day += timedelta(days=max(1, int(rng.gauss(every, every / 3))))
    rows.append((end - timedelta(days=2), "GOOGLE *TEMPORARY HOLD", Decimal("1.00")))
    rows.append((end - timedelta(days=10), "PAYROLL ACME CORP", Decimal("-3200.00")))
    rows.sort(key=lambda r: r[0])
    return dialect, currency, rows, truth


def _money(value: Decimal, comma: bool) -> str:
    text = f"{value:,.2f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".") if comma else text


def render(dialect: str, currency: str, rows) -> tuple[str, bytes]:
    """The file name and bytes of a statement as the dialect's banks export it."""
    if dialect == "csv-us":  # a US checking account: month-first, spending negative
        lines = ["Posting Date,Description,Amount,Type,Balance"]
        lines += [f'{d:%m/%d/%Y},"{t}",{-v:.2f},{"DEBIT" if v >= 0 else "CREDIT"},' for d, t, v in rows]
        return "checking.csv", ("\r\n".join(lines) + "\r\n").encode()
    if dialect == "csv-de":  # a German Girokonto: semicolons, day-first dots, decimal comma, Windows-1252
        lines = [
            "Kontonummer;DE00 1234 5678 9000 0000 00",
            "",
            "Buchungstag;Valuta;Auftraggeber/Empfänger;Verwendungszweck;Betrag;Währung",
        ]
        for d, t, v in rows:
            payee, _, memo = t.partition(" . ") if " . " in t else (t, "", "")
            lines.append(f'{d:%d.%m.%Y};{d:%d.%m.%Y};"{payee}";"{memo}";{_money(-v, True)};{currency}')
        return "umsaetze.csv", ("\r\n".join(lines) + "\r\n").encode("cp1252")
    if dialect == "csv-uk":  # a UK current account: day-first, money out and in columns, BOM
        lines = ["Date,Description,Money Out,Money In,Balance"]
        lines += [
            f'{d:%d/%m/%Y},"{t}",{f"£{v:.2f}" if v >= 0 else ""},{f"£{-v:.2f}" if v < 0 else ""},' for d, t, v in rows
        ]
        return "statement.csv", b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode()
    if dialect == "csv-card":  # a US card: charges positive, payments and refunds negative
        lines = ["Trans. Date,Post Date,Description,Amount,Category"]
        lines += [
            f"{d:%m/%d/%Y},{d + timedelta(days=1):%m/%d/%Y},{t.replace(',', ' ')},{v:.2f},Shopping" for d, t, v in rows
        ]
        return "card.csv", ("\n".join(lines) + "\n").encode()
    if dialect == "ofx":
        head = (
            "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n"
            "COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n<OFX>\r\n<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0"
            "<SEVERITY>INFO</STATUS><DTSERVER>20250601<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>\r\n<CREDITCARDMSGSRSV1>"
            "<CCSTMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><CCSTMTRS><CURDEF>USD<CCACCTFROM>"
            "<ACCTID>XXXXXXXXXXXX1234</CCACCTFROM>\r\n<BANKTRANLIST><DTSTART>20240101<DTEND>20250601\r\n"
        )
        body = []
        for i, (d, t, v) in enumerate(rows):
            name, memo = t[:32], t[32:].strip()
            body.append(
                f"<STMTTRN>\r\n<TRNTYPE>{'DEBIT' if v >= 0 else 'CREDIT'}\r\n<DTPOSTED>{d:%Y%m%d}120000[-5:EST]\r\n"
                f"<TRNAMT>{-v:.2f}\r\n<FITID>{i:08d}\r\n<NAME>{name.replace('&', '&amp;')}\r\n"
                + (f"<MEMO>{memo.replace('&', '&amp;')}\r\n" if memo else "")
                + "</STMTTRN>\r\n"
            )
        tail = (
            "</BANKTRANLIST><LEDGERBAL><BALAMT>0.00<DTASOF>20250601</LEDGERBAL></CCSTMTRS></CCSTMTTRNRS>"
            "</CREDITCARDMSGSRSV1></OFX>\r\n"
        )
        return "card.qfx", (head + "".join(body) + tail).encode("ascii", "replace")
    entries = []
    for d, t, v in rows:
        party, _, memo = t.partition(" . ") if " . " in t else (t, "", "")
        side = "Cdtr" if v >= 0 else "Dbtr"
        remittance = f"<RmtInf><Ustrd>{_xml(memo)}</Ustrd></RmtInf>" if memo else ""
        entries.append(
            f'<Ntry><Amt Ccy="{currency}">{abs(v):.2f}</Amt><CdtDbtInd>{"DBIT" if v >= 0 else "CRDT"}</CdtDbtInd>'
            f"<Sts>BOOK</Sts><BookgDt><Dt>{d:%Y-%m-%d}</Dt></BookgDt><ValDt><Dt>{d:%Y-%m-%d}</Dt></ValDt>"
            f"<NtryDtls><TxDtls><RltdPties><{side}><Nm>{_xml(party)}</Nm></{side}></RltdPties>{remittance}</TxDtls>"
            "</NtryDtls></Ntry>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'
        "<BkToCstmrStmt><GrpHdr><MsgId>1</MsgId><CreDtTm>2025-06-01T00:00:00</CreDtTm></GrpHdr><Stmt><Id>1</Id>"
        "<Acct><Id><IBAN>DE00123456789000000000</IBAN></Id></Acct>\n"
        + "\n".join(entries)
        + "\n</Stmt></BkToCstmrStmt></Document>\n"
    )
    return "camt053.xml", xml.encode()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def generate(count: int = 36):
    """(file name, bytes, truth) of every statement of the corpus."""
    rng = random.Random(SEED)
    out = []
    for number in range(count):
        dialect, currency, rows, truth = _statement(rng, number)
        name, data = render(dialect, currency, rows)
        out.append((f"{number:02d}-{name}", data, {"dialect": dialect, "streams": truth}))
    return out


def write(directory: Path = CORPUS) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, data, truth in generate():
        (directory / name).write_bytes(data)
        (directory / (name + ".truth.json")).write_text(json.dumps(truth, indent=1) + "\n")


if __name__ == "__main__":
    write()


def score(kg, corpus=None) -> dict[str, dict[str, float]]:
    """Stream precision and recall, biller and service accuracy, for the tuning and the held-out statements.

    A detected stream is a true positive when at least half its charges (date, amount) are one true
    stream's; biller and service accuracy are over true positives (None must be None).
    """
    from subgraph.statements import analyse_statement

    tally = {
        part: dict(detected=0, correct=0, truths=0, found=0, biller=0, service=0) for part in ("tuning", "held_out")
    }
    for name, data, truth in corpus if corpus is not None else generate():
        held_out = any(s["held_out"] for s in truth["streams"])
        t = tally["held_out" if held_out else "tuning"]
        analysis = analyse_statement(
            kg, data, filename=name, region="DE" if truth["dialect"] in ("csv-de", "camt", "csv-uk") else "US"
        )
        truths = [{(d, str(Decimal(v))) for d, v in s["charges"] if Decimal(v) > 0} for s in truth["streams"]]
        found = set()
        t["truths"] += len(truths)
        for stream in analysis.streams:
            t["detected"] += 1
            charges = {(d.isoformat(), str(a)) for d, a in zip(stream.dates, stream.amounts) if a > 0}
            overlaps = [len(charges & c) for c in truths]
            best = max(range(len(truths)), key=overlaps.__getitem__) if truths else None
            if best is None or overlaps[best] * 2 < len(charges):
                continue
            t["correct"] += 1
            found.add(best)
            t["biller"] += stream.match.biller == truth["streams"][best]["biller"]
            t["service"] += stream.match.service == truth["streams"][best]["service"]
        t["found"] += len(found)
    return {
        part: {
            "precision": t["correct"] / max(t["detected"], 1),
            "recall": t["found"] / max(t["truths"], 1),
            "biller_accuracy": t["biller"] / max(t["correct"], 1),
            "service_accuracy": t["service"] / max(t["correct"], 1),
            "streams": t["truths"],
        }
        for part, t in tally.items()
    }
