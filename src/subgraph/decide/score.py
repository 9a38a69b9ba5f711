"""How an option is scored: every weight is a graph fact or a field of :class:`Weights`.

The reason -> action weights are graph facts (``sg:ReasonLink`` nodes, each
with its own description); the rest are the product's judgement, declared
once here with why. Each option's ``why`` names the fact or the weight it
used, so a score can always be read back to its parts.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from types import MappingProxyType
from typing import Any, NamedTuple

from ..answers import Option, ScoredOption, Why, assembled
from ..graph.catalogue import Catalogue
from ..graph.model import ReasonLink
from ..vocabulary import Action, Usage

__all__ = ["Weights", "WEIGHTS", "ACTION_CONCEPT", "reason_weights", "OptionScorer"]

_USAGE = {
    "never": {"cancel": 0.6, "keep": -0.5, "downgrade": -0.1, "switch_billing_cycle": -0.3},
    "rarely": {"cancel": 0.3, "keep": -0.2, "switch_billing_cycle": -0.2},
    "monthly": {"cancel": 0.1},
    "weekly": {"keep": 0.1},
    "daily": {"keep": 0.2, "switch_billing_cycle": 0.2, "downgrade": 0.05, "cancel": -0.3},
}


@dataclass(frozen=True)
class Weights:
    """Every weight the decision uses that is not a graph fact, with why.

    score = reason x the strongest reason link + saving x (annual saving /
    annual cost) + usage + needs_lost + switching_effort + platform_unknown
    """

    #: share of the strongest reason link (a graph fact) in the score
    reason: float = 0.6
    #: share of the saving, as a fraction of the annual cost
    saving: float = 0.4
    #: how usage moves each action: unused subscriptions should go, daily ones are worth
    #: keeping (or committing to a cheaper cycle)
    usage: Mapping[str, Mapping[str, float]] = field(
        default_factory=lambda: MappingProxyType({k: MappingProxyType(v) for k, v in _USAGE.items()})
    )
    #: with no reason given, keeping is the mild default and the saving decides; a cheaper
    #: billing cycle keeps everything too, so it starts level with keeping
    no_reason: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"keep": 0.3, "switch_billing_cycle": 0.3})
    )
    #: cancelling loses features the person said they need
    needs_lost: float = -0.4
    #: moving to another service costs effort (install, learn, then cancel this one)
    switching_effort: float = -0.1
    #: a built-in service only helps on its platform; an unknown platform is a gamble
    platform_unknown: float = -0.1


#: The weights in use.
WEIGHTS = Weights()

#: The ``actions`` scheme's concept of each action, as reason links name it.
ACTION_CONCEPT: Mapping[Action, str] = MappingProxyType(
    {
        "cancel": "cancel",
        "downgrade": "downgrade",
        "switch_billing_cycle": "switch-billing-cycle",
        "switch_service": "switch-service",
        "keep": "keep",
    }
)


def reason_weights(cat: Catalogue, reasons: Iterable[str]) -> dict[str, list[ReasonLink]]:
    """Action concept -> the graph's reason links that argue for it, for the reasons given.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> weights = reason_weights(load_graph().catalogue, ["not-using"])
    >>> max(link.weight for link in weights["cancel"]) > 0
    True
    """
    weights: dict[str, list[ReasonLink]] = {}
    for reason in dict.fromkeys(reasons):
        for link in cat.links_by_reason.get(reason, ()):
            weights.setdefault(link.action, []).append(link)
    return weights


class _ActionPoints(NamedTuple):
    """What one action scores whatever an option's price: each part, and the why of each."""

    reason: float
    reason_why: tuple[Why, ...]
    usage: float
    needs: float
    effort: float
    #: the why of usage, needs and effort, which come after the saving's
    rest_why: tuple[Why, ...]


class OptionScorer:
    """Scores the options of one question: its reasons, needs, usage and platform.

    What each action scores whatever the option's price is worked out once,
    when the scorer is made; :meth:`score` adds an option's own part (its
    saving, and for a service built into a platform, the gamble), so a
    question asked again with another price is scored cheaply.

    Parameters
    ----------
    cat : Catalogue
    reasons : iterable of str
        Reason ids; their reason links are the graph facts that weigh each action.
    needs : frozenset of str
        Feature ids the person still needs: cancelling loses them.
    usage : str, optional
        How often the subscription is used (:data:`subgraph.vocabulary.USAGES`).
    platform : str, optional
        The platform id; with none, a service built into one is a gamble.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.decide.alternatives import alternatives
    >>> from subgraph.decide.question import Question
    >>> kg = load_graph()
    >>> cancel = next(o for o in alternatives(kg, Question(service="norton")).options if o.action == "cancel")
    >>> scored = OptionScorer(kg.catalogue, usage="never").score(cancel)
    >>> scored.score, [w.fact for w in scored.why]
    (0.6, ['used never'])
    """

    def __init__(
        self,
        cat: Catalogue,
        *,
        reasons: Iterable[str] = (),
        needs: frozenset[str] = frozenset(),
        usage: Usage | None = None,
        platform: str | None = None,
    ) -> None:
        self.platform = platform
        weights = reason_weights(cat, reasons)
        self._points = {action: _action_points(cat, action, weights, needs, usage) for action in ACTION_CONCEPT}

    def score(self, option: Option) -> ScoredOption:
        """The option with its score and the facts and weights behind it."""
        return self.score_values(vars(option))

    def score_values(self, option: Mapping[str, Any]) -> ScoredOption:
        """:meth:`score` of an option given as its field values, in their declared order.

        :func:`subgraph.decide.alternatives.priced_option_values` gives them, so a
        recommendation makes one object per option, not an option and then its copy.
        """
        action = option["action"]
        points = self._points[action]
        saving_score = 0.0
        saving_why: tuple[Why, ...] = ()
        before, saving = option["annual_cost_before"], option["annual_saving"]
        if before and saving and saving > 0:
            saving_score = min(saving / before, 1.0)
            currency = f" {option['currency']}" if option["currency"] else ""
            # assembled: a frozen dataclass's __init__ sets each of the four fields with a call of its own
            saving_why = (
                assembled(
                    Why,
                    {
                        "fact": f"saves {saving:.2f}{currency} a year of {before:.2f}",
                        "weight": round(saving_score, 3),
                        "node": option["offer"] or (option["based_on"] or (None,))[0],
                        "detail": _prices_as_of(option["prices_as_of"]),
                    },
                ),
            )
        effort_score = points.effort
        gamble: tuple[Why, ...] = ()
        if action == "switch_service" and option["built_in_to"] and self.platform is None:
            effort_score += WEIGHTS.platform_unknown
            gamble = (_gamble(option["built_in_to"], option["service"]),)
        score = (
            WEIGHTS.reason * points.reason + WEIGHTS.saving * saving_score + points.usage + points.needs + effort_score
        )
        why = (*points.reason_why, *saving_why, *points.rest_why, *gamble)
        return assembled(ScoredOption, {**option, "score": round(score, 3), "why": why})


@lru_cache(maxsize=1024)
def _gamble(platforms: tuple[str, ...], service: str) -> Why:
    # the same few services built into a platform, for every question that does not say its platform
    fact = f"only if you use {', '.join(platforms)}"
    return Why(fact, WEIGHTS.platform_unknown, service, "it is built into that platform")


@lru_cache(maxsize=256)
def _prices_as_of(as_of: date | None) -> str | None:
    # few dates, and every saving names one: formatted once each
    return f"prices as of {as_of.isoformat()}" if as_of else None


def _action_points(cat, action, weights, needs, usage):
    why: list[Why] = []
    links = weights.get(ACTION_CONCEPT[action], [])
    if links:
        reason_score = float(max(link.weight for link in links))
        for link in sorted(links, key=lambda link: -link.weight):
            why.append(
                Why(
                    f"reason '{cat.reasons[link.reason].label}' argues for {action}",
                    float(link.weight),
                    link.id,
                    link.description,
                )
            )
    else:
        reason_score = WEIGHTS.no_reason.get(action, 0.0) if not weights else 0.0
        if reason_score:
            why.append(Why("no reason to change was given", reason_score, None, None))
    rest: list[Why] = []
    usage_score = WEIGHTS.usage.get(usage, {}).get(action, 0.0) if usage else 0.0
    if usage_score:
        rest.append(Why(f"used {usage}", usage_score, None, None))
    needs_score = 0.0
    if needs and action == "cancel":
        needs_score = WEIGHTS.needs_lost
        rest.append(Why("cancelling loses needed features: " + ", ".join(sorted(needs)), needs_score, None, None))
    effort_score = 0.0
    if action == "switch_service":
        effort_score = WEIGHTS.switching_effort
        rest.append(Why("switching means installing another product and cancelling this one", effort_score, None, None))
    return _ActionPoints(reason_score, tuple(why), usage_score, needs_score, effort_score, tuple(rest))
