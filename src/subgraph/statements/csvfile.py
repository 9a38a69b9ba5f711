"""CSV exports as banks write them.

Comma, semicolon, tab or pipe, found by the standard library's dialect
sniffer; a header row in the usual names of several languages (date /
booking date / posted / Buchungstag, description / payee / memo /
Verwendungszweck, amount / Betrag / montant, or separate debit and credit
columns), possibly after a preamble of account lines; or no header at all,
when the columns are recognised by what they hold. Which side of a single
amount column is spending is decided per file, as are the date order and
the decimal separator (:mod:`subgraph.statements.values`).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .model import SkippedRow, Statement, StatementError, Transaction
from .values import AmountReader, DateReader, decide_date_order, decide_decimal_comma

__all__ = ["read_csv", "decode_text"]

#: How many leading rows may come before the header (account number, period, balance lines).
PREAMBLE_ROWS = 30


def _header_key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[^a-z0-9]+", "", "".join(c for c in folded if not unicodedata.combining(c)))


def _keys(*names: str) -> tuple[str, ...]:
    return tuple(_header_key(n) for n in names)


# Each tuple is in order of preference: the booking date before the value date, the payee before the memo.
_DATE = _keys(
    "booking date", "posted date", "posting date", "posted", "transaction date", "trans date", "date",
    "buchungstag", "buchungsdatum", "datum", "date operation", "date de l'opération", "fecha", "valuta", "value date",
    "wertstellung",
)  # fmt: skip
_PAYEE = _keys(
    "payee", "merchant", "merchant name", "name", "beneficiary", "counterparty",
    "beguenstigter/zahlungspflichtiger", "begünstigter/zahlungspflichtiger", "auftraggeber/empfänger",
    "empfänger", "zahlungsempfänger", "naam / omschrijving", "tegenpartij",
)  # fmt: skip
_MEMO = _keys(
    "description", "transaction description", "details", "memo", "narrative", "verwendungszweck", "buchungstext",
    "libellé", "libelle", "omschrijving", "concepto", "reference", "text",
)  # fmt: skip
_AMOUNT = _keys(
    "amount", "transaction amount", "betrag", "betrag (eur)", "umsatz", "montant", "bedrag", "importe", "value",
    "amount (eur)", "amount (usd)", "amount (gbp)",
)  # fmt: skip
_DEBIT = _keys("debit", "debit amount", "withdrawal", "withdrawals", "money out", "paid out", "soll", "débit", "af")
_CREDIT = _keys("credit", "credit amount", "deposit", "deposits", "money in", "paid in", "haben", "crédit", "bij")
_CURRENCY = _keys("currency", "währung", "waehrung", "devise", "ccy", "moneda")
_DIRECTION = _keys(
    "debit/credit", "credit/debit", "soll/haben", "dr/cr", "af bij", "af/bij", "type", "transaction type"
)
_STATUS = _keys("status", "state")
_SPENDING_WORDS = {"debit", "dr", "d", "s", "soll", "af", "withdrawal", "purchase", "sale", "payment"}
_INCOME_WORDS = {"credit", "cr", "c", "h", "haben", "bij", "deposit", "refund", "return"}


def decode_text(data: bytes) -> str:
    """The text of an export: UTF-8 with or without a byte-order mark, UTF-16 with one, else Windows-1252.

    Examples
    --------
    >>> decode_text(b"\\xef\\xbb\\xbfDate"), decode_text("Gebühr".encode("cp1252"))
    ('Date', 'Gebühr')
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise StatementError("unreadable", f"the file starts as {encoding} but is not") from None
    if b"\x00" in data:
        raise StatementError("unreadable", "the file holds binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; a statement from a Windows bank has none of them
        return data.decode("cp1252", errors="replace")


@dataclass(frozen=True, slots=True)
class _Columns:
    date: int
    payee: int | None
    memo: int | None
    amount: int | None
    debit: int | None
    credit: int | None
    currency: int | None
    direction: int | None
    status: int | None
    width: int


def _find(keys: Sequence[str], preferred: tuple[str, ...], taken: set[int]) -> int | None:
    for name in preferred:
        for i, key in enumerate(keys):
            if key == name and i not in taken:
                return i
    return None


def _columns_from_header(row: Sequence[str]) -> _Columns | None:
    keys = [_header_key(c) for c in row]
    taken: set[int] = set()

    def pick(preferred: tuple[str, ...]) -> int | None:
        found = _find(keys, preferred, taken)
        if found is not None:
            taken.add(found)
        return found

    date, amount = pick(_DATE), pick(_AMOUNT)
    debit, credit = pick(_DEBIT), pick(_CREDIT)
    if date is None or (amount is None and (debit is None or credit is None)):
        return None
    payee, memo = pick(_PAYEE), pick(_MEMO)
    if payee is None and memo is None:
        return None
    return _Columns(
        date, payee, memo, amount, debit, credit, pick(_CURRENCY), pick(_DIRECTION), pick(_STATUS), len(row)
    )


def _columns_from_content(rows: Sequence[Sequence[str]], dates: DateReader, amounts: AmountReader) -> _Columns | None:
    """Columns recognised by what they hold, for exports with no header row (Wells Fargo's, say)."""
    sample = [r for r in rows[:50] if len(r) > 1]
    if not sample:
        return None
    width = max(len(r) for r in sample)
    sample = [r for r in sample if len(r) == width]

    def all_read(i: int, read) -> bool:
        try:
            for r in sample:
                read(r[i])
        except ValueError:
            return False
        return True

    date = next((i for i in range(width) if all_read(i, dates)), None)
    amount = next((i for i in range(width) if i != date and all_read(i, amounts)), None)
    if date is None or amount is None:
        return None
    texts = [i for i in range(width) if i not in (date, amount)]
    if not texts:
        return None
    memo = max(texts, key=lambda i: sum(len(r[i]) for r in sample))
    return _Columns(date, None, memo, amount, None, None, None, None, None, width)


def _sniff(text: str) -> csv.Dialect | type[csv.Dialect]:
    sample = "\n".join(text.splitlines()[: PREAMBLE_ROWS + 20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def _parse(text: str, dialect) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as err:
        raise StatementError("unreadable", f"line {reader.line_num}: not CSV ({err})") from None
    return rows


def _layout(text: str) -> tuple[list[tuple[int, list[str]]], int, _Columns | None]:
    """The rows, the index of the first data row, and the header's columns (None: no header found)."""
    candidates: list[Any] = [_sniff(text)]
    for delimiter in ",;\t|":  # the sniffer guesses from a sample; a preamble can mislead it
        if delimiter != candidates[0].delimiter:
            dialect = csv.excel()
            dialect.delimiter = delimiter
            candidates.append(dialect)
    first = None
    for dialect in candidates:
        rows = _parse(text, dialect)
        first = first or rows
        for i, (_, row) in enumerate(rows[:PREAMBLE_ROWS]):
            columns = _columns_from_header(row)
            if columns is not None:
                return rows, i + 1, columns
    return first or [], 0, None


def read_csv(data: bytes | str, *, default_day_first: bool = False) -> Statement:
    """Read a bank or card CSV export.

    Parameters
    ----------
    data : bytes or str
        The file's content.
    default_day_first : bool
        The date order assumed when no date in the file decides it (the
        analysis passes True outside the US). The statement's notes say
        when it was assumed.

    Returns
    -------
    Statement
        Spending positive. Rows that cannot be read are skipped and listed
        with their line numbers and why.

    Raises
    ------
    StatementError
        When no table of dates and amounts can be found at all.

    Examples
    --------
    >>> s = read_csv(b"Date;Payee;Amount\\n31.01.2025;NETFLIX.COM;-13,99\\n02.02.2025;Salary;2.500,00\\n")
    >>> [(t.posted.isoformat(), t.description, str(t.amount)) for t in s.transactions]
    [('2025-01-31', 'NETFLIX.COM', '13.99'), ('2025-02-02', 'Salary', '-2500.00')]
    """
    text = decode_text(data) if isinstance(data, bytes) else data
    if not text.strip():
        raise StatementError("empty", "the file is empty")
    rows, start, columns = _layout(text)
    body = [(line, row) for line, row in rows[start:] if any(cell.strip() for cell in row)]
    notes: list[str] = []
    date_index = columns.date if columns else None
    date_texts = [row[date_index] for _, row in body if date_index is not None and date_index < len(row)]
    if columns is None:  # no header: every cell could be the date
        date_texts = [cell for _, row in body[:200] for cell in row]
    day_first, note = decide_date_order(date_texts, default_day_first=default_day_first)
    if note:
        notes.append(note)
    amount_cells = [
        cell
        for _, row in body
        for i, cell in enumerate(row)
        if columns is None or i in (columns.amount, columns.debit, columns.credit)
    ]
    dates, amounts = DateReader(day_first=day_first), AmountReader(decimal_comma=decide_decimal_comma(amount_cells))
    if columns is None:
        columns = _columns_from_content([row for _, row in body], dates, amounts)
        if columns is None:
            raise StatementError(
                "unreadable",
                "no header row naming a date, a description and an amount (or debit and credit) columns, "
                "and no columns recognisable as dates and amounts",
            )
        notes.append("no header row: columns recognised by their content")
    return _rows(body, columns, dates, amounts, notes)


def _rows(body, columns: _Columns, dates: DateReader, amounts: AmountReader, notes: list[str]) -> Statement:
    skipped: list[SkippedRow] = []
    read: list[tuple[int, date, str, Decimal, str | None, bool, bool | None]] = []
    for line, row in body:
        if len(row) < columns.width:
            skipped.append(SkippedRow(line, f"{len(row)} fields where the header has {columns.width}"))
            continue
        try:
            posted = dates(row[columns.date])
        except ValueError as err:
            skipped.append(SkippedRow(line, f"date: {err}"))
            continue
        description = " ".join(
            row[i].strip() for i in (columns.payee, columns.memo) if i is not None and row[i].strip()
        )
        if not description:
            skipped.append(SkippedRow(line, "no description"))
            continue
        try:
            amount, spending = _amount(row, columns, amounts)
        except ValueError as err:
            skipped.append(SkippedRow(line, f"amount: {err}"))
            continue
        # as written: a symbol still keeps its charges apart from another's; answers give only codes
        currency = row[columns.currency].strip().upper() or None if columns.currency is not None else None
        pending = columns.status is not None and "pend" in row[columns.status].lower()
        read.append((line, posted, description, amount, currency, pending, spending))
    # A single signed column: spending is the side most rows are on (a bank account's spending is negative,
    # a card's is positive), unless a direction column or separate debit/credit columns said so already.
    decided = [r for r in read if r[6] is not None]
    signed = [r for r in read if r[6] is None]
    flip = False
    if signed:
        negative = sum(1 for r in signed if r[3] < 0)
        flip = negative * 2 >= len(signed)
        notes.append(f"spending read as {'negative' if flip else 'positive'} amounts (the side most rows are on)")
    transactions = [
        Transaction(line, posted, description, -amount if flip else amount, currency, pending)
        for line, posted, description, amount, currency, pending, _ in signed
    ] + [
        Transaction(line, posted, description, amount, currency, pending)
        for line, posted, description, amount, currency, pending, _ in decided
    ]
    transactions.sort(key=lambda t: t.line)
    if not transactions:
        raise StatementError("empty", f"no transaction could be read ({len(skipped)} rows skipped)")
    return Statement("csv", tuple(transactions), tuple(skipped), tuple(notes))


def _amount(row: Sequence[str], columns: _Columns, amounts: AmountReader):
    """(amount, True when spending was decided by the row itself / None when the sign is the file's convention)."""
    if columns.amount is not None and row[columns.amount].strip():
        value = amounts(row[columns.amount])
        if columns.direction is not None:
            word = _header_key(row[columns.direction])
            if word in _SPENDING_WORDS:
                return abs(value), True
            if word in _INCOME_WORDS:
                return -abs(value), True
        return value, None
    debit = row[columns.debit].strip() if columns.debit is not None else ""
    credit = row[columns.credit].strip() if columns.credit is not None else ""
    if debit:
        return abs(amounts(debit)), True
    if credit:
        return -abs(amounts(credit)), True
    raise ValueError("empty")
