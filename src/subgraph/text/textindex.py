"""What answering a text query needs from models fitted with scikit-learn, in numpy alone.

Fitting (TF-IDF vocabularies and weights, a logistic regression) is
scikit-learn's job and happens once, when the graph is compiled. Answering
needs only the fitted numbers: these classes take them out of the fitted
estimators, so a compiled graph answers without importing scikit-learn or
scipy (about a second of every cold command). Each reproduces its
estimator's output exactly; ``tests/test_textindex.py`` checks that against
scikit-learn itself.
"""

import re
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # fitted models come in; answering imports neither library
    from collections.abc import Sequence
    from typing import Protocol

    from scipy.sparse import sparray, spmatrix
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    class Part(Protocol):
        width: int

        def transform(self, text: str) -> tuple[np.ndarray, np.ndarray]: ...


__all__ = ["TfidfTransform", "Postings", "LogisticScores"]


class TfidfTransform:
    """A fitted ``TfidfVectorizer``'s ``transform`` of one text, as (columns, weights).

    Supports the settings the resolver uses: lower-casing, the ``char_wb`` and
    ``word`` analyzers with any n-gram range and token pattern, raw or
    sublinear term frequency, IDF weights, L2 or no normalisation.

    Examples
    --------
    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> fitted = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3)).fit(["norton", "kaspersky"])
    >>> columns, weights = TfidfTransform(fitted).transform("nortn")
    >>> np.allclose(fitted.transform(["nortn"]).toarray()[0][columns], weights)
    True
    """

    _WHITE_SPACES = re.compile(r"\s\s+")

    def __init__(self, vectorizer: "TfidfVectorizer") -> None:
        unsupported = {
            name: getattr(vectorizer, name)
            for name in ("strip_accents", "preprocessor", "tokenizer", "stop_words")
            if getattr(vectorizer, name) is not None
        }
        if (
            unsupported
            or vectorizer.binary
            or not vectorizer.use_idf
            or vectorizer.analyzer not in ("char_wb", "word")
            or vectorizer.norm not in ("l2", None)
        ):
            raise ValueError(f"unsupported TfidfVectorizer settings: {unsupported or vectorizer.get_params()}")
        self.analyzer, self.ngram_range = vectorizer.analyzer, tuple(vectorizer.ngram_range)
        self.lowercase, self.sublinear_tf, self.norm = vectorizer.lowercase, vectorizer.sublinear_tf, vectorizer.norm
        self.token_pattern: re.Pattern[str] | None = (
            re.compile(vectorizer.token_pattern) if self.analyzer == "word" else None
        )
        self.vocabulary = dict(vectorizer.vocabulary_)
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.width = len(self.idf)

    def terms(self, text: str) -> list[str]:
        """The n-grams of ``text``, as the vectorizer's analyzer makes them."""
        text = text.lower() if self.lowercase else text
        low, high = self.ngram_range
        if self.analyzer == "char_wb":
            grams = []
            for word in self._WHITE_SPACES.sub(" ", text).split():
                word = f" {word} "
                for n in range(low, high + 1):
                    offset = 0
                    grams.append(word[offset : offset + n])
                    while offset + n < len(word):
                        offset += 1
                        grams.append(word[offset : offset + n])
                    if offset == 0:  # a word shorter than n counts once
                        break
            return grams
        assert self.token_pattern is not None  # set for the word analyzer
        tokens = self.token_pattern.findall(text)
        grams = list(tokens) if low == 1 else []
        for n in range(max(low, 2), min(high + 1, len(tokens) + 1)):
            grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        return grams

    def transform(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The TF-IDF vector of ``text``: its non-zero columns and their weights."""
        counts: dict[int, int] = {}
        for term in self.terms(text):
            column = self.vocabulary.get(term)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
        frequencies = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        if self.sublinear_tf:
            frequencies = np.log(frequencies) + 1
        weights = frequencies * self.idf[columns]
        if self.norm == "l2" and len(weights):
            length = np.sqrt(weights @ weights)
            if length > 0:
                weights = weights / length
        return columns, weights


class Postings:
    """A terms x documents sparse matrix (CSR) that scores a query vector against every document.

    Examples
    --------
    >>> from scipy.sparse import csr_matrix
    >>> postings = Postings(csr_matrix([[1.0, 0.0], [0.5, 2.0]]))
    >>> postings.scores(np.array([1]), np.array([2.0]))
    array([1., 4.])
    """

    def __init__(self, matrix: "spmatrix | sparray") -> None:
        matrix = matrix.tocsr()
        self.indptr, self.indices = np.asarray(matrix.indptr), np.asarray(matrix.indices)
        self.data, self.documents = np.asarray(matrix.data, dtype=np.float64), matrix.shape[1]

    def scores(self, columns: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """``vector @ matrix`` for the sparse vector (columns, weights)."""
        starts = self.indptr[columns]
        lengths = self.indptr[np.asarray(columns) + 1] - starts
        # every stored entry of the query's rows at once (a Python loop per row was most of a warm query's time)
        entries = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        products = np.repeat(np.asarray(weights, dtype=np.float64), lengths) * self.data[entries]
        return np.bincount(self.indices[entries], weights=products, minlength=self.documents)  # float64: weighted


class LogisticScores:
    """``predict_proba`` of a pipeline (union of TF-IDF vectorizers, then a logistic regression), for one text.

    Examples
    --------
    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline, make_union
    >>> texts, labels = ["too expensive", "price went up", "never use it", "not using it"], "aabb"
    >>> fitted = make_pipeline(make_union(TfidfVectorizer()), LogisticRegression()).fit(texts, list(labels))
    >>> scores = LogisticScores(fitted)
    >>> np.allclose(scores.probabilities("price is up"), fitted.predict_proba(["price is up"])[0])
    True
    """

    def __init__(self, pipeline: "Pipeline") -> None:
        union, model = pipeline.steps[0][1], pipeline.steps[-1][1]
        self._take(model, [TfidfTransform(vectorizer) for _, vectorizer in union.transformer_list])

    @classmethod
    def from_parts(cls, parts: "Sequence[Part]", model: "LogisticRegression") -> "LogisticScores":
        """Scores of ``model`` fitted on the columns of ``parts`` side by side, in that order.

        A part is anything with a ``width`` and a ``transform(text)`` giving
        (columns, weights): a :class:`TfidfTransform`, or a dense sentence
        embedding (:class:`subgraph.text.embedding.StaticEmbedding`), which a
        scikit-learn pipeline would hold as an estimator of its own.

        Examples
        --------
        >>> from sklearn.feature_extraction.text import TfidfVectorizer
        >>> from sklearn.linear_model import LogisticRegression
        >>> texts, labels = ["too expensive", "price went up", "never use it", "not using it"], list("aabb")
        >>> fitted = TfidfVectorizer().fit(texts)
        >>> model = LogisticRegression().fit(fitted.transform(texts), labels)
        >>> scores = LogisticScores.from_parts([TfidfTransform(fitted)], model)
        >>> np.allclose(scores.probabilities("use it"), model.predict_proba(fitted.transform(["use it"]))[0])
        True
        """
        scores = cls.__new__(cls)
        scores._take(model, list(parts))
        return scores

    def _take(self, model: "LogisticRegression", parts: "list[Part]") -> None:
        self.parts = parts
        self.offsets = np.cumsum([0] + [part.width for part in self.parts[:-1]])
        self.coef, self.intercept = np.asarray(model.coef_, dtype=np.float64), np.asarray(model.intercept_)
        self.classes = np.asarray(model.classes_)

    def probabilities(self, text: str) -> np.ndarray:
        """The probability of each of :attr:`classes` for ``text``."""
        decision = self.intercept.copy()
        for part, offset in zip(self.parts, self.offsets):
            columns, weights = part.transform(text)
            decision = decision + self.coef[:, columns + offset] @ weights
        if len(self.classes) == 2:  # one decision value: the second class against the first
            positive = 1 / (1 + np.exp(-decision[0]))
            return np.array([1 - positive, positive])
        exponentials = np.exp(decision - decision.max())
        return exponentials / exponentials.sum()
