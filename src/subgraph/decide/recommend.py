"""The decision: cancel, downgrade, switch billing cycle, switch service or keep.

Every option is scored from facts of the graph, and the score says which:
the reason -> action weights (``sg:ReasonLink`` nodes), the saving computed
from dated prices, the needs each option covers, and how often the
subscription is used (:mod:`subgraph.decide.score`). No fact, no points:
nothing is a black box.
"""

from collections.abc import Iterable
from dataclasses import replace
from operator import itemgetter
from typing import Any, NamedTuple

from ..answers import (
    BundleRef,
    CancelPath,
    Caveat,
    JsonFragment,
    Note,
    Recommendation,
    Ref,
    ResolvedInputs,
    assembled,
    json_fragment,
    money,
    note,
    to_json,
)
from ..graph.loader import KnowledgeGraph
from ..graph.model import Offer
from ..vocabulary import ACTIONS
from .alternatives import UnpricedOptions, current_offer, price_notes, unpriced_options
from .cancel import cancel_path
from .question import Question, resolve_question
from .score import OptionScorer

__all__ = ["recommend", "recommendation_json", "before_cancelling", "bundles_including", "bundle_price_notes"]


def before_cancelling(kg: KnowledgeGraph, caveats: Iterable[Caveat]) -> tuple[Caveat, ...]:
    """The "before you cancel" checklist: the caveats of a checklist kind, in the order a person acts on them.

    Which kinds belong and their order are graph facts (``sg:checklistPosition`` on
    the caveat kinds in ``graph/concepts.ttl``), so a new kind is placed there, not here.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.decide.cancel import cancel_path
    >>> kg = load_graph()
    >>> [c.kind for c in before_cancelling(kg, cancel_path(kg, "kaspersky").caveats)][:2]
    ['refund-policy', 'uninstall-does-not-cancel']
    """
    order = {kind: i for i, kind in enumerate(kg.catalogue.checklist_kinds)}
    return tuple(sorted((c for c in caveats if c.kind in order), key=lambda c: order[c.kind]))


def bundles_including(kg: KnowledgeGraph, service_id: str, *, region: str = "US") -> tuple[BundleRef, ...]:
    """The bundles that already include the service, each with its cheapest price in the region.

    Someone who pays for one of them and for the service alone pays twice;
    a single question cannot know, so the answer says which bundles to look for.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> [b.id for b in bundles_including(load_graph(), "disney-plus")]
    ['disney-bundle']
    """
    return tuple(bundle for bundle, _ in kg.answers.get("bundles", _bundles, kg, service_id, region))


def bundle_price_notes(kg: KnowledgeGraph, service_id: str, *, region: str = "US") -> tuple[Note, ...]:
    """What the costs :func:`bundles_including` gives must be said with: another region's price, an old one.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> [(n.code, n.params["region"]) for n in bundle_price_notes(load_graph(), "apple-music", region="GB")]
    [('price-of-other-region', 'GB')]
    """
    bundles = kg.answers.get("bundles", _bundles, kg, service_id, region)
    return tuple(n for _, offer in bundles if offer for n in price_notes(kg.catalogue, offer, region))


def _bundles(kg, service_id, region) -> tuple[tuple[BundleRef, Offer | None], ...]:
    """Each bundle including the service, with the offer its cost is (what notes on that price read)."""
    cat = kg.catalogue
    service = cat.services[service_id]
    bundles = []
    for bundle_id in service.included_in:
        bundle = cat.services[bundle_id]
        offers = [o for o in (current_offer(p, None, region) for p in cat.plans_of(bundle_id)) if o is not None]
        cheapest = min(offers, key=lambda o: (o.annual_cost, o.id)) if offers else None
        ref = BundleRef(
            id=bundle.id,
            name=bundle.name,
            also_includes=tuple(Ref(s, cat.services[s].name) for s in bundle.includes if s != service.id),
            annual_cost=money(cheapest.annual_cost) if cheapest else None,
            currency=cheapest.regular.currency if cheapest else None,
            prices_as_of=cheapest.regular.source.as_of if cheapest else None,
        )
        bundles.append((ref, cheapest))
    return tuple(bundles)


def _bundle_note(service, bundle: BundleRef) -> Note:
    others = ", ".join(s.name or s.id for s in bundle.also_includes)
    return note(
        "included-in-bundle",
        f"{bundle.name} includes {service.name}"
        + (f" with {others}" if others else "")
        + f": if you pay for it, a separate {service.name} subscription pays twice.",
        service=service.id,
        bundle=bundle.id,
    )


def recommend(kg: KnowledgeGraph, question: Question) -> Recommendation:
    """Decide what to do with a subscription, and say why.

    Parameters
    ----------
    kg : KnowledgeGraph
    question : Question
        The service (id or free text), and whatever else the person said:
        plan, billing cycle, price paid and its currency, where they bought
        it, platform, region, reasons, needs, usage.

    Returns
    -------
    Recommendation
        ``decision``, ``options`` (scored, best first, each with ``why``),
        ``cancel_path`` (for cancel and switch decisions), ``caveats`` (of
        the path, one per kind), ``before_cancelling``, ``explanation``,
        ``bundles`` (bundles that already include the service, with their
        cheapest annual cost), ``resolved`` (what the text inputs were taken
        to mean) and ``notes`` (each with a code, parameters and a text).

    Raises
    ------
    UnknownId
        If the service, plan, a reason or a need cannot be resolved; its
        ``suggestions`` say what might have been meant.

    Notes
    -----
    A pure function of the graph and the question, remembered in
    ``kg.answers``; the answer is immutable and shared.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> answer = recommend(load_graph(), Question(service="norton", reasons=["never use it"], usage="never"))
    >>> answer.decision
    'cancel'
    """
    return kg.answers.get("recommendation", _recommend, kg, question)


def recommendation_json(kg: KnowledgeGraph, question: Question) -> bytes:
    """:func:`recommend`'s answer as compact JSON, what the API sends.

    The same bytes as ``to_json(recommend(kg, question))``. The cancel path and
    its caveats, most of an answer's bytes and shared by every answer about
    the same path, are encoded once per path and spliced in, so a new question
    encodes only what it changes.

    Raises
    ------
    UnknownId
        As :func:`recommend`.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> from subgraph.answers import to_json
    >>> kg, question = load_graph(), Question(service="norton", reasons=["never use it"], billing_cycle="monthly")
    >>> recommendation_json(kg, question) == to_json(recommend(kg, question))
    True
    """
    # not remembered here: the API remembers these bytes per question, and keeping the answer
    # object too made a new question free an old answer's objects (13 us of its ~200 through the app)
    basis = _basis(kg, question)
    answer = _decide(basis, question)
    leaving = basis.leaving
    shown = leaving.shown_path_json if answer.cancel_path is not None else None
    return to_json({**vars(answer), "cancel_path": shown, "caveats": leaving.caveats_json})


#: Which of two options that score the same comes first: the earlier action of :data:`ACTIONS`.
_ACTION_RANK = {action: rank for rank, action in enumerate(ACTIONS)}


def _recommend(kg: KnowledgeGraph, question: Question) -> Recommendation:
    return _decide(_basis(kg, question), question)


def _decide(basis: "_Basis", question: Question) -> Recommendation:
    current, found, notes = basis.options.priced(question.price_paid)
    options = sorted(map(basis.scorer.score_values, found), key=lambda o: (-o.score, _ACTION_RANK[o.action]))
    best = options[0]
    leaving = basis.leaving
    decision = best.action
    leaves_service = decision in ("cancel", "switch_service")
    explanation = [
        f"{decision.replace('_', ' ')} scores {best.score} from: "
        + "; ".join([f"{w.fact} ({w.weight:+})" for w in best.why])
    ]
    for runner_up in options[1:3]:
        explanation.append(f"{runner_up.action.replace('_', ' ')} scores {runner_up.score}")
    return assembled(
        Recommendation,
        {
            "decision": decision,
            "service": leaving.service,
            "current": current,
            "options": tuple(options),
            "cancel_path": leaving.shown_path if leaves_service else None,
            "caveats": leaving.caveats,
            "before_cancelling": leaving.before_cancelling if leaves_service else (),
            "explanation": tuple(explanation),
            "bundles": leaving.bundles,
            "resolved": basis.resolved,
            # a path that is shown carries its own notes; when none is shown its notes still speak for the caveats
            "notes": (*notes, *(() if leaves_service else leaving.path_notes), *leaving.bundle_notes),
        },
    )


class _Basis(NamedTuple):
    """What a recommendation rests on besides the amount paid, made once per question without it."""

    resolved: ResolvedInputs
    options: UnpricedOptions
    scorer: OptionScorer
    leaving: "_Leaving"


def _basis(kg: KnowledgeGraph, question: Question) -> _Basis:
    # every field's value but the amount's, and whether one was given: a tuple, as a key is cheaper to
    # hash and compare than a question
    values = _FIELD_VALUES(question.__dict__)
    key = (*values[:_AMOUNT], values[_AMOUNT] is not None, *values[_AMOUNT + 1 :])
    return kg.answers.get("basis", _make_basis, kg, key)


#: A question's field values in their declared order, and where the amount paid is among them.
_FIELD_VALUES = itemgetter(*Question.model_fields)
_AMOUNT = list(Question.model_fields).index("price_paid")


def _make_basis(kg: KnowledgeGraph, key: tuple[Any, ...]) -> _Basis:
    values = dict(zip(Question.model_fields, key, strict=True))
    # any amount stands for "given" (only that counts here); the values were validated when first asked
    question = Question.model_construct(**values | {"price_paid": 0 if values["price_paid"] else None})
    resolved = resolve_question(kg, question)
    platform = resolved.platform.id if resolved.platform else None
    scorer = OptionScorer(
        kg.catalogue,
        reasons=tuple(r.id for r in resolved.reasons),
        needs=frozenset(n.id for n in resolved.needs),
        usage=question.usage,
        platform=platform,
    )
    leaving = kg.answers.get(
        "cancel_path", _leaving, kg, resolved.service.id, question.purchased_via, platform, question.region
    )
    return _Basis(resolved, unpriced_options(kg, question, resolved), scorer, leaving)


class _Leaving(NamedTuple):
    """What a recommendation says of leaving the service, whatever it decides: worked out once per path."""

    service: Ref
    #: the path as a recommendation shows it: its caveats are the answer's own, given once
    shown_path: CancelPath
    caveats: tuple[Caveat, ...]
    #: the caveats themselves (text and source) are the answer's ``caveats``: the checklist names them
    before_cancelling: tuple[str, ...]
    path_notes: tuple[Note, ...]
    bundles: tuple[BundleRef, ...]
    bundle_notes: tuple[Note, ...]
    #: ``shown_path`` and ``caveats`` encoded, for :func:`recommendation_json`
    shown_path_json: JsonFragment
    caveats_json: JsonFragment


def _leaving(
    kg: KnowledgeGraph, service_id: str, purchased_via: str | None, platform: str | None, region: str
) -> _Leaving:
    cat = kg.catalogue
    service = cat.services[service_id]
    path = cancel_path(kg, service_id, purchased_via=purchased_via, platform=platform, region=region)
    bundles = kg.answers.get("bundles", _bundles, kg, service_id, region)
    shown_path = replace(path, caveats=())
    return _Leaving(
        service=Ref(service_id, service.name),
        shown_path=shown_path,
        caveats=path.caveats,
        before_cancelling=tuple(c.id for c in before_cancelling(kg, path.caveats)),
        path_notes=path.notes,
        bundles=tuple(bundle for bundle, _ in bundles),
        # each bundle's note, then what its cost must be said with (another region's, undated, out of date)
        bundle_notes=tuple(
            n
            for bundle, offer in bundles
            for n in (_bundle_note(service, bundle), *(price_notes(cat, offer, region) if offer else ()))
        ),
        shown_path_json=json_fragment(shown_path),
        caveats_json=json_fragment(path.caveats),
    )
