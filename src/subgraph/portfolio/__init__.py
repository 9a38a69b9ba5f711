"""The portfolio answer: many subscriptions at once (issue 14).

What only a list shows: paying twice for the same job (:mod:`.overlaps`),
for what a held bundle already includes, bundles that would cover several
subscriptions for less (:mod:`.bundles`), the totals per currency and an
action plan ordered by saving per minute of effort (:mod:`.plan`), with
reminders as iCalendar (:mod:`.calendar`). Input is a list of
:class:`~.model.Subscription` (a question plus dates), read from JSON, CSV
or a bank export (:mod:`.read`).
"""

from .items import answer_item, subscriptions_from_charges, subscriptions_from_streams
from .model import MAX_ITEMS, Portfolio, Subscription
from .plan import TooManyItems, portfolio

__all__ = [
    "MAX_ITEMS",
    "Portfolio",
    "Subscription",
    "TooManyItems",
    "answer_item",
    "portfolio",
    "subscriptions_from_charges",
    "subscriptions_from_streams",
]
