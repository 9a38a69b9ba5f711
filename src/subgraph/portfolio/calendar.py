"""The plan's deadlines as iCalendar reminders (RFC 5545), with the ``icalendar`` package.

One all-day event per planned action with a deadline, on the deadline
itself, with an alarm :data:`ALARM_DAYS` days before. Its UID is derived
from the subscription (service, plan, where bought, label) and the date, so
importing a regenerated calendar updates the events instead of doubling
them; DTSTAMP is when the calendar was made, as RFC 5545 requires.
"""

import hashlib
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from .model import PlannedAction, Portfolio, PortfolioItem

__all__ = ["reminders", "reminder_uid", "ALARM_DAYS", "PRODID"]

#: Days before a deadline the reminder goes off: time to find the login, call, or wait for a reply.
ALARM_DAYS = 3
PRODID = "-//subgraph//portfolio reminders//EN"
#: The domain part of every UID, so ours never collide with another program's.
UID_DOMAIN = "portfolio.subgraph"


def reminder_uid(item: PortfolioItem, *others: PortfolioItem, on: object) -> str:
    """A UID that is the same whenever the same subscriptions have a deadline on the same date.

    Examples
    --------
    >>> from datetime import date
    >>> from subgraph import load_graph
    >>> from subgraph.portfolio.items import answer_item
    >>> from subgraph.portfolio.model import Subscription
    >>> item = answer_item(load_graph(), Subscription(service="norton", purchased_via="best buy"))
    >>> reminder_uid(item, on=date(2025, 9, 1)) == reminder_uid(item, on=date(2025, 9, 1))
    True
    """
    keys = []
    for one in (item, *others):
        current = one.recommendation.current
        keys.append("|".join((one.service.id, current.plan or "", one.path.purchased_via or "", one.label or "")))
    digest = hashlib.sha256(("\n".join(sorted(keys)) + f"\n{on}").encode()).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


def reminders(answer: Portfolio, *, stamp: datetime | None = None) -> bytes:
    """The plan's deadlines as an iCalendar document.

    Parameters
    ----------
    answer : Portfolio
    stamp : datetime, optional
        DTSTAMP of every event (default: now, in UTC).

    Returns
    -------
    bytes
        ``text/calendar``: a VCALENDAR with one VEVENT (and its VALARM) per
        planned action that has a deadline; none when no deadline is known.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.portfolio import Subscription, portfolio
    >>> answer = portfolio(load_graph(), [Subscription(service="disney-plus", price_paid=9.99,
    ...     billing_cycle="monthly", renews_on="2025-09-01"), Subscription(service="disney-bundle")])
    >>> ics = reminders(answer).decode()
    >>> ics.count("BEGIN:VEVENT"), "DTSTART;VALUE=DATE:20250901" in ics, "TRIGGER:-P3D" in ics
    (1, True, True)
    """
    stamp = stamp or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for action in answer.plan:
        if action.deadline is None:
            continue
        items = [answer.items[ref.index] for ref in action.items]
        calendar.add_component(_event(action, items, stamp))
    return calendar.to_ical()


#: What the reminder's title asks, per planned action.
_VERBS = {
    "drop-included": "Cancel",
    "drop-overlap": "Cancel",
    "cancel": "Cancel",
    "downgrade": "Downgrade",
    "switch_billing_cycle": "Change the billing cycle of",
    "switch_service": "Switch away from",
    "switch-to-bundle": "Move to the bundle:",
}


def _event(action: PlannedAction, items: list[PortfolioItem], stamp: datetime) -> Event:
    names = ", ".join(i.label or i.service.name or i.service.id for i in items)
    when = "its trial ends" if action.deadline_kind == "trial-end" else "it renews"
    summary = f"{_VERBS.get(action.action, 'Act on')} {names} before {when}"
    description = "\n".join((action.text, "", "How:", *action.how))
    event = Event()
    event.add("uid", reminder_uid(*items, on=action.deadline))
    event.add("dtstamp", stamp)
    event.add("dtstart", action.deadline)
    event.add("dtend", action.deadline + timedelta(days=1))  # type: ignore[operator]
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(days=-ALARM_DAYS))
    alarm.add("description", summary)
    event.add_component(alarm)
    return event
