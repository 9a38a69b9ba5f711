"""Statement descriptors cleaned of what changes from one charge to the next.

Card networks and banks wrap the merchant's name in rail prefixes
(``POS``, ``RECURRING PAYMENT AUTHORIZED ON 01/05``, ``SEPA-Lastschrift``),
masked card numbers, dates, order references, phone numbers, store numbers
and a city and state. Left in, they split one subscription into as many
streams as it has charges, so they go before anything is grouped or
matched. The aggregator prefix (``PAYPAL *``, ``GOOGLE *``) is kept: it is
the biller.
"""

from __future__ import annotations

import re

__all__ = ["clean_descriptor", "merchant_key", "is_hold"]

_RAIL = re.compile(
    r"^(?:"
    r"(?:RECURRING |DEBIT CARD |CHECK ?CARD |CARD )?PURCHASE(?: AUTHORI[SZ]ED ON \d{1,2}/\d{1,2})?"
    r"|RECURRING PAYMENT(?: AUTHORI[SZ]ED ON \d{1,2}/\d{1,2})?|RECURRING|POS(?: DEBIT| PURCHASE)?|VISA|MC|DEBIT"
    r"|ACH(?: DEBIT| WITHDRAWAL)?|DIRECT DEBIT|DD|BILL PAYMENT|CARD PAYMENT(?: TO)?|CARD TRANSACTION|CONTACTLESS"
    r"|SEPA[- ]?(?:LASTSCHRIFT|BASISLASTSCHRIFT|DIRECT DEBIT)|(?:FOLGE|ERST)?LASTSCHRIFT|KARTENZAHLUNG|KARTENUMSATZ"
    r"|PRLV SEPA|PAIEMENT PAR CARTE|PAIEMENT CB|CB|CARTE(?: X?\d{4})?|BETAALAUTOMAAT|INCASSO"
    r")(?=\W|$)[\s:/-]*"
)
_MASKED_CARD = re.compile(r"\b(?:[X*#]{4,}[\s-]?)+\d{4}\b|\bCARD\s*(?:NO\.?\s*)?\d{4}\b")
_DATE = re.compile(
    r"\b\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b|\b\d{1,2}(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\d{0,4}\b"
)
_PHONE = re.compile(r"(?<!\w)\+?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}(?!\w)")
_STORE = re.compile(r"(?:#|\bNO\.?\s*|\bSTORE\s*)\d+\b")
# a number of four or more digits, or a code mixing letters with three or more digits, is a reference, an order
# or a terminal number, never a merchant's name ("MICROSOFT 365" keeps its 365)
_REFERENCE = re.compile(r"\b(?:\d{4,}|(?=[A-Z0-9]*[A-Z])(?=(?:[A-Z]*\d){3})[A-Z0-9]{4,})\b")
_PLACE = re.compile(
    r"(?:\s+(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC"
    r"|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|US|USA|GB|GBR|UK|IE|IRL|LU|LUX|NL|NLD|DE|DEU|FR|FRA|SE|CH)\.?)+$"
)
_HOLD = re.compile(r"\b(?:TEMPORARY HOLD|TEMP HOLD|PRE-?AUTH(?:ORI[SZ]ATION)?|AUTHORI[SZ]ATION HOLD|PENDING)\b")


def clean_descriptor(text: str) -> str:
    """The descriptor without rails, card numbers, dates, references, phones, store numbers and place.

    Upper case, single spaces; ``*``, ``.`` and ``/`` stay, since billers'
    descriptors are written with them (``APPLE.COM/BILL``, ``PAYPAL *``).

    Examples
    --------
    >>> clean_descriptor("RECURRING PAYMENT AUTHORIZED ON 01/05 NETFLIX.COM 866-579-7172 CA CARD 1234")
    'NETFLIX.COM'
    >>> clean_descriptor("POS PAYPAL *SPOTIFY 4029357733 LU")
    'PAYPAL *SPOTIFY'
    >>> clean_descriptor("SAFEWAY #1234 PLEASANTON CA")
    'SAFEWAY PLEASANTON'
    """
    value = " ".join(str(text).upper().split())
    for _ in range(3):  # rails nest: "POS DEBIT CARD PURCHASE ..."
        stripped = _RAIL.sub("", value, count=1)
        if stripped == value:
            break
        value = stripped
    for pattern in (_MASKED_CARD, _DATE, _STORE, _PHONE, _REFERENCE):
        value = pattern.sub(" ", value)
    value = " ".join(value.split())
    value = _PLACE.sub("", value)
    return value.strip(" -,;:")


def merchant_key(cleaned: str) -> str:
    """What groups charges of a merchant the graph does not know: its first three words, letters only.

    Examples
    --------
    >>> merchant_key("SAFEWAY PLEASANTON"), merchant_key("SQ *BLUE BOTTLE COFFEE OAKLAND")
    ('safeway pleasanton', 'sq blue bottle')
    """
    words = re.findall(r"[a-z]+", cleaned.lower())
    return " ".join(words[:3])


def is_hold(text: str) -> bool:
    """Whether a line is a hold or pre-authorisation rather than a charge (``GOOGLE *TEMPORARY HOLD``).

    Examples
    --------
    >>> is_hold("GOOGLE *TEMPORARY HOLD"), is_hold("GOOGLE *YouTube")
    (True, False)
    """
    return bool(_HOLD.search(text.upper()))
