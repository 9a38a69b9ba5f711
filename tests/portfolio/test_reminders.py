"""Reminders read back by vobject, an iCalendar reader independent of the icalendar package that writes them."""

from datetime import UTC, date, datetime, timedelta

import vobject

from subgraph.portfolio import Subscription, portfolio
from subgraph.portfolio.calendar import ALARM_DAYS, reminders


def _answer(kg):
    return portfolio(
        kg,
        [
            Subscription(service="disney-plus", price_paid=9.99, billing_cycle="monthly", renews_on=date(2025, 9, 1)),
            Subscription(service="disney-bundle", price_paid=16.99, billing_cycle="monthly"),
            Subscription(
                service="kaspersky",
                price_paid=59.99,
                billing_cycle="annual",
                purchased_via="nexway",
                trial_ends_on=date(2025, 8, 20),
                renews_on=date(2025, 9, 5),
            ),
            Subscription(service="norton", price_paid=104.99, billing_cycle="annual"),
        ],
    )


def test_each_deadline_is_an_event_with_an_alarm_and_what_to_do(kg):
    answer = _answer(kg)
    parsed = vobject.readOne(reminders(answer).decode())
    events = {e.dtstart.value: e for e in parsed.vevent_list}
    assert set(events) == {date(2025, 9, 1), date(2025, 8, 20)}  # the earlier of trial end and renewal
    disney = events[date(2025, 9, 1)]
    assert disney.summary.value == "Cancel Disney+ before it renews"
    assert disney.dtend.value == date(2025, 9, 2)
    assert disney.dtstamp.value.tzinfo is not None
    (alarm,) = disney.valarm_list
    assert alarm.trigger.value == timedelta(days=-ALARM_DAYS) and alarm.action.value == "DISPLAY"
    item = answer.items[0]
    description = disney.description.value
    assert item.path.method.name in description and item.path.steps[0].text in description
    assert "Disney Bundle already includes it" in description
    assert "trial ends" in events[date(2025, 8, 20)].summary.value


def test_regenerating_keeps_the_uids_and_new_dates_get_new_ones(kg):
    first = vobject.readOne(reminders(_answer(kg), stamp=datetime(2025, 1, 1, tzinfo=UTC)).decode())
    again = vobject.readOne(reminders(_answer(kg), stamp=datetime(2025, 2, 1, tzinfo=UTC)).decode())
    assert sorted(e.uid.value for e in first.vevent_list) == sorted(e.uid.value for e in again.vevent_list)
    assert {e.dtstamp.value for e in again.vevent_list} == {datetime(2025, 2, 1, tzinfo=UTC)}
    moved = portfolio(
        kg,
        [
            Subscription(service="disney-plus", price_paid=9.99, billing_cycle="monthly", renews_on=date(2025, 10, 1)),
            Subscription(service="disney-bundle", price_paid=16.99, billing_cycle="monthly"),
        ],
    )
    (event,) = vobject.readOne(reminders(moved).decode()).vevent_list
    assert event.uid.value not in {e.uid.value for e in first.vevent_list}
    assert len({e.uid.value for e in first.vevent_list}) == len(first.vevent_list)


def test_no_deadline_no_event(kg):
    answer = portfolio(kg, [Subscription(service="norton", price_paid=104.99, billing_cycle="annual")])
    parsed = vobject.readOne(reminders(answer).decode())
    assert not hasattr(parsed, "vevent_list") or parsed.vevent_list == []
