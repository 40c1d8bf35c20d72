"""TF-IDF features of a few texts at a time, equal to TfidfVectorizer.transform's, without its cost per call.

Why by hand: scikit-learn 1.1.3 is the newest that Rasa 3.6 accepts (< 1.2). Its TfidfTransformer.transform checks
that it is fitted by reading the property `idf_`, which sums the whole vocabulary-wide diagonal matrix on every call,
and then weights the counts by multiplying with that matrix, which makes scipy allocate work arrays as wide as the
vocabulary. For one message against vocabularies of tens of thousands of n-grams that is most of the work: under 20
concurrent conversations, a profile put a fifth of the Rasa server's time inside TfidfVectorizer.transform (issue 23,
ninth session). Here the counts come from scikit-learn's own CountVectorizer.transform, and the same three steps
follow, over the message's own n-grams only: sublinear tf, the idf weights (read once per fitted vectoriser) and the
norm. tests/nlu/test_tfidf.py holds the result equal to scikit-learn's.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence

import numpy as np
import scipy.sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

# Each fitted vectoriser's idf weights, beside the matrix they were read from (a refit replaces that matrix).
_weights: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def idf(vectoriser: TfidfVectorizer) -> np.ndarray:
    diagonal = vectoriser._tfidf._idf_diag  # noqa: SLF001 (what the idf_ property itself reads)
    with _lock:
        kept = _weights.get(vectoriser)
        if kept is None or kept[0] is not diagonal:
            kept = _weights[vectoriser] = (diagonal, np.ravel(diagonal.sum(axis=0)))
    return kept[1]


def transform(vectoriser: TfidfVectorizer, texts: Sequence[str]) -> scipy.sparse.csr_matrix:
    """vectoriser.transform(texts), the same float64 CSR matrix."""
    matrix = CountVectorizer.transform(vectoriser, texts).astype(np.float64)
    if vectoriser.sublinear_tf:
        np.log(matrix.data, out=matrix.data)
        matrix.data += 1
    if vectoriser.use_idf:
        matrix.data *= idf(vectoriser)[matrix.indices]
    if vectoriser.norm:
        matrix = normalize(matrix, norm=vectoriser.norm, copy=False)
    return matrix
