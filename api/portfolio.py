"""Portfolios: many subscriptions at once, with overlaps, bundles, totals, a plan and reminders."""

from typing import Annotated, Any

from flask import Response, request
from flask_openapi3 import APIBlueprint, Tag
from flask_openapi3.types import ResponseDict
from pydantic import BaseModel, ConfigDict, Field
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from subgraph import UnknownId
from subgraph.answers import to_json
from subgraph.decide.question import Region
from subgraph.portfolio import MAX_ITEMS, Subscription, portfolio
from subgraph.portfolio.calendar import reminders
from subgraph.portfolio.model import Portfolio as PortfolioAnswer

from .graph import current_graph
from .problems import MalformedJson, UnknownInput, problem
from .schemas import Portfolio, Problem

api = APIBlueprint("portfolio", __name__, url_prefix="/v1/portfolio", abp_tags=[Tag(name="portfolio")])


class PortfolioRequest(BaseModel):
    """The subscriptions, each as a recommendation is asked, plus its dates."""

    model_config = ConfigDict(extra="forbid")

    items: Annotated[
        list[Subscription],
        Field(
            min_length=1,
            # documented here, enforced in the view: more items is a 422 saying the limit, not a field error
            json_schema_extra={"maxItems": MAX_ITEMS},
            description=f"At most {MAX_ITEMS} subscriptions.",
        ),
    ]
    region: Annotated[Region | None, Field(description="For items that do not say theirs (default US).")] = None


_CALENDAR: dict[str, Any] = {
    "description": "The plan's deadlines as iCalendar (RFC 5545) reminders, one event per deadline.",
    "content": {"text/calendar": {"schema": {"type": "string"}}},
}
_ERRORS: ResponseDict = {400: Problem, 413: Problem, 415: Problem, 422: Problem}


@api.before_request
def _json_only() -> None:
    """A body that is not JSON is refused before validation, with a reason a person can act on."""
    if request.method != "POST":
        return
    if not request.is_json:
        raise UnsupportedMediaType(
            f"Send the request as application/json (got {request.mimetype or 'no Content-Type'})."
        )
    try:
        request.get_json()
    except BadRequest:
        raise MalformedJson() from None


def _answer(body: PortfolioRequest) -> PortfolioAnswer | Response:
    if len(body.items) > MAX_ITEMS:
        return problem(
            422,
            "too-many-items",
            "Too many subscriptions",
            f"A portfolio holds at most {MAX_ITEMS} subscriptions; this one has {len(body.items)}.",
            errors=[{"field": "items", "message": f"at most {MAX_ITEMS} items"}],
        )
    region = body.region
    items = [
        s if region is None or "region" in s.model_fields_set else s.model_copy(update={"region": region})
        for s in body.items
    ]
    try:
        return portfolio(current_graph(), items)
    except UnknownId as error:
        field = {"reason": "reasons", "need": "needs"}.get(error.kind, error.kind)
        raise UnknownInput(f"items.{getattr(error, 'item', 0)}.{field}", error) from None


@api.post("", responses={200: Portfolio, **_ERRORS})
def create_portfolio(body: PortfolioRequest) -> Response:
    """Answer a list of subscriptions as a whole; the same object as `subgraph portfolio --json`."""
    answer = _answer(body)
    if isinstance(answer, Response):
        return answer
    return Response(to_json(answer), mimetype="application/json")


@api.post("/calendar", responses={200: _CALENDAR, **_ERRORS})
def create_portfolio_calendar(body: PortfolioRequest) -> Response:
    """The plan's deadlines as an iCalendar document to import; the same as `subgraph portfolio --ics`."""
    answer = _answer(body)
    if isinstance(answer, Response):
        return answer
    response = Response(reminders(answer), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="subscriptions.ics"'
    return response
