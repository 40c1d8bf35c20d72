"""TF-IDF features of a few texts at a time, equal to TfidfVectorizer.transform's, without its cost per call.

Why by hand: scikit-learn 1.1.3 is the newest that Rasa 3.6 accepts (< 1.2). Its TfidfTransformer.transform checks
that it is fitted by reading the property `idf_`, which sums the whole vocabulary-wide diagonal matrix on every call,
and then weights the counts by multiplying with that matrix, which makes scipy allocate work arrays as wide as the
vocabulary. For one message against vocabularies of tens of thousands of n-grams that is most of the work: under 20
concurrent conversations, a profile put a fifth of the Rasa server's time inside TfidfVectorizer.transform (issue 23,
ninth session). Here the counts come from scikit-learn's own CountVectorizer.transform, and the same three steps
follow, over the message's own n-grams only: sublinear tf, the idf weights (read once per fitted vectoriser) and the
norm. tests/nlu/test_tfidf.py holds the result equal to scikit-learn's.

For a message (a few texts), even CountVectorizer.transform is mostly fixed cost: building and checking a sparse matrix,
sorting its indices, then a copy to floats and sklearn's normalize with its own checks, about 7 % of a Rasa server's
time under 20 concurrent conversations (py-spy, eleventh session) where analysing the text was 0.3 %. So for a few
texts the counts are read with the vectoriser's own analyser and vocabulary, weighted and normalised in NumPy, and the
matrix is built once. A batch (a training set) takes scikit-learn's path.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
import scipy.sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
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


# Up to this many texts at once (a message and its clauses) take the path for a few.
FEW = 32
# Each fitted vectoriser's analyser (scikit-learn builds a new one on every transform), beside its vocabulary.
_analysers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def analyser(vectoriser: TfidfVectorizer) -> Callable[[str], list[str]]:
    vocabulary = vectoriser.vocabulary_
    with _lock:
        kept = _analysers.get(vectoriser)
        if kept is None or kept[0] is not vocabulary:
            kept = _analysers[vectoriser] = (vocabulary, vectoriser.build_analyzer())
    return kept[1]


def transform(vectoriser: TfidfVectorizer, texts: Sequence[str]) -> scipy.sparse.csr_matrix:
    """vectoriser.transform(texts), the same float64 CSR matrix."""
    if len(texts) > FEW or vectoriser.norm not in ("l2", None):
        return _transform_batch(vectoriser, texts)
    vocabulary, analyse = vectoriser.vocabulary_, analyser(vectoriser)
    indptr, columns, counts = [0], [], []
    for text in texts:
        row = Counter(vocabulary[gram] for gram in analyse(text) if gram in vocabulary)
        ordered = sorted(row)
        columns += ordered
        counts += [row[column] for column in ordered]
        indptr.append(len(columns))
    data, indices = np.asarray(counts, dtype=np.float64), np.asarray(columns, dtype=np.int32)
    if vectoriser.sublinear_tf:
        np.log(data, out=data)
        data += 1
    if vectoriser.use_idf:
        data *= idf(vectoriser)[indices]
    if vectoriser.norm:
        for start, end in zip(indptr[:-1], indptr[1:], strict=True):
            length = np.sqrt(np.dot(data[start:end], data[start:end]))
            if length > 0:
                data[start:end] /= length
    return scipy.sparse.csr_matrix(
        (data, indices, np.asarray(indptr, dtype=np.int32)), shape=(len(texts), len(vocabulary))
    )


def fit_transform(vectoriser: TfidfVectorizer, texts: Sequence[str]) -> scipy.sparse.csr_matrix:
    """vectoriser.fit(texts), returning the matrix `transform` then gives the texts, to the last bit, without counting
    their n-grams a second time (counting twice was about 2 s of each training, issue 23). The fit is TfidfVectorizer's
    own in scikit-learn 1.1.3: the counts with the vocabulary they teach, then the idf fitted on them. Its own
    fit_transform is not used: it normalises each row with its columns unsorted, so the sums of squares come out in
    another order and half the values differ in their last bit from what this module's `transform` gives a batch, the
    matrix the models were trained on before."""
    counts = CountVectorizer.fit_transform(vectoriser, texts)
    counts.sort_indices()
    vectoriser._tfidf = TfidfTransformer(  # noqa: SLF001 (what TfidfVectorizer.fit sets)
        norm=vectoriser.norm,
        use_idf=vectoriser.use_idf,
        smooth_idf=vectoriser.smooth_idf,
        sublinear_tf=vectoriser.sublinear_tf,
    ).fit(counts)
    return _weigh(vectoriser, counts.astype(np.float64, copy=False))  # float64 already: TfidfVectorizer's dtype


def _transform_batch(vectoriser: TfidfVectorizer, texts: Sequence[str]) -> scipy.sparse.csr_matrix:
    return _weigh(vectoriser, CountVectorizer.transform(vectoriser, texts).astype(np.float64))


def _weigh(vectoriser: TfidfVectorizer, matrix: scipy.sparse.csr_matrix) -> scipy.sparse.csr_matrix:
    """Counts (float64, each row's columns sorted) to the vectoriser's tf-idf, in place."""
    if vectoriser.sublinear_tf:
        np.log(matrix.data, out=matrix.data)
        matrix.data += 1
    if vectoriser.use_idf:
        matrix.data *= idf(vectoriser)[matrix.indices]
    if vectoriser.norm:
        matrix = normalize(matrix, norm=vectoriser.norm, copy=False)
    return matrix
