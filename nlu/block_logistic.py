"""Multinomial logistic regression trained on sparse n-gram columns beside dense sentence-embedding columns, without
storing the dense ones as sparse: the same model scikit-learn's LogisticRegression(solver="lbfgs") trains, in a
third of the time (issue 23, training time).

Why not LogisticRegression itself: it takes one matrix, so the 384 embedding columns go into the CSR matrix beside the
n-grams, where they are four fifths of its non-zeros and every product over them runs through sparse code at a
fraction of BLAS's speed. Here the objective, its gradient and the optimiser are scikit-learn's and SciPy's own
(`LinearModelLoss` with `HalfMultinomialLoss`, `scipy.optimize.minimize(method="L-BFGS-B")`, called with the options
LogisticRegression 1.1 passes); only the two matrix products are done block by block, by scipy.sparse and NumPy. The
result is a fitted LogisticRegression, so prediction and persistence are unchanged. tests/nlu/test_block_logistic.py
checks it against LogisticRegression on the same data.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy
import scipy.optimize
import scipy.sparse
import scipy.special
from scipy.optimize import _lbfgsb
from sklearn._loss.loss import HalfMultinomialLoss
from sklearn.linear_model import LogisticRegression
from sklearn.linear_model._linear_loss import LinearModelLoss
from sklearn.preprocessing import LabelEncoder
from sklearn.utils.optimize import _check_optimize_result


class SideBySide:
    """[sparse | dense] for the two products the loss takes, `X @ W.T` and `G.T @ X`. `__array_ufunc__ = None` makes
    NumPy hand `ndarray @ SideBySide` to `__rmatmul__` instead of trying to convert this object to an array.

    With `threads` above one, each sparse product is split into that many blocks of rows with about as many non-zeros
    each, one product a thread of its own pool (shut when the `with` block ends): scipy.sparse multiplies on one core,
    and releases the GIL while it does. The rows are the same rows, multiplied the same way, so the result is the same
    to the last bit. NumPy's BLAS already uses every core for the dense block.
    """

    __array_ufunc__ = None

    def __init__(self, sparse: scipy.sparse.spmatrix, dense: np.ndarray, threads: int = 1) -> None:
        if sparse.shape[0] != dense.shape[0]:
            raise ValueError(f"the blocks have {sparse.shape[0]} and {dense.shape[0]} rows")
        self.sparse, self.dense = sparse.tocsr().astype(np.float64), np.ascontiguousarray(dense, np.float64)
        self.split = sparse.shape[1]
        self.shape = (sparse.shape[0], sparse.shape[1] + dense.shape[1])
        self.pool = ThreadPoolExecutor(threads) if threads > 1 else None
        # `G.T @ sparse` as `(sparse.T @ G).T`, with the transpose made once in CSR form rather than at every step.
        self.rows, self.rows_t = _row_blocks(self.sparse, threads), _row_blocks(self.sparse.T.tocsr(), threads)

    def __enter__(self) -> SideBySide:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown()

    def __matmul__(self, weights: np.ndarray) -> np.ndarray:
        return self._sparse_product(self.rows, weights[: self.split]) + self.dense @ weights[self.split :]

    def __rmatmul__(self, left: np.ndarray) -> np.ndarray:
        return np.hstack([self._sparse_product(self.rows_t, left.T).T, left @ self.dense])

    def _sparse_product(self, blocks: list[scipy.sparse.csr_matrix], right: np.ndarray) -> np.ndarray:
        if self.pool is None or len(blocks) == 1:
            return blocks[0] @ right
        return np.concatenate(list(self.pool.map(lambda block: block @ right, blocks)))


def _row_blocks(matrix: scipy.sparse.csr_matrix, parts: int) -> list[scipy.sparse.csr_matrix]:
    """The matrix cut into `parts` blocks of consecutive rows with about equal numbers of non-zeros."""
    if parts <= 1:
        return [matrix]
    cuts = np.searchsorted(matrix.indptr, np.linspace(0, matrix.nnz, parts + 1)[1:-1])
    bounds = [0, *sorted({int(c) for c in cuts if 0 < c < matrix.shape[0]}), matrix.shape[0]]
    return [matrix[start:stop] for start, stop in zip(bounds, bounds[1:], strict=False)]


def fit(
    sparse: scipy.sparse.spmatrix,
    dense: np.ndarray,
    labels: Sequence[str],
    C: float,
    max_iter: int = 100,
    tol: float = 1e-4,
) -> LogisticRegression:
    """The fitted LogisticRegression(C=C, max_iter=max_iter, tol=tol) of [sparse | dense] and labels. Three classes or
    more: with two, LogisticRegression fits a binomial model, which is what it is given then."""
    classes = np.unique(labels)
    if len(classes) < 3:
        stacked = scipy.sparse.hstack([sparse, scipy.sparse.csr_matrix(dense)]).tocsr()
        return LogisticRegression(C=C, max_iter=max_iter, tol=tol, random_state=42).fit(stacked, labels)
    with SideBySide(sparse, dense, threads=os.cpu_count() or 1) as X:
        return _fit_multinomial(X, labels, classes, C, max_iter, tol)


def _fit_multinomial(
    X: SideBySide, labels: Sequence[str], classes: np.ndarray, C: float, max_iter: int, tol: float
) -> LogisticRegression:
    y = LabelEncoder().fit(classes).transform(labels).astype(np.float64)
    loss = LinearModelLoss(base_loss=HalfMultinomialLoss(n_classes=len(classes)), fit_intercept=True)
    start = np.zeros((len(classes), X.shape[1] + 1), order="F").ravel(order="F")
    result = lbfgs(loss.loss_gradient, start, (X, y, np.ones(X.shape[0]), 1.0 / C, 1), gtol=tol, max_iter=max_iter)
    weights = result.x.reshape((len(classes), -1), order="F")
    model = LogisticRegression(C=C, max_iter=max_iter, tol=tol, random_state=42)
    model.classes_, model.n_features_in_ = classes, X.shape[1]
    model.coef_, model.intercept_ = np.ascontiguousarray(weights[:, :-1]), weights[:, -1].copy()
    model.n_iter_ = np.array([_check_optimize_result("lbfgs", result, max_iter)], dtype=np.int32)  # warns as LR does
    return model


# scipy.optimize.minimize(method="L-BFGS-B") with these options, driven here over scipy's own Fortran routine. Why:
# SciPy 1.10 (the newest Rasa 3.6 accepts, < 1.11) turns the absent bounds into a Python list of (None, None) per
# variable, converts that list to arrays and walks it again in a Python loop to code each bound, before the first
# step: for the intent model's million weights and the risk model's quarter million that was about 3.5 s of each
# training (timed beside scipy.optimize.minimize on the project's two fits, issue 23). SciPy 1.12 builds those arrays
# directly (scipy/scipy#19402). Unbounded, they are zeros here. Everything else is scipy's loop as it stands, so the
# same steps give the same weights to the last bit;
# tests/nlu/test_block_logistic.py holds the two equal.
LBFGSB_WRITTEN_FOR = "1.10.1"
MAXCOR, FTOL, MAXLS, MAXFUN = 10, 2.2204460492503131e-09, 20, 15000  # minimize's defaults for L-BFGS-B


def lbfgs(
    loss_gradient: Callable[..., tuple[float, np.ndarray]],
    start: np.ndarray,
    args: tuple,
    gtol: float,
    max_iter: int,
) -> scipy.optimize.OptimizeResult:
    """scipy.optimize.minimize(loss_gradient, start, args, method="L-BFGS-B", jac=True, options={"gtol": gtol,
    "maxiter": max_iter}) without bounds: the same result, without the cost of bounds per variable."""
    if scipy.__version__ != LBFGSB_WRITTEN_FOR:
        raise RuntimeError(
            f"nlu/block_logistic.lbfgs was written for SciPy {LBFGSB_WRITTEN_FOR}, not {scipy.__version__}: compare "
            "it with scipy.optimize._lbfgsb_py._minimize_lbfgsb, then update it or call scipy.optimize.minimize"
        )
    n = start.size
    integer = _lbfgsb.types.intvar.dtype
    nbd, lower, upper = np.zeros(n, integer), np.zeros(n), np.zeros(n)  # 0: unbounded
    x = np.array(start, np.float64)
    f, g = np.array(0.0), np.zeros(n)
    wa = np.zeros(2 * MAXCOR * n + 5 * n + 11 * MAXCOR * MAXCOR + 8 * MAXCOR)
    iwa = np.zeros(3 * n, integer)
    task, csave = np.zeros(1, "S60"), np.zeros(1, "S60")
    lsave, isave, dsave = np.zeros(4, integer), np.zeros(44, integer), np.zeros(29)
    task[:] = "START"
    iterations = evaluations = 0
    while True:
        _lbfgsb.setulb(MAXCOR, x, lower, upper, nbd, f, g, FTOL / np.finfo(float).eps, gtol, wa, iwa, task, -1,
                       csave, lsave, isave, dsave, MAXLS)  # fmt: skip
        state = task.tobytes()
        if state.startswith(b"FG"):
            evaluations += 1
            value, gradient = loss_gradient(np.copy(x), *args)
            f, g = float(value), np.atleast_1d(gradient)
        elif state.startswith(b"NEW_X"):
            iterations += 1
            if iterations >= max_iter:
                task[:] = "STOP: TOTAL NO. of ITERATIONS REACHED LIMIT"
            elif evaluations > MAXFUN:
                task[:] = "STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT"
        else:
            break
    message = task.tobytes().strip(b"\x00").strip().decode()
    status = 0 if message.startswith("CONV") else 1 if evaluations > MAXFUN or iterations >= max_iter else 2
    return scipy.optimize.OptimizeResult(
        fun=f, jac=g, x=x, nit=iterations, nfev=evaluations, status=status, message=message, success=status == 0
    )


# The weights of each fitted model, features by classes and contiguous, made once (see predict_proba).
_WEIGHTS: weakref.WeakKeyDictionary[LogisticRegression, np.ndarray] = weakref.WeakKeyDictionary()


def predict_proba(model: LogisticRegression, blocks: Sequence[np.ndarray | scipy.sparse.spmatrix]) -> np.ndarray:
    """model.predict_proba of the blocks' columns side by side, without stacking them into one matrix.

    At prediction the rows are one message (or its few clauses): scikit-learn's own path then costs more in stacking
    the blocks into a CSR matrix and in multiplying it by coef_.T, a transposed, non-contiguous view of the weights,
    than in anything else the model does (py-spy, issue 23). Here each block is multiplied by its rows of the weights,
    made contiguous once, and scipy's softmax turns the scores into probabilities, as LogisticRegression does for a
    multinomial model (three classes or more; with two it is binomial, and scikit-learn's own path is taken).
    """
    if len(model.classes_) < 3:
        return model.predict_proba(scipy.sparse.hstack([scipy.sparse.csr_matrix(b) for b in blocks]).tocsr())
    weights = _WEIGHTS.get(model)
    if weights is None:
        weights = _WEIGHTS[model] = np.ascontiguousarray(model.coef_.T)
    widths = [block.shape[1] for block in blocks]
    if sum(widths) != weights.shape[0]:
        raise ValueError(f"the blocks have {sum(widths)} columns, the model {weights.shape[0]}")
    scores = np.tile(model.intercept_, (blocks[0].shape[0], 1))
    start = 0
    for block, width in zip(blocks, widths, strict=True):
        scores += np.asarray(block @ weights[start : start + width])
        start += width
    return scipy.special.softmax(scores, axis=1)
