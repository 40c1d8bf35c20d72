"""nlu/tfidf.py gives what scikit-learn's TfidfVectorizer.transform gives, for the vectorisers the models use."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from nlu import tfidf

TRAINING = [
    "what's the phone number for archway medical centre",
    "where is the miller practice",
    "how do i register with a gp",
    "my dad collapsed and is not breathing",
    "i want to unalive myself tonight",
    "phone number please",
    "is the practice open on saturday",
]
NEW = ["phone number for the miller practice pls", "", "zzzz qqqq", "UNALIVE thoughts", "a"]


@pytest.mark.parametrize(
    "vectoriser",
    [
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="word", token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True, min_df=2),
        TfidfVectorizer(),
    ],
)
@pytest.mark.parametrize("texts", [NEW, NEW * 10], ids=["a message's few texts", "a batch"])
def test_the_features_of_new_messages_are_scikit_learns(vectoriser, texts):
    vectoriser.fit(TRAINING)
    ours, theirs = tfidf.transform(vectoriser, texts), vectoriser.transform(texts)
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours.toarray(), theirs.toarray(), rtol=1e-12, atol=1e-15)


def test_a_vectoriser_fitted_again_is_read_with_its_new_weights():
    vectoriser = TfidfVectorizer(sublinear_tf=True).fit(TRAINING)
    tfidf.transform(vectoriser, NEW)
    vectoriser.fit(TRAINING[:3] + ["phone phone phone"])
    np.testing.assert_allclose(tfidf.transform(vectoriser, NEW).toarray(), vectoriser.transform(NEW).toarray())
