"""FAQ answers as templates over the facts they rest on.

An answer that states a number writes a placeholder naming the fact instead
of restating it, so it changes when the fact does: ``{price:netflix-standard-us-p1m-regular}``
is filled with that price when the catalogue reads the answer. A placeholder
is ``{field:node-id}``; the fields are :data:`FIELDS`. One whose node lacks
the fact is a validation problem of the answer, located by the loader.
"""

import re
from collections.abc import Callable
from decimal import Decimal

from rdflib import RDF, Graph, Literal
from rdflib.term import Node

from ..problems import Problem
from .namespaces import DCTERMS, ID, SCHEMA, SG, short_id

__all__ = ["FIELDS", "PLACEHOLDER", "fill_answer", "answer_facts", "answer_problems"]

#: ``{field:node-id}``; any other brace in an answer is a mistake (see :func:`answer_problems`).
PLACEHOLDER = re.compile(r"\{([a-z-]+):([a-z0-9-]+)\}")

_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€"}
_MONTHS = ("January February March April May June July August September October November December").split()


def _money(amount: Decimal, currency: str | None) -> str:
    text = f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"
    symbol = _SYMBOLS.get(currency or "")
    return f"{symbol}{text}" if symbol else f"{text} {currency or ''}".rstrip()


def _regular_spec(data: Graph, node: Node) -> Node | None:
    """The node itself if it carries a price, else its offer's regular price specification."""
    if data.value(node, SCHEMA.price) is not None:
        return node
    return next(
        (
            s
            for s in data.objects(node, SCHEMA.priceSpecification)
            if data.value(s, SG.priceKind) == ID["regular-price"]
        ),
        None,
    )


def _price(data: Graph, node: Node, times: int = 1) -> str | None:
    spec = _regular_spec(data, node)
    price = None if spec is None else data.value(spec, SCHEMA.price)
    if not isinstance(price, Literal):
        return None
    return _money(Decimal(str(price)) * times, str(data.value(spec, SCHEMA.priceCurrency) or "") or None)


def _number(prop: Node) -> Callable[[Graph, Node], str | None]:
    def field(data: Graph, node: Node) -> str | None:
        value = data.value(node, prop)
        return str(value.toPython()) if isinstance(value, Literal) else None

    return field


def _minutes(data: Graph, node: Node) -> str | None:
    low, high = data.value(node, SG.minMinutes), data.value(node, SG.maxMinutes)
    if low is None or high is None:
        return None
    return f"{low} minutes" if low == high else f"{low} to {high} minutes"


def _as_of(data: Graph, node: Node) -> str | None:
    source = data.value(node, DCTERMS.source)
    value = None if source is None else data.value(source, SG.sourceDate)  # the cited page's own date
    day = value.toPython() if isinstance(value, Literal) else None
    return None if day is None or isinstance(day, str) else f"{_MONTHS[day.month - 1]} {day.year}"


#: What a placeholder can name, and how the fact reads in an answer.
FIELDS: dict[str, tuple[str, Callable[[Graph, Node], str | None]]] = {
    "price": ("the regular price of an offer or price specification, with its currency", _price),
    "twelve-months": ("twelve times a (monthly) price, what a year of it costs", lambda d, n: _price(d, n, 12)),
    "refund-days": ("a caveat's sg:refundDays, as a number", _number(SG.refundDays)),
    "devices": ("an offer's sg:devices, as a number", _number(SG.devices)),
    "minutes": ("a cancel method's effort, '3 to 5 minutes'", _minutes),
    "as-of": ("the month and year of the sg:sourceDate of the page a fact cites", _as_of),
}


def _value(data: Graph, field: str, node_id: str) -> str | None:
    entry = FIELDS.get(field)
    return None if entry is None else entry[1](data, ID[node_id])


def fill_answer(data: Graph, text: str) -> str:
    """Return `text` with every placeholder replaced by the fact it names.

    A placeholder that names no fact is left as written: validation refuses
    such a graph before any answer is read (:func:`answer_problems`).

    Examples
    --------
    >>> from rdflib import Literal
    >>> g = Graph()
    >>> g = g.add((ID["m"], SG.minMinutes, Literal(5))).add((ID["m"], SG.maxMinutes, Literal(10)))
    >>> fill_answer(g, "It takes {minutes:m}.")
    'It takes 5 to 10 minutes.'
    """
    return PLACEHOLDER.sub(lambda m: _value(data, m.group(1), m.group(2)) or m.group(0), text)


def answer_facts(text: str) -> tuple[str, ...]:
    """The ids of the nodes the placeholders of `text` name, in order, once each.

    Examples
    --------
    >>> answer_facts("{price:a} a month, {twelve-months:a} a year, {refund-days:b} days")
    ('a', 'b')
    """
    return tuple(dict.fromkeys(m.group(2) for m in PLACEHOLDER.finditer(text)))


def answer_problems(data: Graph) -> list[Problem]:
    """Every placeholder of an answer that names an unknown field or a missing fact, every stray brace,
    and every answer that names no fact at all (neither ``sg:basedOn`` nor a placeholder)."""
    problems = [
        Problem(None, None, short_id(answer), "an answer names the graph facts it is made from (sg:basedOn)")
        for answer in data.subjects(RDF.type, SCHEMA.Answer)
        if data.value(answer, SG.basedOn) is None and not PLACEHOLDER.search(str(data.value(answer, SCHEMA.text)))
    ]
    for answer, literal in data.subject_objects(SCHEMA.text):
        text = str(literal)
        if "{" not in text and "}" not in text:
            continue
        where = short_id(answer)
        for match in PLACEHOLDER.finditer(text):
            field, node_id = match.groups()
            if field not in FIELDS:
                problems.append(
                    Problem(None, None, where, f"{match.group(0)}: unknown field, use one of {', '.join(FIELDS)}")
                )
            elif _value(data, field, node_id) is None:
                problems.append(
                    Problem(
                        None, None, where, f"{match.group(0)}: '{node_id}' has no {field} fact ({FIELDS[field][0]})"
                    )
                )
        rest = PLACEHOLDER.sub("", text)
        if "{" in rest or "}" in rest:
            problems.append(Problem(None, None, where, "a brace that is no {field:node-id} placeholder"))
    return problems
