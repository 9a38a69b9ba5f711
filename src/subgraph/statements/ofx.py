"""OFX and QFX exports (Quicken, Money, most US and many European banks).

ofxtools reads them strictly; real banks send files it refuses (empty
tags, comments in the SGML header, a missing closing tag), so ofxparse
reads those. A transaction's NAME and MEMO together form its descriptor:
banks cut NAME at 32 characters and put the rest, or the merchant, in
MEMO.
"""

from __future__ import annotations

import io
import re
import warnings
from datetime import date, datetime
from decimal import Decimal

from .csvfile import decode_text
from .model import SkippedRow, Statement, StatementError, Transaction

__all__ = ["read_ofx", "looks_like_ofx"]

_FORBIDDEN = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def looks_like_ofx(data: bytes) -> bool:
    """Whether the bytes open as OFX: an SGML ``OFXHEADER`` or an XML ``<?OFX`` / ``<OFX>``.

    Examples
    --------
    >>> looks_like_ofx(b"OFXHEADER:100\\nDATA:OFXSGML"), looks_like_ofx(b"Date,Amount")
    (True, False)
    """
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    return head.startswith(b"OFXHEADER") or b"<?OFX" in head or b"<OFX>" in head


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _lines_of_transactions(text: str) -> list[int]:
    """The line each ``<STMTTRN>`` opens on, in order, so a skipped one can be named by its line."""
    return [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"<STMTTRN>", text, re.IGNORECASE)]


def read_ofx(data: bytes) -> Statement:
    """Read an OFX or QFX export, SGML (OFX 1) or XML (OFX 2).

    Parameters
    ----------
    data : bytes

    Returns
    -------
    Statement
        Spending positive (OFX writes it negative). Its notes say when the
        lenient reader had to be used.

    Raises
    ------
    StatementError
        A file neither reader can read, or one that declares a DTD or
        entities (refused before any XML parser sees it).

    Examples
    --------
    >>> s = read_ofx(b'''OFXHEADER:100
    ... DATA:OFXSGML
    ... VERSION:102
    ...
    ... <OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKTRANLIST>
    ... <STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20250131<TRNAMT>-13.99<FITID>1<NAME>NETFLIX.COM<MEMO>LOS GATOS CA</STMTTRN>
    ... </BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>''')
    >>> [(t.description, str(t.amount), t.currency) for t in s.transactions], s.notes
    ([('NETFLIX.COM LOS GATOS CA', '13.99', 'USD')], ('read leniently: the file is not strict OFX',))
    """
    if _FORBIDDEN.search(data):
        raise StatementError("unreadable", "the OFX file declares a DTD or entities, which are refused")
    text = decode_text(data)
    lines = _lines_of_transactions(text)
    try:
        return _strict(data, lines)
    except Exception:  # noqa: BLE001 - ofxtools raises many kinds for what real banks send; the lenient reader decides
        pass
    try:
        return _lenient(data, lines)
    except StatementError:
        raise
    except Exception:  # noqa: BLE001 - ofxparse raises anything from its soup; the message must not echo content
        raise StatementError("unreadable", "not an OFX file either reader can read") from None


def _line(lines: list[int], index: int) -> int:
    return lines[index] if index < len(lines) else index + 1


def _strict(data: bytes, lines: list[int]) -> Statement:
    from ofxtools.Parser import OFXTree

    tree = OFXTree()
    tree.parse(io.BytesIO(data))
    ofx = tree.convert()
    transactions = []
    index = 0
    for statement in ofx.statements:
        currency = getattr(statement, "curdef", None)
        for tx in statement.transactions:
            description = " ".join(p.strip() for p in (tx.name, tx.memo) if p and p.strip())
            transactions.append(
                Transaction(
                    _line(lines, index),
                    _as_date(tx.dtposted),
                    description,
                    -Decimal(tx.trnamt),
                    getattr(tx, "currency", None) and tx.currency.cursym or currency,
                )
            )
            index += 1
    return _finish(transactions, [], ())


def _lenient(data: bytes, lines: list[int]) -> Statement:
    from ofxparse import OfxParser

    with warnings.catch_warnings():  # ofxparse calls BeautifulSoup's deprecated names; nothing for our users
        warnings.simplefilter("ignore", DeprecationWarning)
        ofx = OfxParser.parse(io.BytesIO(data), fail_fast=False)
    transactions, skipped = [], []
    index = 0
    for account in getattr(ofx, "accounts", None) or [ofx.account]:
        statement = account.statement
        currency = (getattr(statement, "currency", None) or "").upper() or None
        for tx in statement.transactions:
            description = " ".join(p.strip() for p in (tx.payee, tx.memo) if p and p.strip())
            if tx.date is None or tx.amount is None or not description:
                skipped.append(SkippedRow(_line(lines, index), "a transaction without date, amount or name"))
            else:
                transactions.append(
                    Transaction(_line(lines, index), _as_date(tx.date), description, -Decimal(tx.amount), currency)
                )
            index += 1
        for _ in getattr(statement, "discarded_entries", ()):
            skipped.append(SkippedRow(_line(lines, index), "a transaction ofxparse could not read"))
            index += 1
    return _finish(transactions, skipped, ("read leniently: the file is not strict OFX",))


def _finish(transactions, skipped, notes) -> Statement:
    if not transactions:
        raise StatementError("empty", f"no transaction could be read ({len(skipped)} skipped)")
    return Statement("ofx", tuple(transactions), tuple(skipped), tuple(notes))
