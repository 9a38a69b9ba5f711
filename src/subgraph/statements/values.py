"""Dates and amounts as banks write them, decided once per file.

A file is consistent with itself, so its conventions are decided from all
of its values before any one is read: ``03/04/2025`` is day-first in a file
that also holds ``31/03/2025`` and month-first in one holding
``03/31/2025``; ``-13,99`` has a decimal comma in a file whose amounts end
in ``,dd``. Localised numbers are read by babel (grouping checked), never by
a price parser (they drop the sign). Values repeat a great deal in a
statement, so each distinct text is read once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

__all__ = ["DateReader", "AmountReader", "decide_date_order", "decide_decimal_comma"]

_NUMERIC_DATE = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})(?:[ T].*)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# a decimal part of one or two digits at the end (a sign or a currency may follow)
_COMMA_DECIMAL = re.compile(r"\d,\d{1,2}(?!\d)")
_DOT_DECIMAL = re.compile(r"\d\.\d{1,2}(?!\d)")
_MINUSES = str.maketrans({"\u2212": "-", "\u2013": "-"})
# spaces, non-breaking and narrow spaces, Swiss apostrophes: thousands separators babel need not see
_GROUPING = re.compile(r"[\s\u00a0\u202f'\u2019]")


def decide_date_order(texts: Iterable[str], *, default_day_first: bool) -> tuple[bool, str | None]:
    """Whether a file's numeric dates are day-first, and a note when that had to be assumed.

    A first field above 12 decides day-first, a second field above 12
    month-first; with neither the default holds and the note says so.

    Examples
    --------
    >>> decide_date_order(["03/04/2025", "31/03/2025"], default_day_first=False)
    (True, None)
    >>> decide_date_order(["03/04/2025"], default_day_first=False)[1]
    'dates read month-first (MM/DD/YYYY): no day above 12 decides it'
    >>> decide_date_order(["2025-04-03"], default_day_first=False)
    (False, None)
    """
    first_over, second_over, numeric = False, False, False
    for text in texts:
        m = _NUMERIC_DATE.match(text.strip())
        if m:
            numeric = True
            first_over |= int(m.group(1)) > 12
            second_over |= int(m.group(3)) > 12
    if not numeric:  # ISO dates, or month names: there is nothing to assume
        return default_day_first, None
    if first_over and not second_over:
        return True, None
    if second_over and not first_over:
        return False, None
    order = "day-first (DD/MM/YYYY)" if default_day_first else "month-first (MM/DD/YYYY)"
    why = "fields above 12 on both sides" if first_over else "no day above 12 decides it"
    return default_day_first, f"dates read {order}: {why}"


def decide_decimal_comma(texts: Iterable[str]) -> bool:
    """Whether a file's amounts use a decimal comma (``-13,99``, ``1.234,56``).

    Examples
    --------
    >>> decide_decimal_comma(["-13,99", "1.234,56"]), decide_decimal_comma(["-13.99", "1,234.56"])
    (True, False)
    """
    comma = dot = 0
    for text in texts:
        comma += bool(_COMMA_DECIMAL.search(text))
        dot += bool(_DOT_DECIMAL.search(text))
    return comma > dot


class DateReader:
    """Read one file's dates with the order decided for it.

    Examples
    --------
    >>> DateReader(day_first=True)("03.04.2025")
    datetime.date(2025, 4, 3)
    >>> DateReader(day_first=False)("2025-04-03"), DateReader(day_first=False)("Apr 3, 2025")
    (datetime.date(2025, 4, 3), datetime.date(2025, 4, 3))
    """

    def __init__(self, *, day_first: bool) -> None:
        self.day_first = day_first
        self._seen: dict[str, date] = {}

    def __call__(self, text: str) -> date:
        """The date, or ValueError naming what is wrong (not the text)."""
        known = self._seen.get(text)
        if known is None:
            known = self._seen[text] = self._read(text.strip())
        return known

    def _read(self, text: str) -> date:
        if m := _ISO_DATE.match(text) or _COMPACT_DATE.match(text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _NUMERIC_DATE.match(text):
            first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
            if year < 100:
                year += 2000
            day, month = (first, second) if self.day_first else (second, first)
            return date(year, month, day)
        if not text or not re.search(r"\d", text) or not re.search(r"[A-Za-z]", text):
            raise ValueError("not a date")
        from dateutil import parser

        try:
            return parser.parse(text, dayfirst=self.day_first).date()
        except (ValueError, OverflowError, parser.ParserError):
            raise ValueError("not a date") from None


class AmountReader:
    """Read one file's amounts: sign, currency symbols and grouping as the file writes them.

    ``(13.99)``, ``13.99-``, ``13.99 DR`` and ``-13.99`` are all negative;
    ``13.99 CR`` is positive.

    Examples
    --------
    >>> AmountReader(decimal_comma=True)("-1.234,56 €")
    Decimal('-1234.56')
    >>> AmountReader(decimal_comma=False)("($13.99)"), AmountReader(decimal_comma=False)("13.99 DR")
    (Decimal('-13.99'), Decimal('-13.99'))
    """

    def __init__(self, *, decimal_comma: bool) -> None:
        self.decimal_comma = decimal_comma
        self._locale = "de_DE" if decimal_comma else "en_US"
        self._plain = re.compile(r"\d+(?:,\d+)?" if decimal_comma else r"\d+(?:\.\d+)?")
        #: what most cells are ("-13.99"): read at once, with the sign as the full reading gives it
        self._simple = re.compile(r"(-?)(\d+,\d+)" if decimal_comma else r"(-?)(\d+\.\d+)")
        self._seen: dict[str, Decimal] = {}

    def __call__(self, text: str) -> Decimal:
        """The amount, or ValueError naming what is wrong (not the text)."""
        known = self._seen.get(text)
        if known is None:
            known = self._seen[text] = self._read(text)
        return known

    def _read(self, text: str) -> Decimal:
        if simple := self._simple.fullmatch(text):
            amount = Decimal(simple.group(2).replace(",", ".") if self.decimal_comma else simple.group(2))
            return -amount if simple.group(1) else amount
        value = _GROUPING.sub("", text.translate(_MINUSES)).upper()
        negative = False
        if value.endswith(("DR", "CR")):
            negative, value = value.endswith("DR"), value[:-2]
        if value.startswith("(") and value.endswith(")"):
            negative, value = True, value[1:-1]
        # currency symbols and codes on either side
        value = re.sub(r"^[^\d+\-.,]+|[^\d+\-.,]+$", "", value)
        if value.endswith("-"):
            negative, value = not negative, value[:-1]
        elif value.startswith("-"):
            negative, value = not negative, value[1:]
        elif value.startswith("+"):
            value = value[1:]
        value = re.sub(r"^[^\d.,]+", "", value)
        if not value or not re.fullmatch(r"[\d.,]+", value):
            raise ValueError("not an amount")
        plain = self._plain.fullmatch(value)
        if plain:  # no grouping to check: most amounts, read without babel's locale machinery
            amount = Decimal(value.replace(",", ".") if self.decimal_comma else value)
            return -amount if negative else amount
        try:
            amount = parse_decimal(value, locale=self._locale, strict=True)
        except NumberFormatError:
            separator = "comma" if self.decimal_comma else "point"
            raise ValueError(f"not an amount with a decimal {separator}, as the rest of the file has") from None
        return -amount if negative else amount
