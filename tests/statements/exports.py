"""Small exports in each format, for the CLI and API tests: a few months of known subscriptions."""

import re
from pathlib import Path

DATA = Path(__file__).parents[1] / "data" / "statements"


def csv_export(extra_rows: int = 0) -> bytes:
    """Netflix monthly (active at the end), Hulu for three months (lapsed), and everyday spending."""
    lines = ["Date,Description,Amount"]
    lines += [f"2025-{m:02d}-05,NETFLIX.COM 866-579-7172 CA,-15.49" for m in range(1, 7)]
    lines += [f"2025-{m:02d}-09,HULU 877-824-4858,-9.99" for m in range(1, 4)]
    lines += [f"2025-01-{1 + i % 28:02d},SHOP {i % 97},-{3 + i % 50}.25" for i in range(extra_rows)]
    return ("\n".join(lines) + "\n").encode()


def ofx_export() -> bytes:
    """A card's OFX file: PayPal billing Spotify monthly, and groceries."""
    return (DATA / "card.ofx").read_bytes()


def camt_export(months: int = 5) -> bytes:
    """A German bank's CAMT.053: a PayPal direct debit for Spotify each month (the merchant in the remittance)."""
    document = (DATA / "camt053-paypal.xml").read_text()
    entry = re.search(r"<Ntry>.*?</Ntry>", document, re.S)
    assert entry is not None
    entries = "".join(entry.group(0).replace("2025-02-03", f"2025-{m:02d}-03") for m in range(1, months + 1))
    return re.sub(r"(?s)<Ntry>.*</Ntry>", lambda _: entries, document).encode()
