"""Portfolios: many subscriptions at once, with overlaps, bundles, totals, a plan and reminders."""

from typing import Annotated, Any

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from flask_openapi3.types import ResponseDict
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from subgraph import UnknownId
from subgraph.answers import to_json
from subgraph.decide.question import Region
from subgraph.portfolio import MAX_ITEMS, Subscription, portfolio, subscriptions_from_charges
from subgraph.portfolio.calendar import reminders
from subgraph.portfolio.model import Portfolio as PortfolioAnswer
from subgraph.portfolio.model import StatementCharge, WrittenDate
from subgraph.statements import MAX_ROWS

from .bodies import JsonBody
from .graph import current_graph
from .limits import limit_rate
from .problems import UnknownInput, problem, validation_problem
from .schemas import Portfolio, Problem

api = APIBlueprint("portfolio", __name__, url_prefix="/v1/portfolio", abp_tags=[Tag(name="portfolio")])
limit_rate(api, "PORTFOLIO_RATE_LIMIT")


class PortfolioRequest(BaseModel):
    """The subscriptions, each as a recommendation is asked, plus its dates; or a statement answer as it came."""

    model_config = ConfigDict(extra="forbid")

    items: Annotated[
        # the maximum is documented here and enforced in the view: more items is a 422 saying the limit
        Annotated[list[Subscription], Field(min_length=1, json_schema_extra={"maxItems": MAX_ITEMS})] | None,
        Field(description=f"At most {MAX_ITEMS} subscriptions. Give these or `streams`."),
    ] = None
    streams: Annotated[
        tuple[StatementCharge, ...] | None,
        Field(
            max_length=MAX_ITEMS,
            description="A statement answer's recurring charges: send the answer of POST /v1/statements unchanged; "
            "its active charges with a known service are the subscriptions.",
        ),
    ] = None
    region: Annotated[Region | None, Field(description="For items that do not say theirs (default US).")] = None
    # a statement answer's own fields, accepted so the answer can be sent unchanged; not read
    format: Annotated[str | None, Field(max_length=10, description="Of a statement answer; not read.")] = None
    rows: Annotated[int | None, Field(description="Of a statement answer; not read.")] = None
    as_of: Annotated[WrittenDate | None, Field(description="Of a statement answer; not read.")] = None
    holds: Annotated[int | None, Field(description="Of a statement answer; not read.")] = None
    skipped: Annotated[
        list[dict[str, Any]] | None, Field(max_length=MAX_ROWS, description="Of a statement answer; not read.")
    ] = None
    notes: Annotated[
        list[Annotated[str, Field(max_length=1000)]] | None,
        Field(max_length=100, description="Of a statement answer; not read."),
    ] = None

    @model_validator(mode="after")
    def _items_or_streams(self) -> "PortfolioRequest":
        if (self.items is None) == (self.streams is None):
            raise ValueError("give `items` (subscriptions) or `streams` (a statement answer): exactly one of them")
        return self

    def subscriptions(self) -> list[Subscription]:
        """The subscriptions asked about, the request's region given to those that do not say theirs."""
        if self.streams is not None:
            return list(subscriptions_from_charges(self.streams, region=self.region or "US"))
        region = self.region
        return [
            s if region is None or "region" in s.model_fields_set else s.model_copy(update={"region": region})
            for s in self.items or ()
        ]


_CALENDAR: dict[str, Any] = {
    "description": "The plan's deadlines as iCalendar (RFC 5545) reminders, one event per deadline.",
    "content": {"text/calendar": {"schema": {"type": "string"}}},
}
#: What both routes are asked with.
PORTFOLIO = JsonBody(PortfolioRequest)
_ERRORS: ResponseDict = {400: Problem, 413: Problem, 415: Problem, 422: Problem, 429: Problem}


def _answer(body: bytes) -> PortfolioAnswer | Response:
    try:
        items = PORTFOLIO.parse(body).subscriptions()
    except ValidationError as error:  # a statement charge that is no subscription a question allows
        return validation_problem(error)
    if len(items) > MAX_ITEMS:
        return problem(
            422,
            "too-many-items",
            "Too many subscriptions",
            f"A portfolio holds at most {MAX_ITEMS} subscriptions; this one has {len(items)}.",
            errors=[{"field": "items", "message": f"at most {MAX_ITEMS} items"}],
        )
    try:
        return portfolio(current_graph(), items)
    except UnknownId as error:
        field = {"reason": "reasons", "need": "needs"}.get(error.kind, error.kind)
        raise UnknownInput(f"items.{getattr(error, 'item', 0)}.{field}", error) from None


@api.post("", responses={200: Portfolio, **_ERRORS})
@PORTFOLIO
def create_portfolio(body: bytes) -> Response:
    """Answer a list of subscriptions as a whole; the same object as `subgraph portfolio --json`."""
    answer = _answer(body)
    if isinstance(answer, Response):
        return answer
    return Response(to_json(answer), mimetype="application/json")


@api.post("/calendar", responses={200: _CALENDAR, **_ERRORS})
@PORTFOLIO
def create_portfolio_calendar(body: bytes) -> Response:
    """The plan's deadlines as an iCalendar document to import; the same as `subgraph portfolio --ics`."""
    answer = _answer(body)
    if isinstance(answer, Response):
        return answer
    response = Response(reminders(answer), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="subscriptions.ics"'
    return response
