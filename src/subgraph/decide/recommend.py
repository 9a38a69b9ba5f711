"""The decision: cancel, downgrade, switch billing cycle, switch service or keep.

Every option is scored from facts of the graph, and the score says which:
the reason -> action weights (``sg:ReasonLink`` nodes), the saving computed
from dated prices, the needs each option covers, and how often the
subscription is used. No fact, no points: nothing is a black box.
"""

from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..graph.catalogue import Catalogue
from ..graph.loader import KnowledgeGraph
from ..graph.model import ReasonLink
from ..views.profile import money
from .alternatives import alternatives, current_offer
from .cancel import cancel_path
from .inputs import resolve_inputs

__all__ = ["recommend", "USAGE_LEVELS", "ACTIONS"]

ACTIONS = ("cancel", "downgrade", "switch_billing_cycle", "switch_service", "keep")
USAGE_LEVELS = ("daily", "weekly", "monthly", "rarely", "never")

#: How usage moves each action's score: unused subscriptions should go,
#: daily ones are worth keeping (or committing to a cheaper cycle).
_USAGE = {
    "never": {"cancel": 0.6, "keep": -0.5, "downgrade": -0.1, "switch_billing_cycle": -0.3},
    "rarely": {"cancel": 0.3, "keep": -0.2, "switch_billing_cycle": -0.2},
    "monthly": {"cancel": 0.1},
    "weekly": {"keep": 0.1},
    "daily": {"keep": 0.2, "switch_billing_cycle": 0.2, "downgrade": 0.05, "cancel": -0.3},
}
_ACTION_CONCEPT = {
    "cancel": "cancel",
    "downgrade": "downgrade",
    "switch_billing_cycle": "switch-billing-cycle",
    "switch_service": "switch-service",
    "keep": "keep",
}
#: With no reason given, keeping is the mild default and the saving decides; a cheaper
#: billing cycle keeps everything too, so it starts level with keeping.
_NO_REASON = {"keep": 0.3, "switch_billing_cycle": 0.3}
#: Moving to another service costs effort (install, learn, then cancel this one).
SWITCHING_EFFORT = -0.1
#: A built-in service only helps on its platform; unknown platform is a gamble.
PLATFORM_UNKNOWN = -0.1
_BEFORE_CANCELLING = (
    "note-end-date",
    "refund-policy",
    "uninstall-does-not-cancel",
    "access-until-period-end",
    "check-biller",
    "cancellation-deadline",
    "auto-renewal",
    "third-party-purchase",
    "benefit-lost",
)


def _reason_weights(cat: Catalogue, reasons: Iterable[str]) -> dict[str, list[ReasonLink]]:
    """action -> [(weight, reason link)] from the graph's reason links."""
    weights: dict[str, list[ReasonLink]] = {}
    for reason in dict.fromkeys(reasons):
        for link in cat.links_by_reason.get(reason, ()):
            weights.setdefault(link.action, []).append(link)
    return weights


def _score(option, weights, needs, usage, cat, platform=None):
    action = option["action"]
    why = []
    links = weights.get(_ACTION_CONCEPT[action], [])
    if links:
        best = max(links, key=lambda link: link.weight)
        reason_score = float(best.weight)
        for link in sorted(links, key=lambda link: -link.weight):
            why.append(
                {
                    "fact": f"reason '{cat.reasons[link.reason].label}' argues for {action}",
                    "weight": float(link.weight),
                    "node": link.id,
                    "detail": link.description,
                }
            )
    else:
        reason_score = _NO_REASON.get(action, 0.0) if not weights else 0.0
        if reason_score:
            why.append({"fact": "no reason to change was given", "weight": reason_score, "node": None, "detail": None})
    saving_score = 0.0
    before, saving = option["annual_cost_before"], option["annual_saving"]
    if before and saving and saving > 0:
        saving_score = min(saving / before, 1.0)
        currency = f" {option['currency']}" if option["currency"] else ""
        why.append(
            {
                "fact": f"saves {saving:.2f}{currency} a year of {before:.2f}",
                "weight": round(saving_score, 3),
                "node": option["offer"] or (option["based_on"] or [None])[0],
                "detail": f"prices as of {option['prices_as_of']}" if option["prices_as_of"] else None,
            }
        )
    usage_score = _USAGE.get(usage, {}).get(action, 0.0) if usage else 0.0
    if usage_score:
        why.append({"fact": f"used {usage}", "weight": usage_score, "node": None, "detail": None})
    needs_score = 0.0
    if needs and action == "cancel":
        needs_score = -0.4
        why.append(
            {
                "fact": "cancelling loses needed features: " + ", ".join(sorted(needs)),
                "weight": needs_score,
                "node": None,
                "detail": None,
            }
        )
    effort_score = 0.0
    if action == "switch_service":
        effort_score = SWITCHING_EFFORT
        why.append(
            {
                "fact": "switching means installing another product and cancelling this one",
                "weight": SWITCHING_EFFORT,
                "node": None,
                "detail": None,
            }
        )
        if option["built_in_to"] and platform is None:
            effort_score += PLATFORM_UNKNOWN
            why.append(
                {
                    "fact": f"only if you use {', '.join(option['built_in_to'])}",
                    "weight": PLATFORM_UNKNOWN,
                    "node": option["service"],
                    "detail": "it is built into that platform",
                }
            )
    score = 0.6 * reason_score + 0.4 * saving_score + usage_score + needs_score + effort_score
    return round(score, 3), why


def _before_cancelling(cancel):
    """What to do before cancelling: the checklist, each item a caveat of the path by id.

    The caveats themselves (text and source) are in the answer's ``caveats``;
    repeating them here would only make the answer longer.
    """
    items = [c for c in cancel["caveats"] if c["kind"] in _BEFORE_CANCELLING]
    items.sort(key=lambda c: _BEFORE_CANCELLING.index(c["kind"]))
    return [{"caveat": c["id"], "kind": c["kind"], "title": c["title"]} for c in items]


@lru_cache(maxsize=1024)
def _bundles(cat, service_id, region):
    """The bundles that already include the service, each with its cheapest price in the region.

    Someone who pays for one of them and for the service alone pays twice;
    the answer cannot know, so it says which bundles to look for. The same
    for every question about the service in the region, so built once.
    """
    service = cat.services[service_id]
    bundles = []
    for bundle_id in service.included_in:
        bundle = cat.services[bundle_id]
        offers = [o for o in (current_offer(p, None, region) for p in cat.plans_of(bundle_id)) if o is not None]
        cheapest = min(offers, key=lambda o: (o.annual_cost, o.id)) if offers else None
        bundles.append(
            {
                "id": bundle.id,
                "name": bundle.name,
                "also_includes": [{"id": s, "name": cat.services[s].name} for s in bundle.includes if s != service.id],
                "annual_cost": money(cheapest.annual_cost) if cheapest else None,
                "currency": cheapest.regular.currency if cheapest else None,
                "prices_as_of": cheapest.regular.source.as_of.isoformat() if cheapest else None,
            }
        )
    return bundles


def _bundle_note(service, bundle):
    others = ", ".join(s["name"] for s in bundle["also_includes"])
    return (
        f"{bundle['name']} includes {service.name}"
        + (f" with {others}" if others else "")
        + f": if you pay for it, a separate {service.name} subscription pays twice."
    )


def recommend(
    kg: KnowledgeGraph,
    service: str,
    plan: str | None = None,
    billing_cycle: str | None = None,
    price_paid: float | Decimal | None = None,
    purchased_via: str | None = None,
    platform: str | None = None,
    region: str = "US",
    reasons: Iterable[str] = (),
    needs: Iterable[str] = (),
    usage: str | None = None,
) -> dict[str, Any]:
    """Decide what to do with a subscription, and say why.

    Parameters
    ----------
    kg : KnowledgeGraph
    service : str
        Service id or free text ("kaspersy").
    plan : str, optional
        Plan id or free text ("Total Security").
    billing_cycle : {"monthly", "annual"}, optional
    price_paid : number, optional
        What one billing period costs the person now.
    purchased_via, platform, region
        As for :func:`subgraph.decide.cancel.cancel_path`.
    reasons : iterable of str
        Reason ids or free text ("renewal price went up").
    needs : iterable of str
        Feature ids or free text ("antivirus").
    usage : {"daily", "weekly", "monthly", "rarely", "never"}, optional

    Returns
    -------
    dict
        ``decision``, ``options`` (scored, best first, each with ``why``),
        ``cancel_path`` (for cancel and switch decisions), ``caveats``,
        ``before_cancelling``, ``explanation``, ``bundles`` (bundles that
        already include the service, with their cheapest annual cost),
        ``resolved`` (what the text inputs were taken to mean) and ``notes``.

    Raises
    ------
    UnknownId
        If the service, plan, a reason or a need cannot be resolved; its
        ``suggestions`` say what might have been meant.

    Notes
    -----
    A pure function of the loaded graph and the question, memoised (LRU)
    per distinct question; callers must not mutate the answer.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> answer = recommend(load_graph(), "norton", reasons=["never use it"], usage="never")
    >>> answer["decision"]
    'cancel'
    """
    return _recommend(
        kg,
        service,
        plan,
        billing_cycle,
        None if price_paid is None else float(price_paid),
        purchased_via,
        platform,
        region,
        tuple(reasons),
        tuple(needs),
        usage,
    )


# Kept small: every cached answer is thousands of live objects, and a large cache
# makes each garbage collection walk them all (measured: 126 us per new question at
# 4096 entries, 59 us at 256). Popular questions fit; rare ones are cheap to redo.
@lru_cache(maxsize=256)
def _recommend(kg, service, plan, billing_cycle, price_paid, purchased_via, platform, region, reasons, needs, usage):
    cat = kg.catalogue
    resolved = resolve_inputs(kg, service, plan, reasons, needs, platform)
    service_id, plan_id = resolved["service"]["id"], resolved["plan"]["id"] if resolved["plan"] else None
    reason_ids = [r["id"] for r in resolved["reasons"]]
    need_ids = {n["id"] for n in resolved["needs"]}
    platform_id = resolved["platform"]["id"] if resolved["platform"] else None
    found = alternatives(cat, service_id, plan_id, billing_cycle, price_paid, need_ids, region, platform_id)
    weights = _reason_weights(cat, reason_ids)
    options = []
    for option in found["options"]:
        score, why = _score(option, weights, need_ids, usage, cat, platform_id)
        options.append({**option, "score": score, "why": why})
    options.sort(key=lambda o: (-o["score"], ACTIONS.index(o["action"])))
    best = options[0]
    path = cancel_path(kg, service_id, purchased_via=purchased_via, platform=platform_id, region=region)
    decision = best["action"]
    explanation = [
        f"{decision.replace('_', ' ')} scores {best['score']} from: "
        + "; ".join(f"{w['fact']} ({w['weight']:+})" for w in best["why"])
    ]
    for runner_up in options[1:3]:
        explanation.append(f"{runner_up['action'].replace('_', ' ')} scores {runner_up['score']}")
    bundles = _bundles(cat, service_id, region)
    return {
        "decision": decision,
        "service": {"id": service_id, "name": cat.services[service_id].name},
        "current": found["current"],
        "options": options,
        "cancel_path": path if decision in ("cancel", "switch_service") else None,
        "caveats": path["caveats"],
        "before_cancelling": _before_cancelling(path) if decision in ("cancel", "switch_service") else [],
        "explanation": explanation,
        "bundles": bundles,
        "resolved": resolved,
        "notes": found["notes"] + path["notes"] + [_bundle_note(cat.services[service_id], b) for b in bundles],
    }
