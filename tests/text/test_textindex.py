"""The numpy forms of the fitted text models answer exactly as scikit-learn does."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from subgraph.text.resolve import _char_vectorizer, _word_vectorizer
from subgraph.text.textindex import Postings, TfidfTransform

QUERIES = [
    "kaspersy",
    "Kaspersky Total  Security",
    "the renewal price doubled!!",
    "GOOGLE *YouTube 650-253",
    "x",
    "",
    "it's too expensive, I never use it",
    "café crème",
    "4k  streaming\ton my tv",
    "PAYPAL *SPOTIFY 4029357733",
    "my intro deal ended and now it's double",
]


@pytest.fixture(scope="module")
def texts(kg):
    return kg.resolver._texts


@pytest.mark.parametrize(
    "make",
    [
        _char_vectorizer,
        _word_vectorizer,
        lambda: TfidfVectorizer(analyzer="word", ngram_range=(2, 3), sublinear_tf=False),
        lambda: TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 5), norm=None),
    ],
)
def test_a_transform_is_the_vectorizers(texts, make):
    fitted = make().fit(texts)
    compiled = TfidfTransform(fitted)
    for query in QUERIES + texts[::50]:
        expected = fitted.transform([query]).toarray()[0]
        columns, weights = compiled.transform(query)
        got = np.zeros_like(expected)
        got[columns] = weights
        assert np.allclose(got, expected), query


def test_postings_score_as_the_sparse_product(texts):
    fitted = _char_vectorizer().fit(texts)
    matrix = fitted.transform(texts[:300]).T.tocsr()
    postings, compiled = Postings(matrix), TfidfTransform(fitted)
    for query in QUERIES:
        expected = (fitted.transform([query]) @ matrix).toarray().ravel()
        assert np.allclose(postings.scores(*compiled.transform(query)), expected), query


def test_the_reason_classifier_answers_as_the_fitted_pipeline(kg):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    from subgraph.text.textindex import LogisticScores

    # the phrasings of a dozen reasons: any fit will do to compare the two, and all of them take seconds
    some = sorted(kg.catalogue.reasons)[:12]
    reasons = [
        (text, node)
        for text, node, kind in zip(kg.resolver._texts, kg.resolver._ids, kg.resolver._kinds)
        if kind == "reason" and node in some
    ]
    assert len({node for _, node in reasons}) == len(some)
    fitted = make_pipeline(
        make_union(_char_vectorizer(), _word_vectorizer()), LogisticRegression(C=20, max_iter=2000)
    ).fit(*zip(*reasons))
    compiled = LogisticScores(fitted)
    assert list(compiled.classes) == list(fitted.classes_)
    for query in QUERIES:
        assert np.allclose(compiled.probabilities(query), fitted.predict_proba([query])[0]), query


def test_settings_it_cannot_reproduce_are_refused(texts):
    with pytest.raises(ValueError):
        TfidfTransform(TfidfVectorizer(strip_accents="unicode").fit(texts))
