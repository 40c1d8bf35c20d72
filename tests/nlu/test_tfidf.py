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


@pytest.mark.parametrize(
    "vectoriser",
    [
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
        TfidfVectorizer(analyzer="word", token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True),
    ],
)
def test_fitting_and_transforming_in_one_count_gives_what_fit_then_transform_give(vectoriser):
    """The training matrix is the one the models were trained on before (fit, then the batch path of transform), to
    the last bit, so the models are too; the vectoriser is fitted as scikit-learn fits it."""
    training = TRAINING * 5  # more texts than FEW: a training set's path
    reference = TfidfVectorizer(**vectoriser.get_params()).fit(training)
    matrix = tfidf.fit_transform(vectoriser, training)
    assert vectoriser.vocabulary_ == reference.vocabulary_
    assert np.array_equal(vectoriser.idf_, reference.idf_)
    expected = tfidf.transform(reference, training)
    assert np.array_equal(matrix.indptr, expected.indptr) and np.array_equal(matrix.indices, expected.indices)
    assert np.array_equal(matrix.data, expected.data)
    np.testing.assert_allclose(matrix.toarray(), reference.transform(training).toarray(), rtol=1e-12, atol=1e-15)
    assert np.array_equal(vectoriser.transform(NEW).toarray(), reference.transform(NEW).toarray())


def test_pruning_that_leaves_no_n_gram_is_refused_as_by_fit():
    with pytest.raises(ValueError, match="no terms remain"):
        tfidf.fit_transform(TfidfVectorizer(min_df=5), TRAINING)
