"""A portfolio from a file: a JSON list, a CSV list, a statement answer, or a bank export (analysed first).

JSON and CSV items have the fields of :class:`~.model.Subscription` (those
of a question, plus ``label``, ``renews_on``, ``trial_ends_on``); in CSV,
``reasons`` and ``needs`` hold several values separated by ``;``. A CSV
whose header is not made of those names is read as a bank export. A JSON
object with ``streams`` is a statement answer (``subgraph statement --json``),
read unchanged.
"""

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..graph.loader import KnowledgeGraph
from ..statements import analyse_statement
from .items import subscriptions_from_charges, subscriptions_from_streams
from .model import MAX_ITEMS, StatementCharge, Subscription

__all__ = ["read_subscriptions", "statement_charges", "PortfolioInputError", "FIELDS"]

#: Reads a statement answer's charges back from JSON, as much of each as a portfolio needs.
_CHARGES: TypeAdapter[tuple[StatementCharge, ...]] = TypeAdapter(tuple[StatementCharge, ...])

#: The names a JSON item or a CSV header may use.
FIELDS = tuple(Subscription.model_fields)
_LISTS = {"reasons", "needs"}


class PortfolioInputError(ValueError):
    """A portfolio file that cannot be read, saying where (item, field) and why, never quoting it."""


def read_subscriptions(
    kg: KnowledgeGraph, data: bytes, *, filename: str | None = None, region: str = "US"
) -> tuple[Subscription, ...]:
    """The subscriptions a file lists, whichever of the three forms it is.

    Parameters
    ----------
    kg : KnowledgeGraph
        Needed for a bank export: its charges are matched to the graph.
    data : bytes
    filename : str, optional
        Only its suffix is used (``.json``, ``.csv``, ``.ofx``, ``.xml``...).
    region : str
        For items that do not say theirs, and the bank export's date order.

    Raises
    ------
    PortfolioInputError
        Not JSON, CSV or a readable export; an item that is not a valid
        subscription; more than :data:`~.model.MAX_ITEMS` items.
    StatementError
        A bank export that cannot be read.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> csv_list = b"service,price_paid,billing_cycle,reasons\\nnorton,104.99,annual,too expensive;never use it\\n"
    >>> (s,) = read_subscriptions(load_graph(), csv_list, region="gb")
    >>> s.service, s.price_paid, s.region, s.reasons
    ('norton', 104.99, 'GB', ('too expensive', 'never use it'))
    """
    text = data.lstrip(b"\xef\xbb\xbf").lstrip()
    suffix = (filename or "").rsplit(".", 1)[-1].lower() if filename and "." in filename else ""
    if suffix == "json" or text[:1] in (b"[", b"{"):
        value = _json(text)
        if isinstance(value, dict) and "streams" in value:
            return subscriptions_from_charges(statement_charges(value), region=region.upper())
        return _items(_json_list(value), region)
    if suffix in ("", "csv", "txt"):
        rows = _csv_rows(text)
        if rows is not None:
            return _items(rows, region)
    analysis = analyse_statement(kg, data, filename=filename, region=region)
    return subscriptions_from_streams(analysis.streams, region=region.upper())


def _json(text: bytes) -> Any:
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError):
        raise PortfolioInputError("the file is not valid JSON") from None


def _json_list(value: Any) -> list[Any]:
    if isinstance(value, dict) and isinstance(value.get("items"), list):
        value = value["items"]
    if not isinstance(value, list):
        raise PortfolioInputError(
            "the JSON must be a list of subscriptions, an object with `items`, or a statement answer (`streams`)"
        )
    return value


def statement_charges(value: Mapping[str, Any]) -> tuple[StatementCharge, ...]:
    """The recurring charges of a statement answer as JSON data, checked against its type.

    Raises
    ------
    PortfolioInputError
        Saying which charge and field is wrong, never quoting the statement.
    """
    try:
        return _CHARGES.validate_python(value.get("streams"))
    except ValidationError as error:
        where = "; ".join(
            ".".join(("streams", *(str(p) for p in e["loc"]))) + f": {e['msg']}"
            for e in error.errors(include_url=False)[:3]
        )
        raise PortfolioInputError(f"not a statement answer: {where}") from None


def _csv_rows(text: bytes) -> list[dict[str, Any]] | None:
    """The rows of a CSV list of subscriptions, or None when its header is not one (a bank export)."""
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError:
        return None
    reader = csv.DictReader(io.StringIO(decoded))
    header = [h.strip() for h in reader.fieldnames or ()]
    if "service" not in header or not set(header) <= set(FIELDS):
        return None
    rows = []
    for row in reader:
        item: dict[str, Any] = {}
        for key, value in row.items():
            if key is None or value is None or not value.strip():
                continue
            key = key.strip()
            if key in _LISTS:
                item[key] = [v.strip() for v in value.split(";") if v.strip()]
            else:
                item[key] = value
        rows.append(item)
    return rows


def _items(values: list[Any], region: str) -> tuple[Subscription, ...]:
    if len(values) > MAX_ITEMS:
        raise PortfolioInputError(f"a portfolio holds at most {MAX_ITEMS} subscriptions, not {len(values)}")
    found = []
    for number, value in enumerate(values, start=1):
        if not isinstance(value, dict):
            raise PortfolioInputError(f"item {number}: a subscription is an object with a `service`")
        try:
            found.append(Subscription(**{"region": region, **value}))
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}" for e in error.errors(include_url=False)
            )
            raise PortfolioInputError(f"item {number}: {problems}") from None
        except TypeError:
            raise PortfolioInputError(f"item {number}: field names must be text") from None
    return tuple(found)
