"""ISO 20022 CAMT.053 (and CAMT.052) bank-to-customer statements, as European banks export them.

Read by pycamt after defusedxml has refused any DTD or entity declaration,
so no external entity is fetched and no entity expands (a CAMT file never
needs either). Missing optional elements are normal: an entry without
booking date or amount is skipped and reported, not fatal. A German PayPal
direct debit names PayPal as creditor and the real merchant only in the
remittance text, so the descriptor is the counterparty's name followed by
the remittance text.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .model import SkippedRow, Statement, StatementError, Transaction
from .values import DateReader

__all__ = ["read_camt", "looks_like_camt"]


def looks_like_camt(data: bytes) -> bool:
    """Whether the bytes open as a CAMT.052/053/054 document.

    Examples
    --------
    >>> looks_like_camt(b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">')
    True
    """
    return b"urn:iso:std:iso:20022:tech:xsd:camt.05" in data[:4096]


def _guard(data: bytes) -> None:
    import defusedxml.ElementTree as safe
    from defusedxml import DefusedXmlException

    try:
        safe.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise StatementError("unreadable", "the XML declares a DTD or entities, which are refused") from None
    except Exception as err:  # noqa: BLE001 - expat's ParseError; say where, never what
        position = getattr(err, "position", None)
        where = f" at line {position[0]}" if position else ""
        raise StatementError("unreadable", f"not well-formed XML{where}") from None


def read_camt(data: bytes) -> Statement:
    """Read a CAMT.053 statement.

    Returns
    -------
    Statement
        Debits (``CdtDbtInd`` DBIT) positive. Reversals (``RvslInd``) and
        pending entries (``Sts`` PDNG) are marked as such.

    Raises
    ------
    StatementError
        Not well-formed, with a DTD or entities, or no statement in it.

    Examples
    --------
    >>> xml = b'''<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
    ... <Ntry><Amt Ccy="EUR">9.99</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-15</Dt></BookgDt>
    ... <NtryDtls><TxDtls><RltdPties><Cdtr><Nm>Spotify AB</Nm></Cdtr></RltdPties></TxDtls></NtryDtls></Ntry>
    ... </Stmt></BkToCstmrStmt></Document>'''
    >>> [(t.description, str(t.amount), t.currency) for t in read_camt(xml).transactions]
    [('Spotify AB', '9.99', 'EUR')]
    """
    _guard(data)
    from pycamt.parser import Camt053Parser

    try:
        parser = Camt053Parser(data)
        rows = parser.get_transactions()
    except Exception:  # noqa: BLE001 - pycamt's errors quote elements of the file
        raise StatementError("unreadable", "not a CAMT.053 statement pycamt can read") from None
    entries = parser.tree.findall(".//{*}Ntry")
    lines = [e.sourceline or i + 1 for i, e in enumerate(entries)] if len(entries) == len(rows) else None
    dates = DateReader(day_first=True)
    transactions, skipped = [], []
    for i, row in enumerate(rows):
        line = lines[i] if lines else i + 1
        when = row.get("BookingDate") or row.get("ValueDate")
        try:
            amount = Decimal(row.get("Amount") or "")
        except InvalidOperation:
            skipped.append(SkippedRow(line, "an entry without an amount"))
            continue
        if not when:
            skipped.append(SkippedRow(line, "an entry without a booking or value date"))
            continue
        try:
            posted = dates(when)
        except ValueError:
            skipped.append(SkippedRow(line, "an entry whose date is not a date"))
            continue
        debit = row.get("CreditDebitIndicator") == "DBIT"
        party = row.get("CreditorName") if debit else row.get("DebtorName")
        remittance = row.get("RemittanceInformationFull") or row.get("RemittanceInformation")
        parts = [p for p in (party, remittance) if p]
        if not parts and row.get("AdditionalEntryInformation"):
            parts = [row["AdditionalEntryInformation"]]
        if not parts:
            skipped.append(SkippedRow(line, "an entry naming no counterparty"))
            continue
        transactions.append(
            Transaction(
                line,
                posted,
                " ".join(" ".join(parts).split()),
                amount if debit else -amount,
                row.get("Currency"),
                pending=(row.get("Status") or "").upper() in ("PDNG", "PENDING"),
                reversal=(row.get("ReversalIndicator") or "").lower() == "true",
            )
        )
    if not transactions:
        raise StatementError("empty", f"no entry could be read ({len(skipped)} skipped)")
    return Statement("camt", tuple(transactions), tuple(skipped))
