"""The closed lists the code branches on, declared once as types.

The graph's SKOS schemes (``graph/concepts.ttl``) are the source of every
list that is also a scheme: actions, source kinds, plan statuses, method
kinds, platforms. These types copy them for the type checker and the
OpenAPI document, and ``tests/graph/test_vocabularies.py`` fails as soon as
one drifts from its scheme. The other lists (usage levels, billing cycles,
how a biller was identified) are the core's own and live only here.
"""

from typing import Literal, get_args

__all__ = [
    "Action",
    "ACTIONS",
    "Usage",
    "USAGE_LEVELS",
    "BillingCycle",
    "BILLING_CYCLES",
    "CYCLE_SYNONYMS",
    "SourceKind",
    "PlanStatus",
    "MatchedBy",
]

#: What the recommender may advise: the notations of the ``actions`` scheme.
Action = Literal["cancel", "downgrade", "switch_billing_cycle", "switch_service", "keep"]
ACTIONS: tuple[Action, ...] = get_args(Action)

#: How often the person uses the subscription, most to least.
Usage = Literal["daily", "weekly", "monthly", "rarely", "never"]
USAGE_LEVELS: tuple[Usage, ...] = get_args(Usage)

BillingCycle = Literal["monthly", "annual"]
BILLING_CYCLES: tuple[BillingCycle, ...] = get_args(BillingCycle)
#: Words people use for a billing cycle, and the cycle each means.
CYCLE_SYNONYMS: dict[str, BillingCycle] = {
    "monthly": "monthly",
    "month": "monthly",
    "per month": "monthly",
    "annual": "annual",
    "annually": "annual",
    "yearly": "annual",
    "year": "annual",
    "per year": "annual",
}

#: The ``source-kinds`` scheme.
SourceKind = Literal["official", "terms-copy", "press"]
#: The ``plan-statuses`` scheme.
PlanStatus = Literal["current", "legacy"]

#: How the cancel path identified who bills the person.
MatchedBy = Literal[
    "channel",
    "biller",
    "direct",
    "assumed_direct",
    "statement_descriptor",
    "unknown",
    "unrecognised",
    "no_direct_channel",
]
