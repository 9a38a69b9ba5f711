"""Text in, entities out: free text and misspellings resolved to graph nodes.

Names, aliases, labels, statement descriptors and example phrasings are
indexed once at load with a TF-IDF over character n-grams (robust to typos:
"kaspersy") and words (robust to rephrasing: "renewal price doubled").
A query is answered from a dictionary when it is an exact id or name,
otherwise by cosine similarity against the indexed texts (a sparse dot
product and ``argpartition``, no per-query fitting). Reasons and needs are
sentences rather than names, and people put them in words nobody wrote
down, so they are recognised from meaning: a classifier (logistic
regression) over the same TF-IDF features plus a static sentence embedding
(:mod:`subgraph.text.embedding`), fitted on the labels and example phrasings
the graph holds for each reason and feature. Below the confidence threshold
the answer is "did you mean", never a wild guess. :meth:`Resolver.resolve_all`
reads several reasons in one sentence.
"""

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..answers import ResolvedText, Suggestion, TextMeaning
from ..graph.catalogue import Catalogue, UnknownId
from ..graph.compiled import fitted_key, read_snapshot, write_snapshot
from .descriptors import SHORT_DESCRIPTOR
from .embedding import StaticEmbedding
from .names import name_key
from .textindex import LogisticScores, Postings, TfidfTransform

if TYPE_CHECKING:  # the loader imports this module
    from ..graph.loader import KnowledgeGraph

__all__ = [
    "Resolver",
    "Resolution",
    "build_resolver",
    "resolver_key",
    "resolve_id",
    "resolve_ids",
    "KINDS",
    "SEVERAL_KINDS",
    "TABLES",
    "DEFAULT_THRESHOLD",
]

KINDS = ("service", "plan", "biller", "feature", "reason", "category", "platform")

#: Below this cosine similarity a match is only a suggestion...
DEFAULT_THRESHOLD = 0.5
#: ...unless it is at least this similar and clearly ahead of the runner-up.
MARGIN_FLOOR = 0.35
MARGIN = 0.12
#: Kinds recognised by meaning (a classifier over words, character n-grams and a sentence embedding).
MEANING_KINDS = ("reason", "feature", "platform")
#: The kinds one sentence can name several of ("too expensive and I never use it").
SEVERAL_KINDS = ("reason", "feature")
#: A reason or feature is recognised when the classifier gives it this probability...
REASON_PROBABILITY = 0.3
#: ...and this many times the runner-up's.
REASON_LEAD = 2.0
#: A platform needs more: people name devices that are none of the seven ("toaster", "xyzzy plugh"
#: took 0.53 and 0.41 on the nearest), and a wrong platform picks a wrong cancel path.
MEANING_PROBABILITY = {"reason": REASON_PROBABILITY, "feature": REASON_PROBABILITY, "platform": 0.6}
#: A classifier always names its likeliest class, even for "zqxv wplk": a text must also be at least
#: this similar, in character n-grams, to some example phrasing of the kind. Measured on 2026-12-06:
#: the least similar text of the independent sets scores 0.19, keyboard mash 0.05-0.11.
EVIDENCE_FLOOR = 0.15
#: ...and share a word with one, unless it is this similar in characters (a misspelling: "antivrus"). Letters
#: alone let "asdf ghjk" through once enough phrasings held "as" (issue 17, fifth round); every line of every
#: evaluation set shares a word with a phrasing or is at least this similar, keyboard mash at most 0.32.
MISSPELLING_FLOOR = 0.4
#: The embedding's weight beside the TF-IDF features, and the classifier's inverse regularisation:
#: chosen on the repository's own sets (resolver_cases*.tsv), see the README.
EMBEDDING_SCALE = 1.0
CLASSIFIER_C = 100.0
#: A clause read out of context is easily taken for a reason ("my nephew installed it for me"): a clause gives a
#: reason beside the first (the whole text's, or its surest clause's) only with this probability and this lead over
#: its runner-up. Chosen on the repository's tests of context around one reason and the first independent set's
#: counts; how, in the README ("Several reasons in one sentence").
CLAUSE_PROBABILITY = 0.7
CLAUSE_LEAD = 3.0
#: Where one sentence gives several reasons, it is cut into clauses at these.
_CLAUSE_BREAKS = re.compile(
    r"[.;:!?,()\n]+|\s(?:and|but|also|plus|so|because|cause|cuz|bc|since|though|although|besides|\+|&)\s", re.I
)
#: A word, for the word features and for the keyboard-mash guard: every run of letters, digits or underscores.
_WORD = re.compile(r"(?u)\b\w+\b")
#: Candidates this weak are noise, not suggestions.
SUGGESTION_FLOOR = 0.3


@dataclass(frozen=True)
class Resolution:
    """The node a text resolved to, or the candidates it might mean."""

    text: str
    kind: str
    id: str | None
    confidence: float
    matched: str | None
    candidates: tuple[tuple[str, float], ...]

    @property
    def resolved(self) -> bool:
        return self.id is not None

    def answer(self, also: tuple[ResolvedText, ...] = ()) -> TextMeaning:
        """The typed answer a client reads (``GET /v1/resolve``, ``subgraph resolve``), confidences to 3 places."""
        did_you_mean = () if self.resolved else tuple(Suggestion(i, round(c, 3)) for i, c in self.candidates)
        return TextMeaning(self.text, self.kind, self.id, round(self.confidence, 3), self.matched, did_you_mean, also)


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w+]+", " ", str(text).lower()).split())


def _entries(cat: Catalogue) -> Iterator[tuple[str, str, str]]:
    """(kind, id, text) for every name a person might use."""
    for s in cat.services.values():
        for text in (s.id, s.name, *s.aliases):
            yield "service", s.id, text
    for p in cat.plans.values():
        service = cat.services[p.service].name
        # in a fixed order: a set's would change with the process's string hashing, and with it the resolver
        names = dict.fromkeys((p.name, p.id.replace("-", " ")))
        short = p.name[len(service) :].strip() if p.name.startswith(service) else None
        for text in names:
            yield "plan", p.id, text
        if short:
            yield "plan", p.id, f"{short} plan"
    for b in cat.billers.values():
        for text in (b.id.replace("-", " "), b.name, *b.aliases):
            yield "biller", b.id, text
        for d in b.descriptors:
            pattern = cat.descriptors[d].pattern
            # a reseller's two-letter prefix ("NW", "DR*") would be the closest name to any text starting so
            if len(name_key(pattern)) >= SHORT_DESCRIPTOR:
                yield "biller", b.id, pattern
    for f in cat.features.values():
        # phrases: read where the catalogue has them (graph/features.ttl sg:examplePhrase)
        for text in (f.id.replace("-", " "), f.label, *f.alt_labels, *getattr(f, "phrases", ())):
            yield "feature", f.id, text
    for r in cat.reasons.values():
        for text in (r.label, *r.phrases):
            yield "reason", r.id, text
    for c in cat.categories.values():
        for text in (c.id.replace("-", " "), c.label, *c.alt_labels):
            yield "category", c.id, text
    for platform in cat.platforms.values():
        for text in (platform.id, platform.label, *platform.alt_labels, *platform.phrases):
            yield "platform", platform.id, text


class Resolver:
    """Resolve free text to graph node ids, per kind.

    Build it with :func:`build_resolver`; it is immutable afterwards and
    safe to share between threads.

    Parameters
    ----------
    entries : iterable of (kind, id, text)
        Every name, label and phrasing, as :func:`build_resolver` reads them from the catalogue.
    threshold : float
        The similarity below which a name is only a suggestion.
    embedding : StaticEmbedding, optional
        The fitted sentence embedding to use; by default the shipped one is read.
    meaning : bool
        False leaves the embedding out and resolves as before issue 17
        (reasons by TF-IDF alone, features by similarity): for comparisons.
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, str, str]],
        threshold: float = DEFAULT_THRESHOLD,
        *,
        embedding: StaticEmbedding | None = None,
        meaning: bool = True,
    ) -> None:
        self.threshold = threshold
        # a classifier over the shipped embedding is the same for the same texts: it is saved and read by them
        self._shipped_embedding = meaning and embedding is None
        # fitted here, once per graph version: the compiled snapshot keeps the table (16 MB) with the resolver
        self._embedding = (
            (embedding if embedding is not None else StaticEmbedding(scale=EMBEDDING_SCALE).fit()) if meaning else None
        )
        self._exact: dict[tuple[str, str], str] = {}
        self._texts: list[str] = []
        self._kinds: list[str] = []
        ids: list[str] = []
        for kind, node_id, text in entries:
            key = _normal(text)
            if not key:
                continue
            self._exact.setdefault((kind, key), node_id)
            self._texts.append(key)
            ids.append(node_id)
            self._kinds.append(kind)
        self._ids = np.array(ids, dtype=object)
        # fitted with scikit-learn, kept as numpy (see subgraph.text.textindex): answering imports neither
        chars_model, words_model = _char_vectorizer(), _word_vectorizer()
        chars, words = chars_model.fit_transform(self._texts), words_model.fit_transform(self._texts)
        self._chars, self._words = TfidfTransform(chars_model), TfidfTransform(words_model)
        kinds = np.array(self._kinds)
        texts = np.array(self._texts, dtype=object)
        self._by_kind: dict[str, tuple[Postings, Postings, np.ndarray, np.ndarray]] = {}
        for kind in set(self._kinds):
            rows = np.flatnonzero(kinds == kind)
            self._by_kind[kind] = (Postings(chars[rows].T), Postings(words[rows].T), self._ids[rows], texts[rows])
        # without meaning, as before issue 17: reasons by TF-IDF alone, features by similarity (benchmarks compare)
        classified = MEANING_KINDS if meaning else ("reason",)
        self._meaning = {kind: model for kind in classified if (model := self._fit_classifier(kind)) is not None}
        self._cached = lru_cache(maxsize=4096)(self._resolve)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["_cached"]  # answers of this process; a compiled snapshot starts with none
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._cached = lru_cache(maxsize=4096)(self._resolve)

    def _fit_classifier(self, kind: str) -> LogisticScores | None:
        """Logistic regression over character n-grams, words and meaning, on every text of ``kind``."""
        rows = np.flatnonzero(np.array(self._kinds) == kind)
        if len(set(self._ids[rows])) < 2:
            return None
        from scipy.sparse import csr_matrix, hstack
        from sklearn.linear_model import LogisticRegression

        texts, labels = [self._texts[i] for i in rows], list(self._ids[rows])
        model = LogisticRegression(C=CLASSIFIER_C if self._embedding else 20, max_iter=5000)
        # the fit reads only these texts (seconds of L-BFGS): a load after an edit elsewhere reads it back
        key = None
        if self._shipped_embedding and self._embedding is not None:
            settings = (_char_vectorizer().get_params(), _word_vectorizer().get_params(), model.get_params())
            key = fitted_key("resolver-classifier", texts, labels, settings, EMBEDDING_SCALE)
            saved = read_snapshot(key, kind="fitted")
            if isinstance(saved, tuple) and len(saved) == 3:
                chars_part, words_part, fitted = saved
                return LogisticScores.from_parts([chars_part, words_part, self._embedding], fitted)
        chars, words = _char_vectorizer().fit(texts), _word_vectorizer().fit(texts)
        blocks = [chars.transform(texts), words.transform(texts)]
        parts: list[Any] = [TfidfTransform(chars), TfidfTransform(words)]
        if self._embedding is not None:
            blocks.append(csr_matrix(self._embedding.embed(texts)))
            parts.append(self._embedding)
        model.fit(hstack(blocks).tocsr(), labels)
        if key is not None:
            # saved without the embedding, which the resolver holds once
            write_snapshot(key, (parts[0], parts[1], model), kind="fitted")
        return LogisticScores.from_parts(parts, model)

    def _classify(self, text: str, key: str, kind: str, k: int) -> Resolution:
        model = self._meaning[kind]
        probabilities = model.probabilities(key)
        order = np.argsort(-probabilities)[:k]
        candidates = tuple((str(model.classes[i]), float(probabilities[i])) for i in order)
        best, runner_up = candidates[0][1], candidates[1][1] if len(candidates) > 1 else 0.0
        chars, words = self._by_kind[kind][:2]
        evidence = float(chars.scores(*self._chars.transform(key)).max())
        if evidence < MISSPELLING_FLOOR and evidence >= EVIDENCE_FLOOR:
            # a number or a letter is no shared word: "<script>alert(1)</script>" shares "1" with "1.99 a month"
            content = " ".join(w for w in _WORD.findall(key) if len(w) > 1 and not w.isdigit())
            columns, weights = self._words.transform(content)
            evidence = evidence if len(columns) and words.scores(columns, weights).max() > 0 else 0.0
        if evidence >= EVIDENCE_FLOOR and best >= MEANING_PROBABILITY[kind] and best >= REASON_LEAD * runner_up:
            return Resolution(text, kind, candidates[0][0], best, None, candidates)
        return Resolution(text, kind, None, best, None, candidates)

    def resolve_all(self, text: str, kind: str = "reason", *, k: int = 3) -> tuple[Resolution, ...]:
        """Every node of ``kind`` that ``text`` names: several reasons in one sentence are several answers.

        The whole text is resolved, then each of its clauses (cut at
        punctuation and at words such as "and", "but", "also", "plus"). The
        first node is the whole text's or, when it resolves to none, the
        surest clause's; a clause adds another only if it is clearly a reason
        of its own (probability :data:`CLAUSE_PROBABILITY` and
        :data:`CLAUSE_LEAD` times its runner-up's, for the kinds read by
        meaning), so context such as "I've had it for years" adds nothing.
        Each node comes once.

        Parameters
        ----------
        text : str
        kind : str
            One of :data:`KINDS`; "reason" and "feature" are the kinds a
            sentence lists several of.
        k : int
            How many candidates each answer keeps.

        Returns
        -------
        tuple of Resolution
            The resolved answers, the whole text's first (when it resolves),
            then the others, most confident first, each saying which part of
            the text it read (``text``); never empty: when nothing
            resolves, the one unresolved answer for the whole text, whose
            candidates are the "did you mean".

        Examples
        --------
        >>> from subgraph import load_graph
        >>> resolver = load_graph().resolver
        >>> [r.id for r in resolver.resolve_all("the renewal price doubled and I never use it anyway", "reason")]
        ['price-increase', 'not-using']
        >>> [r.id for r in resolver.resolve_all("renewal price doubled", "reason")]
        ['price-increase']
        >>> [r.id for r in resolver.resolve_all("it was fine when I first got it, but the bill went up", "reason")]
        ['price-increase']
        """
        whole, others = self._readings(text, kind, k)
        if not whole.resolved and not others:
            return (whole,)
        return (*((whole,) if whole.resolved else ()), *others)

    def _readings(self, text: str, kind: str, k: int) -> tuple[Resolution, tuple[Resolution, ...]]:
        """The whole text's answer, and the other nodes its clauses name, most confident first (see resolve_all)."""
        whole = self.resolve(text, kind, k=k)
        clauses = [part.strip() for part in _CLAUSE_BREAKS.split(str(text)) if len(part.split()) >= 2]
        answers = [self.resolve(clause, kind, k=k) for clause in clauses] if len(clauses) > 1 else []
        found: dict[str, Resolution] = {}
        for answer in sorted(answers, key=lambda reading: -reading.confidence):
            if answer.id is None or answer.id == whole.id or answer.id in found:
                continue
            # the first reason is the whole text's or, when it gives none, the surest clause's; another reason
            # needs a clause sure of itself, since a clause of context read alone often looks like one
            if (not whole.resolved and not found) or self._stands_alone(answer):
                found[answer.id] = answer
        return whole, tuple(found.values())

    def meaning(self, text: str, kind: str, *, k: int = 3) -> TextMeaning:
        """What `text` means, as a client reads it: the whole text's node, and the others it names.

        The whole text is resolved as :meth:`resolve` does; for the kinds a
        sentence lists several of (:data:`SEVERAL_KINDS`), ``also`` gives
        every other node :meth:`resolve_all` finds, with the part of the text
        it read, so what a question's reasons are taken to mean can be
        checked before asking it.

        Examples
        --------
        >>> from subgraph import load_graph
        >>> answer = load_graph().resolver.meaning("the renewal price doubled and I never use it anyway", "reason")
        >>> answer.id, [(a.text, a.id) for a in answer.also]
        ('price-increase', [('I never use it anyway', 'not-using')])
        """
        if kind not in SEVERAL_KINDS:
            return self.resolve(text, kind, k=k).answer()
        whole, others = self._readings(text, kind, k)
        return whole.answer(also=tuple(ResolvedText(r.text, r.id) for r in others if r.id is not None))

    def _stands_alone(self, clause: Resolution) -> bool:
        """Whether a clause's answer is sure enough to be a reason beside the first one."""
        if clause.kind not in self._meaning:  # a similarity to a name, not a probability: as before
            return True
        runner_up = clause.candidates[1][1] if len(clause.candidates) > 1 else 0.0
        return clause.confidence >= CLAUSE_PROBABILITY and clause.confidence >= CLAUSE_LEAD * runner_up

    def resolve(
        self, text: str, kind: str, *, k: int = 3, among: Iterable[str] | None = None, remember: bool = True
    ) -> Resolution:
        """Resolve `text` to a node of `kind`.

        Parameters
        ----------
        text : str
        kind : {"service", "plan", "biller", "feature", "reason", "category", "platform"}
        k : int
            How many candidates to keep.
        among : iterable of str, optional
            Only consider these ids (the plans of one service, say).
        remember : bool
            Keep the answer in the resolver's cache (default). False for
            personal data, such as a bank statement's lines, that must not
            outlive the request.

        Returns
        -------
        Resolution
            ``id`` is None when the best match is below the threshold;
            ``candidates`` then holds what the text might mean.

        Examples
        --------
        >>> from subgraph import load_graph
        >>> resolver = load_graph().resolver
        >>> resolver.resolve("kaspersy", "service").id
        'kaspersky'
        >>> resolver.resolve("Kaspersky", "service").confidence
        1.0
        """
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
        resolve = self._cached if remember else self._resolve
        return resolve(str(text), kind, k, frozenset(among) if among is not None else None)

    def _resolve(self, text: str, kind: str, k: int, among: frozenset[str] | None) -> Resolution:
        key = _normal(text)
        exact = self._exact.get((kind, key))
        if exact is not None and (among is None or exact in among):
            return Resolution(text, kind, exact, 1.0, key, ((exact, 1.0),))
        if not key or kind not in self._by_kind:
            return Resolution(text, kind, None, 0.0, None, ())
        if kind in self._meaning and among is None:
            return self._classify(text, key, kind, k)
        chars, words, ids, texts = self._by_kind[kind]
        char_scores = chars.scores(*self._chars.transform(key))
        word_scores = words.scores(*self._words.transform(key))
        # a misspelt name shares character n-grams but no word; a rephrasing shares both
        scores = np.maximum(char_scores, (char_scores + word_scores) / 2)
        if among is not None:
            scores = np.where(np.isin(ids, list(among)), scores, 0.0)
        top = np.argpartition(-scores, min(len(scores) - 1, 8 * k))[: 8 * k]
        top = top[np.argsort(-scores[top])]
        best, best_text = {}, {}
        for i in top:
            if scores[i] <= 0:
                break
            if ids[i] not in best:
                best[ids[i]], best_text[ids[i]] = float(scores[i]), texts[i]
        candidates = tuple(list(best.items())[:k])
        runner_up = candidates[1][1] if len(candidates) > 1 else 0.0
        if candidates and (
            candidates[0][1] >= self.threshold
            or (candidates[0][1] >= MARGIN_FLOOR and candidates[0][1] - runner_up >= MARGIN)
        ):
            node_id, confidence = candidates[0]
            return Resolution(text, kind, node_id, confidence, best_text[node_id], candidates)
        return Resolution(text, kind, None, candidates[0][1] if candidates else 0.0, None, candidates)


def _char_vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)


def _word_vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=_WORD.pattern)


def build_resolver(
    cat: Catalogue, threshold: float = DEFAULT_THRESHOLD, *, embedding: StaticEmbedding | None = None
) -> Resolver:
    """Index every name, alias, descriptor and phrasing of the catalogue.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> resolver = build_resolver(load_graph().catalogue)
    >>> resolver.resolve("the renewal price doubled", "reason").id
    'price-increase'

    Notes
    -----
    The resolver reads nothing of the catalogue but these texts, so with the
    shipped embedding it is saved in the snapshot cache keyed by them (see
    :func:`subgraph.graph.compiled.fitted_key`): a load after an edit that
    leaves every name and phrasing as it was (a price, a date, a source)
    reads it back instead of indexing and fitting again.
    """
    entries = tuple(_entries(cat))
    if embedding is not None:
        return Resolver(entries, threshold=threshold, embedding=embedding)
    key = _resolver_key(entries, threshold)
    saved = read_snapshot(key, kind="resolver")
    if isinstance(saved, Resolver):
        return saved
    resolver = Resolver(entries, threshold=threshold)
    write_snapshot(key, resolver, kind="resolver")
    return resolver


def resolver_key(cat: Catalogue, threshold: float = DEFAULT_THRESHOLD) -> str:
    """The key :func:`build_resolver` saves the catalogue's resolver under (shipped embedding).

    Examples
    --------
    >>> from subgraph import load_graph
    >>> cat = load_graph().catalogue
    >>> resolver_key(cat) == resolver_key(cat) != resolver_key(cat, threshold=0.6)
    True
    """
    return _resolver_key(tuple(_entries(cat)), threshold)


def _resolver_key(entries: tuple[tuple[str, str, str], ...], threshold: float) -> str:
    # the settings are code, which the key covers; named too, so that one changed at run time is a new key
    return fitted_key("resolver", entries, threshold, EMBEDDING_SCALE, CLASSIFIER_C)


#: Resolver kind -> the Catalogue attribute holding that kind of node.
TABLES = {
    "service": "services",
    "plan": "plans",
    "biller": "billers",
    "feature": "features",
    "reason": "reasons",
    "category": "categories",
    "platform": "platforms",
}


def resolve_id(
    kg: "KnowledgeGraph",
    text: str,
    kind: str,
    *,
    among: Collection[str] | None = None,
    label: str | None = None,
    exact: bool = False,
) -> str:
    """The id of the node `text` means, or :class:`UnknownId` with what it might mean.

    The one way every view turns user text into an id: an exact id first,
    then the resolver (exact names and aliases, then similarity).

    Parameters
    ----------
    kg : KnowledgeGraph
    text : str
    kind : str
        One of :data:`KINDS`.
    among : iterable of str, optional
        Only these ids are acceptable (the plans of one service).
    label : str, optional
        What to call the thing in the error ("need" for a feature).
    exact : bool
        Accept only an exact id (a URL path); the resolver then only
        suggests what was meant.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> kg = load_graph()
    >>> resolve_id(kg, "kaspersky", "service"), resolve_id(kg, "Kasperski", "service")
    ('kaspersky', 'kaspersky')
    >>> resolve_id(kg, "qqqq", "service")
    Traceback (most recent call last):
    ...
    subgraph.graph.catalogue.UnknownId: unknown service 'qqqq'
    """
    table = getattr(kg.catalogue, TABLES[kind])
    if text in table and (among is None or text in among):
        return text
    result = kg.resolver.resolve(text, kind, among=among)
    if result.id is not None and not exact:  # resolved
        return result.id
    suggestions = [node_id for node_id, confidence in result.candidates if confidence >= SUGGESTION_FLOOR]
    raise UnknownId(label or kind, text, suggestions)


def resolve_ids(kg: "KnowledgeGraph", text: str, kind: str, *, label: str | None = None) -> tuple[str, ...]:
    """Every id `text` names (several reasons in one sentence), or :class:`UnknownId` if none.

    Examples
    --------
    >>> from subgraph import load_graph
    >>> resolve_ids(load_graph(), "the renewal price doubled and I never use it anyway", "reason")
    ('price-increase', 'not-using')
    """
    if text in getattr(kg.catalogue, TABLES[kind]):
        return (text,)
    answers = kg.resolver.resolve_all(text, kind)
    found = tuple(dict.fromkeys(a.id for a in answers if a.id is not None))
    if found:
        return found
    suggestions = [node_id for node_id, confidence in answers[0].candidates if confidence >= SUGGESTION_FLOOR]
    raise UnknownId(label or kind, text, suggestions)
