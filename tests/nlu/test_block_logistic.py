"""The block-wise fit trains the very model scikit-learn's LogisticRegression trains on the same columns stacked."""

import numpy as np
import pytest
import scipy.optimize
import scipy.sparse
from sklearn._loss.loss import HalfMultinomialLoss
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.linear_model._linear_loss import LinearModelLoss

from nlu import block_logistic

TEXTS = [
    "phone number for archway",
    "what was the budget",
    "practices near n19",
    "hello there",
    "ccg spending last year",
    "call the junction surgery",
    "gp surgeries in n7",
    "hi",
    "how much money did the ccg have",
    "ring hanley primary care",
]
INTENTS = ["phone", "budget", "area", "greet", "budget", "phone", "area", "greet", "budget", "phone"]


def blocks(texts):
    sparse = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)).fit(TEXTS).transform(texts)
    dense = np.random.default_rng(7).standard_normal((len(TEXTS), 12))[: len(texts)]
    return sparse, dense


@pytest.mark.parametrize("intents", [INTENTS, ["a", "b"] * 5], ids=["several classes", "two classes"])
def test_block_fit_gives_logistic_regressions_probabilities(intents):
    sparse, dense = blocks(TEXTS)
    stacked = scipy.sparse.hstack([sparse, scipy.sparse.csr_matrix(dense)]).tocsr()
    reference = LogisticRegression(C=30.0, max_iter=3000, tol=1e-6, random_state=42).fit(stacked, intents)
    model = block_logistic.fit(sparse, dense, intents, C=30.0, max_iter=3000, tol=1e-6)
    assert list(model.classes_) == list(reference.classes_)
    assert np.allclose(model.predict_proba(stacked), reference.predict_proba(stacked), atol=1e-6)
    assert (model.predict(stacked) == np.array(intents)).all()


def test_side_by_side_products_equal_the_stacked_matrix():
    sparse, dense = blocks(TEXTS)
    stacked = scipy.sparse.hstack([sparse, scipy.sparse.csr_matrix(dense)]).tocsr()
    X = block_logistic.SideBySide(sparse, dense)
    weights = np.random.default_rng(1).standard_normal((X.shape[1], 4))
    left = np.random.default_rng(2).standard_normal((4, X.shape[0]))
    assert np.allclose(X @ weights, stacked @ weights)
    assert np.allclose(left @ X, left @ stacked)


def test_blocks_of_different_lengths_are_refused():
    sparse, dense = blocks(TEXTS)
    with pytest.raises(ValueError, match="rows"):
        block_logistic.SideBySide(sparse, dense[:3])


def test_with_no_embedding_columns_it_is_logistic_regression_on_the_n_grams():
    sparse, _ = blocks(TEXTS)
    reference = LogisticRegression(C=30.0, max_iter=3000, tol=1e-6, random_state=42).fit(sparse, INTENTS)
    model = block_logistic.fit(sparse, np.empty((len(TEXTS), 0)), INTENTS, C=30.0, max_iter=3000, tol=1e-6)
    assert np.allclose(model.predict_proba(sparse), reference.predict_proba(sparse), atol=1e-6)


@pytest.mark.parametrize("intents", [INTENTS, ["a", "b"] * 5], ids=["several classes", "two classes"])
def test_predicting_block_by_block_gives_predict_proba_of_the_stacked_columns(intents):
    sparse, dense = blocks(TEXTS)
    model = block_logistic.fit(sparse, dense, intents, C=30.0, max_iter=3000)
    for rows in ([0], [3], [1, 4, 7], list(range(len(TEXTS)))):
        stacked = scipy.sparse.hstack([sparse[rows], scipy.sparse.csr_matrix(dense[rows])]).tocsr()
        by_block = block_logistic.predict_proba(model, [sparse[rows], dense[rows]])
        assert np.allclose(by_block, model.predict_proba(stacked), rtol=0, atol=1e-12)


def test_blocks_that_dont_make_the_models_columns_are_refused():
    sparse, dense = blocks(TEXTS)
    model = block_logistic.fit(sparse, dense, INTENTS, C=30.0)
    with pytest.raises(ValueError, match="columns"):
        block_logistic.predict_proba(model, [sparse[:1], dense[:1, :5]])


@pytest.mark.parametrize("max_iter", [3000, 4], ids=["to convergence", "stopped by the iteration limit"])
def test_the_optimiser_takes_scipys_steps_to_the_last_bit(max_iter):
    """The L-BFGS-B driver gives scipy.optimize.minimize's result exactly: so the models trained are the same."""
    sparse, dense = blocks(TEXTS)
    classes = np.unique(INTENTS)
    y = np.searchsorted(classes, INTENTS).astype(np.float64)
    X = block_logistic.SideBySide(sparse, dense)
    loss = LinearModelLoss(base_loss=HalfMultinomialLoss(n_classes=len(classes)), fit_intercept=True)
    args = (X, y, np.ones(X.shape[0]), 1.0 / 30.0, 1)
    start = np.zeros(len(classes) * (X.shape[1] + 1))
    options = {"iprint": -1, "gtol": 1e-6, "maxiter": max_iter}
    theirs = scipy.optimize.minimize(loss.loss_gradient, start, method="L-BFGS-B", jac=True, args=args, options=options)
    ours = block_logistic.lbfgs(loss.loss_gradient, start, args, gtol=1e-6, max_iter=max_iter)
    assert np.array_equal(ours.x, theirs.x) and ours.fun == theirs.fun
    assert (ours.nit, ours.nfev, ours.status, ours.message) == (theirs.nit, theirs.nfev, theirs.status, theirs.message)
